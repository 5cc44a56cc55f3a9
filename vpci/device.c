// SPDX-License-Identifier: GPL-2.0
/*
 * A function's life: created hidden, given BARs/capabilities/registers by its
 * model, plugged (firmware placement, visible), removed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "priv.h"

void vp_cfg_set(struct vpci_device *d, unsigned off, unsigned size, uint32_t val,
	     uint32_t wmask, uint32_t w1c)
{
	put_le(d->cfg + off, size, val);
	put_le(d->wmask + off, size, wmask);
	put_le(d->w1c + off, size, w1c);
}

struct vpci_device *vpci_device_new(struct vpci_bus *bus, int slot, unsigned fn,
				    const struct vpci_device_info *info,
				    char *err, size_t errlen)
{
	struct vpci_device *d;
	unsigned s;

	if (fn >= VPCI_FUNCS || slot < -1 || slot >= VPCI_SLOTS || (slot == -1 && fn)) {
		vp_set_err(err, errlen, "no PCI function %d.%u on this bus (slots 0..31, functions 0..7)",
			slot, fn);
		return NULL;
	}
	if (info->vendor == 0 || info->vendor == 0xffff) {
		vp_set_err(err, errlen, "vendor ID %#x means \"no device\" to a guest", info->vendor);
		return NULL;
	}
	if (info->int_pin > 4) {
		vp_set_err(err, errlen, "interrupt pin %u is not INTA..INTD", info->int_pin);
		return NULL;
	}
	d = calloc(1, sizeof(*d));
	if (!d) {
		vp_set_err(err, errlen, "out of memory");
		return NULL;
	}
	vp_bus_lock(bus);
	if (slot == -1) {
		/* A free slot has no function at all. */
		for (s = 1; s < VPCI_SLOTS; s++) {
			unsigned f = 0;

			while (f < VPCI_FUNCS && !bus->fns[s][f])
				f++;
			if (f == VPCI_FUNCS)
				break;
		}
		if (s == VPCI_SLOTS) {
			vp_bus_unlock(bus);
			free(d);
			vp_set_err(err, errlen, "all 31 device slots of the PCI bus are taken");
			return NULL;
		}
	} else {
		s = (unsigned)slot;
		if (bus->fns[s][fn]) {
			vp_bus_unlock(bus);
			free(d);
			vp_set_err(err, errlen, "PCI function %02x.%u is already taken", s, fn);
			return NULL;
		}
	}
	d->bus = bus;
	d->slot = s;
	d->fn = fn;
	d->info = *info;
	snprintf(d->name, sizeof(d->name), "%s", info->name ? info->name : "device");
	d->info.name = d->name;
	d->cap_free = CAP_FIRST;

	vp_cfg_set(d, PCI_VENDOR, 2, info->vendor, 0, 0);
	vp_cfg_set(d, PCI_DEVICE, 2, info->device, 0, 0);
	/* Command writable bits depend on the BARs: set at plug time. */
	vp_cfg_set(d, PCI_COMMAND, 2, 0, 0, 0);
	/* Status: the error bits are RW1C; INTx status and capabilities are RO. */
	vp_cfg_set(d, PCI_STATUS, 2, 0, 0, 0xf900);
	vp_cfg_set(d, PCI_REVISION, 1, info->revision, 0, 0);
	vp_cfg_set(d, PCI_CLASS, 3, info->class_code & 0xffffff, 0, 0);
	vp_cfg_set(d, PCI_CACHE_LINE, 1, 0, 0xff, 0);
	vp_cfg_set(d, PCI_SUBSYS_VEN, 2, info->subsys_vendor, 0, 0);
	vp_cfg_set(d, PCI_SUBSYS_ID, 2, info->subsys_device, 0, 0);
	/* Interrupt Line is scratch for software; firmware puts the GSI there. */
	vp_cfg_set(d, PCI_INT_LINE, 1,
		info->int_pin ? vpci_intx_gsi(&bus->cfg, s, info->int_pin) : 0xff, 0xff, 0);
	vp_cfg_set(d, PCI_INT_PIN, 1, info->int_pin, 0, 0);
	bus->fns[s][fn] = d;
	vp_bus_unlock(bus);
	return d;
}

int vpci_config_init(struct vpci_device *d, unsigned off, unsigned size,
		     uint32_t val, uint32_t wmask, uint32_t w1cmask)
{
	if (d->plugged || off < CAP_FIRST || (size != 1 && size != 2 && size != 4) ||
	    off % size || off + size > CFG_SPACE_SIZE)
		return -1;
	vp_bus_lock(d->bus);
	vp_cfg_set(d, off, size, val, wmask, w1cmask);
	vp_bus_unlock(d->bus);
	return 0;
}

