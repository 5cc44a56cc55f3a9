/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Handing a device to a user-level driver and giving it back, through
 * driver_override: bind to vfio-pci (or uio_pci_generic), and unbind, which
 * lets the host's own driver probe it again.
 */
#ifndef UDRIVERS_BIND_H
#define UDRIVERS_BIND_H

#include <stddef.h>
#include <sys/types.h>

#include "err.h"

/*
 * Bind @bdf to @driver ("vfio-pci" or "uio_pci_generic"). Refuses bridges,
 * devices whose network interface is up, and (for vfio-pci) devices without
 * an IOMMU group. On any failure the device is back with its old driver.
 */
int udrv_bind(const char *bdf, const char *driver, struct udrv_err *e);

/*
 * Give @bdf back to the host: unbind it from vfio-pci/uio_pci_generic,
 * clear driver_override and reprobe. Refuses while a process has it open.
 * The driver that took it (or "") is written to @newdrv if not NULL.
 */
int udrv_unbind(const char *bdf, char *newdrv, size_t len, struct udrv_err *e);

/* A process holding a VFIO/UIO node of @bdf open, or 0; its name in @comm. */
pid_t udrv_device_user(const char *bdf, char *comm, size_t len);

#endif
