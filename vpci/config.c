// SPDX-License-Identifier: GPL-2.0
/*
 * Config space accesses of one function. The ECAM layer hands us pieces that
 * lie inside one dword, i.e. exactly what one PCIe configuration request with
 * byte enables carries. Writes go through the writable and RW1C masks first,
 * then the registers with side effects (command, BARs, MSI, MSI-X) react.
 */
#include "priv.h"

uint32_t vp_cfg_read(struct vpci_device *d, unsigned off, unsigned size)
{
	uint32_t v = (uint32_t)get_le(d->cfg + off, size);

	if (d->info.ops && d->info.ops->config_read)
		d->info.ops->config_read(d->info.opaque, off, size, &v);
	return v;
}

static bool touches(unsigned off, unsigned size, unsigned reg, unsigned reg_size)
{
	return off < reg + reg_size && reg < off + size;
}

void vp_cfg_write(struct vpci_device *d, unsigned off, unsigned size, uint32_t val)
{
	for (unsigned i = 0; i < size; i++) {
		unsigned o = off + i;
		uint8_t b = (uint8_t)(val >> (8 * i));
		uint8_t nb = (uint8_t)((d->cfg[o] & ~d->wmask[o]) | (b & d->wmask[o]));

		d->cfg[o] = (uint8_t)(nb & ~(b & d->w1c[o]));
	}

	bool cmd = touches(off, size, PCI_COMMAND, 2);
	bool bars = touches(off, size, PCI_BAR0, 4 * VPCI_NUM_BARS) ||
		    touches(off, size, PCI_ROM, 4);

	if (cmd || bars)
		vp_bar_recompute(d, bars);
	if (d->msi.cap && touches(off, size, d->msi.cap, d->msi.len))
		vp_msi_cfg_written(d, off, size);
	if (d->msix.cap && touches(off, size, d->msix.cap + 2, 2))
		vp_msix_cfg_written(d, off, size);
	if (d->pcie_cap && touches(off, size, d->pcie_cap + 8, 2))
		vp_pcie_cfg_written(d);
	if (cmd) {
		/* INTx Disable and Bus Master Enable gate interrupt delivery. */
		vp_intx_update(d);
		vp_msi_flush_pending(d);
		vp_msix_flush_pending(d);
	}
	if (d->info.ops && d->info.ops->config_write)
		d->info.ops->config_write(d->info.opaque, off, size, val);
}