/* Header Type bit 7 of function 0 tells the guest to probe functions 1..7. */
static void update_multifunction(struct vpci_bus *bus, unsigned slot)
{
	struct vpci_device *f0 = bus->fns[slot][0];
	bool multi = false;

	if (!f0)
		return;
	for (unsigned f = 1; f < VPCI_FUNCS; f++)
		if (bus->fns[slot][f] && bus->fns[slot][f]->plugged)
			multi = true;
	f0->cfg[PCI_HEADER_TYPE] = (uint8_t)((f0->cfg[PCI_HEADER_TYPE] & ~HDR_MULTIFN) |
					     (multi ? HDR_MULTIFN : 0));
	f0->reset_cfg[PCI_HEADER_TYPE] = f0->cfg[PCI_HEADER_TYPE];
}

int vpci_device_plug(struct vpci_device *d, char *err, size_t errlen)
{
	uint16_t cmd_wmask = CMD_MASTER | CMD_PARITY | CMD_SERR;
	struct vpci_bus *bus = d->bus;

	vp_bus_lock(bus);
	if (d->plugged) {
		vp_bus_unlock(bus);
		vp_set_err(err, errlen, "%s is already plugged", d->name);
		return -1;
	}
	for (unsigned i = 0; i <= VPCI_NUM_BARS; i++) {
		if (d->bars[i].type == VPCI_BAR_IO)
			cmd_wmask |= CMD_IO;
		else if (d->bars[i].type != VPCI_BAR_NONE)
			cmd_wmask |= CMD_MEM;
	}
	if (d->info.int_pin)
		cmd_wmask |= CMD_INTX_OFF;
	put_le(d->wmask + PCI_COMMAND, 2, cmd_wmask);
	if (vp_bar_place(d, err, errlen)) {
		vp_bus_unlock(bus);
		return -1;
	}
	memcpy(d->reset_cfg, d->cfg, sizeof(d->cfg));
	d->plugged = true;
	update_multifunction(bus, d->slot);
	vp_bar_recompute(d, false);
	vp_intx_update(d);
	vp_bus_unlock(bus);
	return 0;
}

void vpci_device_remove(struct vpci_device *d)
{
	struct vpci_bus *bus;

	if (!d)
		return;
	bus = d->bus;
	vp_bus_lock(bus);
	if (d->plugged) {
		d->plugged = false;
		vp_intx_update(d);         /* drops its share of the GSI */
		vp_bar_recompute(d, false);
	}
	bus->fns[d->slot][d->fn] = NULL;
	bus->decode_dirty = true;
	update_multifunction(bus, d->slot);
	if (d->info.ops && d->info.ops->release)
		d->info.ops->release(d->info.opaque);
	vp_bus_unlock(bus);
	free(d->msix.table);
	free(d->msix.pba);
	free(d);
}

void vp_device_reset(struct vpci_device *d)
{
	memcpy(d->cfg, d->reset_cfg, sizeof(d->cfg));
	vp_msix_reset(d);
	d->intx_level = false;
	d->cfg[PCI_STATUS] &= (uint8_t)~STS_INTX;
	vp_intx_update(d);
	vp_bar_recompute(d, false);
	if (d->info.ops && d->info.ops->reset)
		d->info.ops->reset(d->info.opaque);
}

unsigned vpci_device_slot(const struct vpci_device *d)
{
	return d->slot;
}

unsigned vpci_device_fn(const struct vpci_device *d)
{
	return d->fn;
}

uint64_t vpci_device_bar_fw_addr(struct vpci_device *d, unsigned bar)
{
	uint64_t a = 0;

	vp_bus_lock(d->bus);
	if (bar <= VPCI_NUM_BARS && d->bars[bar].placed)
		a = d->bars[bar].fw_addr;
	vp_bus_unlock(d->bus);
	return a;
}

bool vpci_device_bus_master(struct vpci_device *d)
{
	bool bm;

	vp_bus_lock(d->bus);
	bm = d->plugged && (vp_cfg_command(d) & CMD_MASTER);
	vp_bus_unlock(d->bus);
	return bm;
}

enum vpci_irq_mode vpci_device_irq_mode(struct vpci_device *d)
{
	enum vpci_irq_mode m = VPCI_IRQ_NONE;

	vp_bus_lock(d->bus);
	if (vp_msix_enabled(d))
		m = VPCI_IRQ_MSIX;
	else if (vp_msi_enabled(d))
		m = VPCI_IRQ_MSI;
	else if (d->info.int_pin)
		m = VPCI_IRQ_INTX;
	vp_bus_unlock(d->bus);
	return m;
}
