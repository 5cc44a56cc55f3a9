/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PCI device discovery: what a device is (IDs and names from libpci's
 * database), which driver holds it, its IOMMU group, and whether it can be
 * given to a user-level driver through VFIO -- and if not, why not.
 */
#ifndef UDRIVERS_PCI_INFO_H
#define UDRIVERS_PCI_INFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define UDRV_BDF_LEN 16

struct udrv_pci_info {
	char bdf[UDRV_BDF_LEN];		/* canonical DDDD:BB:DD.F */
	uint16_t vendor, device;
	uint32_t class;			/* base << 16 | sub << 8 | prog-if */
	char vendor_name[128], device_name[128], class_name[128];
	char driver[64];		/* bound driver, "" if none */
	int iommu_group;		/* -1: no IOMMU group (no IOMMU) */
	bool is_bridge;
	char netdev[32];		/* a network interface it drives, if any */
	bool netdev_up;
	/* VFIO can take it (now, or after `udrv_bind(..., "vfio-pci")`). */
	bool assignable;
	char why_not[300];		/* when !assignable: reason and fix */
};

/* Accept "DDDD:BB:DD.F" or "BB:DD.F"; write the canonical form. */
int udrv_bdf_parse(const char *in, char out[UDRV_BDF_LEN], struct udrv_err *e);

/* Everything about one device; a clear error if there is no such device. */
int udrv_pci_get(const char *bdf, struct udrv_pci_info *info, struct udrv_err *e);

/* All devices, found by libpci's scan; free *list with free(). */
int udrv_pci_list(struct udrv_pci_info **list, size_t *count, struct udrv_err *e);

/*
 * Devices of @group other than @bdf that keep the group from being viable
 * for VFIO (bound to a driver that is not vfio-pci, pci-stub or pcieport),
 * as "BDF (driver)" joined by ", " into @buf; returns how many.
 */
int udrv_group_blockers(int group, const char *bdf, char *buf, size_t len);

#endif
