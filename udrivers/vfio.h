/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A PCI device opened through VFIO: by the iommufd character device
 * (/dev/vfio/devices/vfioN + /dev/iommu) when the kernel has it, else by
 * the legacy container/group API. Regions, BAR mmap, config space, DMA
 * mapping at caller-chosen IOVAs, interrupts as eventfds, reset.
 * udrv_vfio_close() undoes everything, whatever state the device is in.
 */
#ifndef UDRIVERS_VFIO_H
#define UDRIVERS_VFIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

enum udrv_vfio_mode { UDRV_VFIO_AUTO, UDRV_VFIO_GROUP, UDRV_VFIO_CDEV };

/* Region and IRQ indexes are VFIO's (linux/vfio.h); the ones users need: */
enum { UDRV_REGION_BAR0 = 0, UDRV_REGION_CONFIG = 7 };
enum { UDRV_IRQ_INTX = 0, UDRV_IRQ_MSI = 1, UDRV_IRQ_MSIX = 2 };
#define UDRV_MAX_SPARSE 8
#define UDRV_REGION_MMAP 0x4		/* VFIO_REGION_INFO_FLAG_MMAP: udrv_vfio_map_bar works */

struct udrv_region {
	uint64_t size, offset;		/* offset: of the region in the device fd */
	uint32_t flags;			/* VFIO_REGION_INFO_FLAG_* */
	unsigned int nr_sparse;		/* mmappable areas when not all of it is */
	struct { uint64_t offset, size; } sparse[UDRV_MAX_SPARSE];
};

struct udrv_vfio_dev;

int udrv_vfio_open(const char *bdf, enum udrv_vfio_mode mode,
		   struct udrv_vfio_dev **out, struct udrv_err *e);
void udrv_vfio_close(struct udrv_vfio_dev *dev);
enum udrv_vfio_mode udrv_vfio_mode_of(const struct udrv_vfio_dev *dev);
/* The device fd, whose offsets udrv_region.offset names (to hand on; the
 * device keeps it and closes it). */
int udrv_vfio_device_fd(const struct udrv_vfio_dev *dev);
const char *udrv_vfio_mode_name(enum udrv_vfio_mode mode);
unsigned int udrv_vfio_num_regions(const struct udrv_vfio_dev *dev);
unsigned int udrv_vfio_num_irqs(const struct udrv_vfio_dev *dev);
bool udrv_vfio_can_reset(const struct udrv_vfio_dev *dev);

/* Regions */
int udrv_vfio_region(struct udrv_vfio_dev *dev, unsigned int index,
		     struct udrv_region *r, struct udrv_err *e);
int udrv_vfio_read(struct udrv_vfio_dev *dev, unsigned int index, uint64_t off,
		   void *buf, size_t len, struct udrv_err *e);
int udrv_vfio_write(struct udrv_vfio_dev *dev, unsigned int index, uint64_t off,
		    const void *buf, size_t len, struct udrv_err *e);
int udrv_vfio_cfg_read(struct udrv_vfio_dev *dev, unsigned int off, void *buf, size_t len,
		       struct udrv_err *e);
int udrv_vfio_cfg_write(struct udrv_vfio_dev *dev, unsigned int off, const void *buf,
			size_t len, struct udrv_err *e);
/*
 * Map BAR @bar (0..5) into this process. Sparse regions are mapped area by
 * area inside one reserved range; the holes stay PROT_NONE (use
 * udrv_vfio_read/write there). Unmapped by udrv_vfio_close().
 */
int udrv_vfio_map_bar(struct udrv_vfio_dev *dev, unsigned int bar, void **addr,
		      size_t *len, struct udrv_err *e);

/* Can [off, off + len) of region @r be mmapped (all inside one sparse area, if any)? */
bool udrv_region_mmappable(const struct udrv_region *r, uint64_t off, uint64_t len);
/*
 * Map [off, off + len) of BAR @bar at @at (MAP_FIXED: the caller owns that
 * range), read/write; all of it must be mmappable. Not undone by close.
 */
int udrv_vfio_map_bar_at(struct udrv_vfio_dev *dev, unsigned int bar, uint64_t off, size_t len,
			 void *at, struct udrv_err *e);

/* DMA: make [vaddr, vaddr+len) visible to the device at @iova (page aligned). */
int udrv_vfio_dma_map(struct udrv_vfio_dev *dev, void *vaddr, uint64_t iova, size_t len,
		      struct udrv_err *e);
int udrv_vfio_dma_unmap(struct udrv_vfio_dev *dev, uint64_t iova, size_t len,
			struct udrv_err *e);

/*
 * Interrupts: @index is VFIO_PCI_INTX/MSI/MSIX_IRQ_INDEX; @count vectors
 * (1 for INTx) each signal an eventfd (non-blocking) written to @efds.
 * Enabling one kind disables the previous one. INTx stays masked after
 * each interrupt until udrv_vfio_intx_unmask().
 */
int udrv_vfio_irq_count(struct udrv_vfio_dev *dev, unsigned int index, unsigned int *count,
			struct udrv_err *e);
int udrv_vfio_irq_enable(struct udrv_vfio_dev *dev, unsigned int index, unsigned int count,
			 int *efds, struct udrv_err *e);
/* The same, signalling the caller's eventfds (still the caller's to close). */
int udrv_vfio_irq_route(struct udrv_vfio_dev *dev, unsigned int index, unsigned int count,
			const int *efds, struct udrv_err *e);
int udrv_vfio_irq_disable(struct udrv_vfio_dev *dev, struct udrv_err *e);
int udrv_vfio_intx_unmask(struct udrv_vfio_dev *dev, struct udrv_err *e);
/* Wait up to @timeout_ms for eventfd @efd; returns its count, 0 on timeout. */
int64_t udrv_eventfd_wait(int efd, int timeout_ms);

int udrv_vfio_reset(struct udrv_vfio_dev *dev, struct udrv_err *e);

#endif
