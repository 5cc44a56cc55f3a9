// SPDX-License-Identifier: GPL-2.0
/* Interrupts of a VFIO device as eventfds: INTx (with unmask), MSI, MSI-X. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "vfio_priv.h"

static const char *irq_name(unsigned int index)
{
	switch (index) {
	case VFIO_PCI_INTX_IRQ_INDEX: return "INTx";
	case VFIO_PCI_MSI_IRQ_INDEX: return "MSI";
	case VFIO_PCI_MSIX_IRQ_INDEX: return "MSI-X";
	default: return "IRQ";
	}
}

int udrv_vfio_irq_count(struct udrv_vfio_dev *dev, unsigned int index, unsigned int *count,
			struct udrv_err *e)
{
	struct vfio_irq_info info = { .argsz = sizeof(info), .index = index };

	*count = 0;
	if (index >= dev->info.num_irqs)
		return udrv_fail(e, EINVAL, "%s has no IRQ index %u", dev->bdf, index);
	if (ioctl(dev->dev_fd, VFIO_DEVICE_GET_IRQ_INFO, &info) < 0)
		return udrv_fail(e, errno, "VFIO_DEVICE_GET_IRQ_INFO(%s, %s): %s", dev->bdf,
				 irq_name(index), strerror(errno));
	*count = info.count;
	return 0;
}

static int set_irqs(struct udrv_vfio_dev *dev, uint32_t flags, unsigned int index,
		    unsigned int count, const int *fds)
{
	size_t sz = sizeof(struct vfio_irq_set) + count * sizeof(int32_t);
	struct vfio_irq_set *set = calloc(1, sz);
	int ret;

	if (!set)
		return -ENOMEM;
	set->argsz = sz;
	set->flags = flags;
	set->index = index;
	set->start = 0;
	set->count = count;
	if (fds)
		memcpy(set->data, fds, count * sizeof(int32_t));
	ret = ioctl(dev->dev_fd, VFIO_DEVICE_SET_IRQS, set) < 0 ? -errno : 0;
	free(set);
	return ret;
}

int udrv_vfio_irq_disable(struct udrv_vfio_dev *dev, struct udrv_err *e)
{
	int ret = 0;

	if (dev->irq_index >= 0) {
		ret = set_irqs(dev, VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER,
			       dev->irq_index, 0, NULL);
		if (ret)
			udrv_fail(e, -ret, "disabling %s of %s: %s", irq_name(dev->irq_index), dev->bdf,
				  strerror(-ret));
	}
	for (unsigned int i = 0; i < dev->nirq_fds; i++)
		close(dev->irq_fds[i]);
	dev->nirq_fds = 0;
	dev->irq_index = -1;
	return ret;
}

/* A valid kind and vector count (at most max), and the previous kind off. */
static int prepare(struct udrv_vfio_dev *dev, unsigned int index, unsigned int count,
		   unsigned int max, struct udrv_err *e)
{
	unsigned int avail;
	int ret;

	if (index > VFIO_PCI_MSIX_IRQ_INDEX)
		return udrv_fail(e, EINVAL, "IRQ index %u is not INTx, MSI or MSI-X", index);
	ret = udrv_vfio_irq_count(dev, index, &avail, e);
	if (ret)
		return ret;
	if (!count || count > avail || count > max)
		return udrv_fail(e, EINVAL, "%s of %s offers %u vector(s); %u asked", irq_name(index),
				 dev->bdf, avail, count);
	return udrv_vfio_irq_disable(dev, e);
}

int udrv_vfio_irq_enable(struct udrv_vfio_dev *dev, unsigned int index, unsigned int count,
			 int *efds, struct udrv_err *e)
{
	int ret = prepare(dev, index, count, UDRV_MAX_IRQ_FDS, e);

	if (ret)
		return ret;
	for (unsigned int i = 0; i < count; i++) {
		int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);

		if (fd < 0) {
			ret = udrv_fail(e, errno, "eventfd: %s", strerror(errno));
			udrv_vfio_irq_disable(dev, NULL);
			return ret;
		}
		dev->irq_fds[dev->nirq_fds++] = fd;
	}
	ret = set_irqs(dev, VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER, index, count,
		       dev->irq_fds);
	if (ret) {
		udrv_vfio_irq_disable(dev, NULL);
		return udrv_fail(e, -ret, "enabling %u %s vector(s) of %s: %s", count, irq_name(index),
				 dev->bdf, strerror(-ret));
	}
	dev->irq_index = index;
	memcpy(efds, dev->irq_fds, count * sizeof(int));
	return 0;
}

int udrv_vfio_irq_route(struct udrv_vfio_dev *dev, unsigned int index, unsigned int count,
			const int *efds, struct udrv_err *e)
{
	int ret = prepare(dev, index, count, ~0u, e);

	if (ret)
		return ret;
	ret = set_irqs(dev, VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER, index, count,
		       efds);
	if (ret)
		return udrv_fail(e, -ret, "enabling %u %s vector(s) of %s: %s", count, irq_name(index),
				 dev->bdf, strerror(-ret));
	dev->irq_index = index;
	return 0;
}

int udrv_vfio_intx_unmask(struct udrv_vfio_dev *dev, struct udrv_err *e)
{
	int ret;

	if (dev->irq_index != VFIO_PCI_INTX_IRQ_INDEX)
		return udrv_fail(e, EINVAL, "INTx of %s is not enabled", dev->bdf);
	ret = set_irqs(dev, VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_UNMASK,
		       VFIO_PCI_INTX_IRQ_INDEX, 1, NULL);
	return ret ? udrv_fail(e, -ret, "unmasking INTx of %s: %s", dev->bdf, strerror(-ret)) : 0;
}

int64_t udrv_eventfd_wait(int efd, int timeout_ms)
{
	struct pollfd p = { .fd = efd, .events = POLLIN };
	uint64_t v;

	if (poll(&p, 1, timeout_ms) <= 0)
		return 0;
	if (read(efd, &v, sizeof(v)) != sizeof(v))
		return 0;
	return (int64_t)v;
}

int udrv_vfio_reset(struct udrv_vfio_dev *dev, struct udrv_err *e)
{
	if (!(dev->info.flags & VFIO_DEVICE_FLAGS_RESET))
		return udrv_fail(e, ENOTSUP, "%s offers no reset (no FLR, PM or bus reset)", dev->bdf);
	if (ioctl(dev->dev_fd, VFIO_DEVICE_RESET) < 0)
		return udrv_fail(e, errno, "VFIO_DEVICE_RESET(%s): %s", dev->bdf, strerror(errno));
	return 0;
}
