// SPDX-License-Identifier: GPL-2.0
/* Regions of a VFIO device: info (with sparse mmap), pread/pwrite, BAR mmap. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vfio_priv.h"

int udrv_vfio_region(struct udrv_vfio_dev *dev, unsigned int index,
		     struct udrv_region *r, struct udrv_err *e)
{
	struct vfio_region_info *info;
	size_t argsz = sizeof(*info);

	memset(r, 0, sizeof(*r));
	if (index >= dev->info.num_regions)
		return udrv_fail(e, EINVAL, "%s has no region %u (it has %u)", dev->bdf, index,
				 dev->info.num_regions);
	for (;;) {
		info = calloc(1, argsz);
		if (!info)
			return udrv_fail(e, ENOMEM, "out of memory");
		info->argsz = argsz;
		info->index = index;
		if (ioctl(dev->dev_fd, VFIO_DEVICE_GET_REGION_INFO, info) < 0) {
			int err = errno;

			free(info);
			return udrv_fail(e, err, "VFIO_DEVICE_GET_REGION_INFO(%s, %u): %s", dev->bdf, index,
					 strerror(err));
		}
		if (info->argsz <= argsz)
			break;
		argsz = info->argsz;	/* capabilities did not fit: ask again */
		free(info);
	}
	r->size = info->size;
	r->offset = info->offset;
	r->flags = info->flags;
	if ((info->flags & VFIO_REGION_INFO_FLAG_CAPS) && info->cap_offset) {
		uint32_t off = info->cap_offset;

		while (off && off + sizeof(struct vfio_info_cap_header) <= argsz) {
			struct vfio_info_cap_header *hdr = (void *)((char *)info + off);

			if (hdr->id == VFIO_REGION_INFO_CAP_SPARSE_MMAP) {
				struct vfio_region_info_cap_sparse_mmap *sp = (void *)hdr;

				for (uint32_t i = 0; i < sp->nr_areas && i < UDRV_MAX_SPARSE; i++) {
					r->sparse[i].offset = sp->areas[i].offset;
					r->sparse[i].size = sp->areas[i].size;
				}
				r->nr_sparse = sp->nr_areas < UDRV_MAX_SPARSE ? sp->nr_areas : UDRV_MAX_SPARSE;
			}
			off = hdr->next;
		}
	}
	free(info);
	return 0;
}

static int region_io(struct udrv_vfio_dev *dev, unsigned int index, uint64_t off,
		     void *buf, size_t len, bool write, struct udrv_err *e)
{
	struct udrv_region r;
	ssize_t n;
	int ret = udrv_vfio_region(dev, index, &r, e);

	if (ret)
		return ret;
	if (!(r.flags & (write ? VFIO_REGION_INFO_FLAG_WRITE : VFIO_REGION_INFO_FLAG_READ)))
		return udrv_fail(e, EACCES, "region %u of %s is not %s", index, dev->bdf,
				 write ? "writable" : "readable");
	if (off > r.size || len > r.size - off)
		return udrv_fail(e, EINVAL, "access %#llx+%zu is outside region %u of %s (size %#llx)",
				 (unsigned long long)off, len, index, dev->bdf, (unsigned long long)r.size);
	n = write ? pwrite(dev->dev_fd, buf, len, r.offset + off)
		  : pread(dev->dev_fd, buf, len, r.offset + off);
	if (n < 0)
		return udrv_fail(e, errno, "%s region %u at %#llx of %s: %s", write ? "writing" : "reading",
				 index, (unsigned long long)off, dev->bdf, strerror(errno));
	if ((size_t)n != len)
		return udrv_fail(e, EIO, "short %s on region %u of %s", write ? "write" : "read", index, dev->bdf);
	return 0;
}

int udrv_vfio_read(struct udrv_vfio_dev *dev, unsigned int index, uint64_t off,
		   void *buf, size_t len, struct udrv_err *e)
{
	return region_io(dev, index, off, buf, len, false, e);
}

int udrv_vfio_write(struct udrv_vfio_dev *dev, unsigned int index, uint64_t off,
		    const void *buf, size_t len, struct udrv_err *e)
{
	return region_io(dev, index, off, (void *)buf, len, true, e);
}

