// SPDX-License-Identifier: GPL-2.0
/*
 * INTx: level-triggered lines, swizzled onto 4 GSIs by the _PRT rule and
 * wired-OR there. Interrupt Status follows the function's line whatever
 * Interrupt Disable says; the line reaches its GSI only while INTx is not
 * disabled and neither MSI nor MSI-X is enabled.
 */
#include "priv.h"

void vp_intx_update(struct vpci_device *d)
{
	struct vpci_bus *bus = d->bus;
	unsigned pin = d->cfg[PCI_INT_PIN];
	bool drive = d->plugged && pin && d->intx_level &&
		     !(vp_cfg_command(d) & CMD_INTX_OFF) && !vp_msi_enabled(d) && !vp_msix_enabled(d);

	if (drive == d->intx_driven)
		return;
	d->intx_driven = drive;

	unsigned gsi = vpci_intx_gsi(&bus->cfg, d->slot, pin);
	unsigned idx = gsi - bus->cfg.intx_gsi_base;

	if (drive) {
		if (bus->gsi_users[idx]++ == 0 && bus->irq.intx)
			bus->irq.intx(bus->irq.opaque, gsi, true);
	} else {
		if (--bus->gsi_users[idx] == 0 && bus->irq.intx)
			bus->irq.intx(bus->irq.opaque, gsi, false);
	}
}

void vpci_intx_set(struct vpci_device *d, bool level)
{
	vp_bus_lock(d->bus);
	if (d->cfg[PCI_INT_PIN]) {
		d->intx_level = level;
		if (level)
			d->cfg[PCI_STATUS] |= STS_INTX;
		else
			d->cfg[PCI_STATUS] &= (uint8_t)~STS_INTX;
		vp_intx_update(d);
	}
	vp_bus_unlock(d->bus);
}
