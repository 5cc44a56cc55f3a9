// SPDX-License-Identifier: GPL-2.0
/* DMA mapping of caller memory at a chosen IOVA, for both VFIO paths. */
#include <errno.h>
#include <linux/iommufd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "vfio_priv.h"

static int remember(struct udrv_vfio_dev *dev, uint64_t iova, uint64_t len)
{
	if (dev->ndma == dev->dma_cap) {
		size_t cap = dev->dma_cap ? 2 * dev->dma_cap : 8;
		struct udrv_dma_map *m = realloc(dev->dma, cap * sizeof(*m));

		if (!m)
			return -ENOMEM;
		dev->dma = m;
		dev->dma_cap = cap;
	}
	dev->dma[dev->ndma].iova = iova;
	dev->dma[dev->ndma].len = len;
	dev->ndma++;
	return 0;
}

static int raw_unmap(struct udrv_vfio_dev *dev, uint64_t iova, uint64_t len)
{
	if (dev->mode == UDRV_VFIO_CDEV) {
		struct iommu_ioas_unmap u = { .size = sizeof(u), .ioas_id = dev->ioas_id,
					      .iova = iova, .length = len };

		return ioctl(dev->iommufd, IOMMU_IOAS_UNMAP, &u) < 0 ? -errno : 0;
	} else {
		struct vfio_iommu_type1_dma_unmap u = { .argsz = sizeof(u), .iova = iova, .size = len };

		return ioctl(dev->container_fd, VFIO_IOMMU_UNMAP_DMA, &u) < 0 ? -errno : 0;
	}
}

int udrv_vfio_dma_map(struct udrv_vfio_dev *dev, void *vaddr, uint64_t iova, size_t len,
		      struct udrv_err *e)
{
	long page = sysconf(_SC_PAGESIZE);
	int ret;

	if (!len || ((uintptr_t)vaddr | iova | len) & (page - 1))
		return udrv_fail(e, EINVAL, "DMA map needs page-aligned, non-empty vaddr, IOVA and length (got %p, %#llx, %#zx)",
				 vaddr, (unsigned long long)iova, len);
	if (dev->mode == UDRV_VFIO_CDEV) {
		struct iommu_ioas_map m = {
			.size = sizeof(m),
			.flags = IOMMU_IOAS_MAP_FIXED_IOVA | IOMMU_IOAS_MAP_READABLE |
				 IOMMU_IOAS_MAP_WRITEABLE,
			.ioas_id = dev->ioas_id,
			.user_va = (uintptr_t)vaddr,
			.length = len,
			.iova = iova,
		};

		ret = ioctl(dev->iommufd, IOMMU_IOAS_MAP, &m) < 0 ? -errno : 0;
	} else {
		struct vfio_iommu_type1_dma_map m = {
			.argsz = sizeof(m),
			.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
			.vaddr = (uintptr_t)vaddr,
			.iova = iova,
			.size = len,
		};

		ret = ioctl(dev->container_fd, VFIO_IOMMU_MAP_DMA, &m) < 0 ? -errno : 0;
	}
	if (ret)
		return udrv_fail(e, -ret, "DMA map of %#zx bytes at IOVA %#llx for %s: %s%s", len,
				 (unsigned long long)iova, dev->bdf, strerror(-ret),
				 ret == -ENOMEM ? " (locked-memory limit? raise ulimit -l)" :
				 ret == -EEXIST ? " (that IOVA range is already mapped)" : "");
	if (remember(dev, iova, len)) {
		raw_unmap(dev, iova, len);
		return udrv_fail(e, ENOMEM, "out of memory");
	}
	return 0;
}

int udrv_vfio_dma_unmap(struct udrv_vfio_dev *dev, uint64_t iova, size_t len,
			struct udrv_err *e)
{
	size_t i;
	int ret;

	for (i = 0; i < dev->ndma; i++)
		if (dev->dma[i].iova == iova && dev->dma[i].len == len)
			break;
	if (i == dev->ndma)
		return udrv_fail(e, ENOENT, "IOVA %#llx+%#zx was not mapped by this handle of %s",
				 (unsigned long long)iova, len, dev->bdf);
	ret = raw_unmap(dev, iova, len);
	if (ret)
		return udrv_fail(e, -ret, "DMA unmap at IOVA %#llx for %s: %s", (unsigned long long)iova,
				 dev->bdf, strerror(-ret));
	dev->dma[i] = dev->dma[--dev->ndma];
	return 0;
}
