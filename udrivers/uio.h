/* SPDX-License-Identifier: GPL-2.0 */
/*
 * UIO fallback (uio_pci_generic): for INTx-only use without DMA, when there
 * is no IOMMU. Config space through sysfs, BARs through sysfs resourceN
 * mmap, the interrupt through /dev/uioN (read blocks; the handler masks
 * INTx with the command register's Interrupt Disable bit, unmask clears it).
 * There is no DMA isolation here, so udrivers offers no DMA on this path.
 */
#ifndef UDRIVERS_UIO_H
#define UDRIVERS_UIO_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct udrv_uio;

/* The device must be bound to uio_pci_generic (udrv_bind). */
int udrv_uio_open(const char *bdf, struct udrv_uio **out, struct udrv_err *e);
void udrv_uio_close(struct udrv_uio *u);
int udrv_uio_cfg_read(struct udrv_uio *u, unsigned int off, void *buf, size_t len, struct udrv_err *e);
int udrv_uio_cfg_write(struct udrv_uio *u, unsigned int off, const void *buf, size_t len,
		       struct udrv_err *e);
int udrv_uio_map_bar(struct udrv_uio *u, unsigned int bar, void **addr, size_t *len, struct udrv_err *e);
/* The fd to poll; udrv_uio_irq_wait returns the interrupt count, 0 on timeout. */
int udrv_uio_irq_fd(struct udrv_uio *u);
int udrv_uio_irq_unmask(struct udrv_uio *u, struct udrv_err *e);
int64_t udrv_uio_irq_wait(struct udrv_uio *u, int timeout_ms);

#endif
