// SPDX-License-Identifier: GPL-2.0
/* The capability list in the first 256 bytes of config space. */
#include "priv.h"

int vpci_cap_place(struct vpci_device *d, unsigned off)
{
	if (off < CAP_FIRST || off >= CFG_STD_SIZE || off & 3)
		return -1;
	vp_bus_lock(d->bus);
	d->cap_place = off;
	vp_bus_unlock(d->bus);
	return 0;
}

static bool bytes_free(const struct vpci_device *d, unsigned off, unsigned len)
{
	for (unsigned i = off; i < off + len; i++)
		if (d->cap_used[i])
			return false;
	return true;
}

unsigned vp_cap_next_off(const struct vpci_device *d)
{
	return d->cap_place ? d->cap_place : (d->cap_free + 3) & ~3u;
}

unsigned vpci_cap_add(struct vpci_device *d, uint8_t id, unsigned len)
{
	unsigned off;

	vp_bus_lock(d->bus);
	off = vp_cap_next_off(d);
	d->cap_place = 0;
	if (d->plugged || len < 2 || len > CFG_STD_SIZE || off + len > CFG_STD_SIZE ||
	    !bytes_free(d, off, len)) {
		vp_bus_unlock(d->bus);
		return 0;
	}
	for (unsigned i = off; i < off + len; i++)
		d->cap_used[i] = true;
	vp_cfg_set(d, off, 1, id, 0, 0);
	vp_cfg_set(d, off + 1, 1, 0, 0, 0);
	if (d->cap_last)
		d->cfg[d->cap_last + 1] = (uint8_t)off;
	else
		d->cfg[PCI_CAP_PTR] = (uint8_t)off;
	d->cfg[PCI_STATUS] |= STS_CAPS;
	d->cap_last = off;
	if (off + len > d->cap_free)
		d->cap_free = off + len;
	vp_bus_unlock(d->bus);
	return off;
}

unsigned vpci_cap_find(struct vpci_device *d, uint8_t id)
{
	unsigned found = 0, off, hops = 0;

	vp_bus_lock(d->bus);
	if (d->cfg[PCI_STATUS] & STS_CAPS) {
		/* Bounded like a guest's walk: a looping list cannot hang us. */
		for (off = d->cfg[PCI_CAP_PTR] & ~3u; off >= CAP_FIRST && hops < 48;
		     off = d->cfg[off + 1] & ~3u, hops++) {
			if (d->cfg[off] == id) {
				found = off;
				break;
			}
		}
	}
	vp_bus_unlock(d->bus);
	return found;
}
