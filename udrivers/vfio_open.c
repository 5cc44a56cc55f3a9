// SPDX-License-Identifier: GPL-2.0
/*
 * Opening and closing a VFIO device, by the iommufd cdev or by the
 * container/group API. Every failure path closes what it opened, so a
 * failed open leaves nothing behind.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/iommufd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sysfs.h"
#include "vfio_priv.h"

const char *udrv_vfio_mode_name(enum udrv_vfio_mode mode)
{
	switch (mode) {
	case UDRV_VFIO_GROUP: return "container/group";
	case UDRV_VFIO_CDEV: return "iommufd cdev";
	default: return "auto";
	}
}

enum udrv_vfio_mode udrv_vfio_mode_of(const struct udrv_vfio_dev *dev)
{
	return dev->mode;
}

int udrv_vfio_device_fd(const struct udrv_vfio_dev *dev)
{
	return dev->dev_fd;
}

unsigned int udrv_vfio_num_regions(const struct udrv_vfio_dev *dev)
{
	return dev->info.num_regions;
}

unsigned int udrv_vfio_num_irqs(const struct udrv_vfio_dev *dev)
{
	return dev->info.num_irqs;
}

bool udrv_vfio_can_reset(const struct udrv_vfio_dev *dev)
{
	return dev->info.flags & VFIO_DEVICE_FLAGS_RESET;
}

static int open_node(const char *path, const char *bdf, struct udrv_err *e)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd >= 0)
		return fd;
	switch (errno) {
	case EACCES:
	case EPERM:
		return udrv_fail(e, errno, "permission denied opening %s for %s: run as root, or give your user that node (chown USER %s)",
				 path, bdf, path);
	case EBUSY:
		return udrv_fail(e, EBUSY, "%s (%s) is already open by another process: stop that user first",
				 path, bdf);
	case ENOENT:
	case ENODEV:
		return udrv_fail(e, errno, "%s is missing: VFIO is not available for %s; load vfio-pci (modprobe vfio-pci)",
				 path, bdf);
	default:
		return udrv_fail(e, errno, "cannot open %s for %s: %s", path, bdf, strerror(errno));
	}
}

/* /dev/vfio/devices/vfioN of the device, if the kernel offers the cdev. */
static bool find_cdev(const char *bdf, char *node, size_t len)
{
	char path[PATH_MAX];
	struct dirent *d;
	bool found = false;
	DIR *dir;

	udrv_pci_path(path, sizeof(path), bdf, "vfio-dev");
	dir = opendir(path);
	if (!dir)
		return false;
	while ((d = readdir(dir)))
		if (!strncmp(d->d_name, "vfio", 4)) {
			snprintf(node, len, "/dev/vfio/devices/%s", d->d_name);
			found = true;
		}
	closedir(dir);
	return found;
}

static int open_group_path(struct udrv_vfio_dev *dev, int group, struct udrv_err *e)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };
	char path[64];
	int ret;

	dev->container_fd = open_node("/dev/vfio/vfio", dev->bdf, e);
	if (dev->container_fd < 0)
		return dev->container_fd;
	if (ioctl(dev->container_fd, VFIO_GET_API_VERSION) != VFIO_API_VERSION)
		return udrv_fail(e, EINVAL, "the kernel's VFIO API version is not %d", VFIO_API_VERSION);
	if (ioctl(dev->container_fd, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU) <= 0)
		return udrv_fail(e, ENOTSUP, "VFIO has no type1v2 IOMMU backend: load vfio_iommu_type1 (modprobe vfio_iommu_type1)");
	snprintf(path, sizeof(path), "/dev/vfio/%d", group);
	dev->group_fd = open_node(path, dev->bdf, e);
	if (dev->group_fd < 0)
		return dev->group_fd;
	if (ioctl(dev->group_fd, VFIO_GROUP_GET_STATUS, &status) < 0)
		return udrv_fail(e, errno, "VFIO_GROUP_GET_STATUS on %s: %s", path, strerror(errno));
	if (!(status.flags & VFIO_GROUP_FLAGS_VIABLE)) {
		char blockers[200];

		udrv_group_blockers(group, dev->bdf, blockers, sizeof(blockers));
		return udrv_fail(e, EPERM, "IOMMU group %d of %s is not viable: it also holds %s; bind those to vfio-pci too (uvmm devices bind BDF)",
				 group, dev->bdf, blockers[0] ? blockers : "devices bound to host drivers");
	}
	if (ioctl(dev->group_fd, VFIO_GROUP_SET_CONTAINER, &dev->container_fd) < 0)
		return udrv_fail(e, errno, "VFIO_GROUP_SET_CONTAINER for group %d: %s", group, strerror(errno));
	if (ioctl(dev->container_fd, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU) < 0)
		return udrv_fail(e, errno, "VFIO_SET_IOMMU(type1v2): %s", strerror(errno));
	ret = ioctl(dev->group_fd, VFIO_GROUP_GET_DEVICE_FD, dev->bdf);
	if (ret < 0)
		return udrv_fail(e, errno, "VFIO_GROUP_GET_DEVICE_FD(%s): %s", dev->bdf, strerror(errno));
	dev->dev_fd = ret;
	return 0;
}

static int open_cdev_path(struct udrv_vfio_dev *dev, const char *node, int group,
			  struct udrv_err *e)
{
	struct vfio_device_bind_iommufd bind = { .argsz = sizeof(bind) };
	struct vfio_device_attach_iommufd_pt attach = { .argsz = sizeof(attach) };
	struct iommu_ioas_alloc alloc = { .size = sizeof(alloc) };

