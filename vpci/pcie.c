// SPDX-License-Identifier: GPL-2.0
/*
 * The PCI Express capability (PCIe Base 4.0, 7.5.3) of a Root Complex
 * Integrated Endpoint: device registers only, no link, slot or root
 * registers. Version 2 layout, or version 1 (device registers only) where
 * a model places it too near the end of the 256 bytes for version 2. Its presence tells the guest that the function has 4 KiB of
 * config space; the extended part holds no capabilities and reads 0.
 */
#include "priv.h"

#define PCIE_CAP_LEN       0x3c        /* version 2 layout, endpoint */
#define PCIE_V1_CAP_LEN    0x14
#define PCIE_FLAGS         0x02
#define  PCIE_RCIEP         (0x9 << 4)
#define PCIE_DEVCAP        0x04
#define  DEVCAP_RBER        (1u << 15)
#define  DEVCAP_FLR         (1u << 28)
#define PCIE_DEVCTL        0x08
#define  DEVCTL_RESET_VAL   0x2810     /* relaxed ordering, no snoop, 512 B reads */
#define  DEVCTL_WMASK       0x78ff     /* error enables, RO, MPS, ext tag, NS, MRRS */
#define  DEVCTL_FLR         0x8000
#define PCIE_DEVSTA        0x0a
#define  DEVSTA_ERRORS      0x000f     /* RW1C */

int vpci_pcie_init(struct vpci_device *d, bool flr, char *err, size_t errlen)
{
	unsigned cap, len = PCIE_CAP_LEN, version = 2;

	if (d->pcie_cap) {
		vp_set_err(err, errlen, "%s already has a PCI Express capability", d->name);
		return -1;
	}
	if (vp_cap_next_off(d) + PCIE_CAP_LEN > CFG_STD_SIZE) {
		len = PCIE_V1_CAP_LEN;
		version = 1;
	}
	cap = vpci_cap_add(d, CAP_ID_PCIE, len);
	if (!cap) {
		vp_set_err(err, errlen, "%s: no room for a PCI Express capability", d->name);
		return -1;
	}
	vp_bus_lock(d->bus);
	vp_cfg_set(d, cap + PCIE_FLAGS, 2, PCIE_RCIEP | version, 0, 0);
	vp_cfg_set(d, cap + PCIE_DEVCAP, 4, DEVCAP_RBER | (flr ? DEVCAP_FLR : 0), 0, 0);
	vp_cfg_set(d, cap + PCIE_DEVCTL, 2, DEVCTL_RESET_VAL,
		DEVCTL_WMASK | (flr ? DEVCTL_FLR : 0), 0);
	vp_cfg_set(d, cap + PCIE_DEVSTA, 2, 0, 0, DEVSTA_ERRORS);
	d->pcie_cap = cap;
	d->flr = flr;
	vp_bus_unlock(d->bus);
	return 0;
}

void vp_pcie_cfg_written(struct vpci_device *d)
{
	uint8_t *ctl = d->cfg + d->pcie_cap + PCIE_DEVCTL;

	/* Initiate FLR always reads 0; writing 1 resets the function. */
	if (d->flr && (get_le(ctl, 2) & DEVCTL_FLR)) {
		put_le(ctl, 2, get_le(ctl, 2) & ~DEVCTL_FLR);
		vp_device_reset(d);
	}
}