int udrv_vfio_cfg_read(struct udrv_vfio_dev *dev, unsigned int off, void *buf, size_t len,
		       struct udrv_err *e)
{
	return region_io(dev, VFIO_PCI_CONFIG_REGION_INDEX, off, buf, len, false, e);
}

int udrv_vfio_cfg_write(struct udrv_vfio_dev *dev, unsigned int off, const void *buf,
			size_t len, struct udrv_err *e)
{
	return region_io(dev, VFIO_PCI_CONFIG_REGION_INDEX, off, (void *)buf, len, true, e);
}

int udrv_vfio_map_bar(struct udrv_vfio_dev *dev, unsigned int bar, void **addr,
		      size_t *len, struct udrv_err *e)
{
	struct udrv_region r;
	char *base;
	int ret;

	if (bar > 5)
		return udrv_fail(e, EINVAL, "BAR %u does not exist (0..5)", bar);
	if (dev->bar_addr[bar]) {
		*addr = dev->bar_addr[bar];
		*len = dev->bar_len[bar];
		return 0;
	}
	ret = udrv_vfio_region(dev, VFIO_PCI_BAR0_REGION_INDEX + bar, &r, e);
	if (ret)
		return ret;
	if (!r.size)
		return udrv_fail(e, ENODEV, "BAR %u of %s is not implemented", bar, dev->bdf);
	if (!(r.flags & VFIO_REGION_INFO_FLAG_MMAP))
		return udrv_fail(e, ENOTSUP, "BAR %u of %s cannot be mmapped (an I/O BAR?): use udrv_vfio_read/write",
				 bar, dev->bdf);
	/* Reserve the whole BAR, then map the mmappable parts into it. */
	base = mmap(NULL, r.size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		return udrv_fail(e, errno, "cannot reserve %#llx bytes for BAR %u: %s",
				 (unsigned long long)r.size, bar, strerror(errno));
	if (!r.nr_sparse) {
		r.nr_sparse = 1;
		r.sparse[0].offset = 0;
		r.sparse[0].size = r.size;
	}
	for (unsigned int i = 0; i < r.nr_sparse; i++) {
		if (!r.sparse[i].size)
			continue;
		if (mmap(base + r.sparse[i].offset, r.sparse[i].size, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_FIXED, dev->dev_fd, r.offset + r.sparse[i].offset) == MAP_FAILED) {
			int err = errno;

			munmap(base, r.size);
			return udrv_fail(e, err, "mmap of BAR %u of %s (area %u): %s", bar, dev->bdf, i,
					 strerror(err));
		}
	}
	dev->bar_addr[bar] = base;
	dev->bar_len[bar] = r.size;
	*addr = base;
	*len = r.size;
	return 0;
}

bool udrv_region_mmappable(const struct udrv_region *r, uint64_t off, uint64_t len)
{
	if (!(r->flags & VFIO_REGION_INFO_FLAG_MMAP) || off > r->size || len > r->size - off)
		return false;
	if (!r->nr_sparse)
		return true;
	for (unsigned int i = 0; i < r->nr_sparse; i++)
		if (off >= r->sparse[i].offset && off + len <= r->sparse[i].offset + r->sparse[i].size)
			return true;
	return false;
}

int udrv_vfio_map_bar_at(struct udrv_vfio_dev *dev, unsigned int bar, uint64_t off, size_t len,
			 void *at, struct udrv_err *e)
{
	struct udrv_region r;
	int ret;

	if (bar > 5)
		return udrv_fail(e, EINVAL, "BAR %u does not exist (0..5)", bar);
	ret = udrv_vfio_region(dev, VFIO_PCI_BAR0_REGION_INDEX + bar, &r, e);
	if (ret)
		return ret;
	if (!udrv_region_mmappable(&r, off, len))
		return udrv_fail(e, EINVAL, "BAR %u of %s: %#llx+%#zx is not all mmappable", bar, dev->bdf,
				 (unsigned long long)off, len);
	if (mmap(at, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, dev->dev_fd,
		 r.offset + off) == MAP_FAILED)
		return udrv_fail(e, errno, "mmap of BAR %u of %s at %p: %s", bar, dev->bdf, at,
				 strerror(errno));
	return 0;
}