	dev->dev_fd = open_node(node, dev->bdf, e);
	if (dev->dev_fd < 0)
		return dev->dev_fd;
	dev->iommufd = open_node("/dev/iommu", dev->bdf, e);
	if (dev->iommufd < 0)
		return dev->iommufd;
	bind.iommufd = dev->iommufd;
	if (ioctl(dev->dev_fd, VFIO_DEVICE_BIND_IOMMUFD, &bind) < 0) {
		int err = errno;
		char blockers[200];

		/* The cdev opens even in a non-viable group; binding is where
		 * the kernel claims DMA ownership of the group and refuses. */
		if (group >= 0 && udrv_group_blockers(group, dev->bdf, blockers, sizeof(blockers)))
			return udrv_fail(e, err, "IOMMU group %d of %s is not viable: it also holds %s; bind those to vfio-pci too (uvmm devices bind BDF)",
					 group, dev->bdf, blockers);
		return udrv_fail(e, err, "VFIO_DEVICE_BIND_IOMMUFD(%s): %s%s", dev->bdf, strerror(err),
				 err == EBUSY ? " (the device is in use through its group)" : "");
	}
	if (ioctl(dev->iommufd, IOMMU_IOAS_ALLOC, &alloc) < 0)
		return udrv_fail(e, errno, "IOMMU_IOAS_ALLOC: %s", strerror(errno));
	dev->ioas_id = alloc.out_ioas_id;
	attach.pt_id = dev->ioas_id;
	if (ioctl(dev->dev_fd, VFIO_DEVICE_ATTACH_IOMMUFD_PT, &attach) < 0)
		return udrv_fail(e, errno, "VFIO_DEVICE_ATTACH_IOMMUFD_PT(%s): %s", dev->bdf, strerror(errno));
	return 0;
}

int udrv_vfio_open(const char *bdf_in, enum udrv_vfio_mode mode,
		   struct udrv_vfio_dev **out, struct udrv_err *e)
{
	struct udrv_pci_info info;
	struct udrv_vfio_dev *dev;
	char node[128];
	bool have_cdev;
	struct stat st;
	int ret;

	*out = NULL;
	ret = udrv_pci_get(bdf_in, &info, e);
	if (ret)
		return ret;
	if (info.iommu_group < 0)
		return udrv_fail(e, ENODEV, "%s has %s", info.bdf, info.why_not);
	if (strcmp(info.driver, "vfio-pci"))
		return udrv_fail(e, EBUSY, "%s is %s%s, not to vfio-pci: bind it first (uvmm devices bind %s)",
				 info.bdf, info.driver[0] ? "bound to " : "not bound to any driver",
				 info.driver, info.bdf);

	have_cdev = find_cdev(info.bdf, node, sizeof(node)) && stat("/dev/iommu", &st) == 0;
	if (mode == UDRV_VFIO_AUTO)
		mode = have_cdev ? UDRV_VFIO_CDEV : UDRV_VFIO_GROUP;
	if (mode == UDRV_VFIO_CDEV && !have_cdev)
		return udrv_fail(e, ENOTSUP, "no iommufd VFIO cdev for %s: the kernel needs CONFIG_IOMMUFD and CONFIG_VFIO_DEVICE_CDEV (use the container/group path instead)",
				 info.bdf);

	dev = calloc(1, sizeof(*dev));
	if (!dev)
		return udrv_fail(e, ENOMEM, "out of memory");
	snprintf(dev->bdf, sizeof(dev->bdf), "%s", info.bdf);
	dev->mode = mode;
	dev->container_fd = dev->group_fd = dev->iommufd = dev->dev_fd = -1;
	dev->irq_index = -1;

	ret = mode == UDRV_VFIO_CDEV ? open_cdev_path(dev, node, info.iommu_group, e)
				     : open_group_path(dev, info.iommu_group, e);
	if (ret == 0) {
		dev->info.argsz = sizeof(dev->info);
		if (ioctl(dev->dev_fd, VFIO_DEVICE_GET_INFO, &dev->info) < 0)
			ret = udrv_fail(e, errno, "VFIO_DEVICE_GET_INFO(%s): %s", dev->bdf, strerror(errno));
		else if (!(dev->info.flags & VFIO_DEVICE_FLAGS_PCI))
			ret = udrv_fail(e, EINVAL, "%s is not a VFIO PCI device", dev->bdf);
	}
	if (ret) {
		udrv_vfio_close(dev);
		return ret;
	}
	*out = dev;
	return 0;
}

void udrv_vfio_close(struct udrv_vfio_dev *dev)
{
	if (!dev)
		return;
	if (dev->dev_fd >= 0)
		udrv_vfio_irq_disable(dev, NULL);
	for (int i = 0; i < 6; i++)
		if (dev->bar_addr[i])
			munmap(dev->bar_addr[i], dev->bar_len[i]);
	/* Unmap DMA before the fds go, so nothing stays pinned even if a
	 * container is shared some day. */
	while (dev->ndma)
		if (udrv_vfio_dma_unmap(dev, dev->dma[dev->ndma - 1].iova,
					dev->dma[dev->ndma - 1].len, NULL))
			dev->ndma--;
	free(dev->dma);
	if (dev->dev_fd >= 0)
		close(dev->dev_fd);
	if (dev->group_fd >= 0)
		close(dev->group_fd);
	if (dev->container_fd >= 0)
		close(dev->container_fd);
	if (dev->iommufd >= 0)
		close(dev->iommufd);
	free(dev);
}
