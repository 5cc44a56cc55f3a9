// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's MMIO accesses to the bus: the ECAM window and decoding BARs.
 * An access is cut into naturally aligned pieces (at most a dword in config
 * space, a qword elsewhere), as a CPU and root complex would split it; each
 * piece goes to whatever decodes its address, and pieces nobody decodes
 * master-abort (read all-ones, writes dropped).
 */
#include "priv.h"

static unsigned piece_size(uint64_t addr, unsigned left, unsigned max)
{
	unsigned s = max;

	while (s > left || (addr & (s - 1)))
		s >>= 1;
	return s;
}

static uint64_t ones(unsigned size)
{
	return size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

static struct vpci_device *ecam_fn(struct vpci_bus *bus, uint64_t off)
{
	struct vpci_device *d = bus->fns[(off >> 15) & 31][(off >> 12) & 7];

	return d && d->plugged ? d : NULL;
}

/* One piece; returns false if nothing decodes it. */
static bool access_piece(struct vpci_bus *bus, uint64_t a, unsigned n, bool write,
			 uint64_t *val, bool unaligned)
{
	uint64_t off = a - bus->cfg.ecam_base;
	struct vpci_device *d;
	unsigned bar;

	if (off < VPCI_ECAM_SIZE) {
		d = ecam_fn(bus, off);
		if (!d) {
			*val = ones(n);         /* absent function */
			return true;
		}
		if (unaligned)
			vpci_misuse(d, VPCI_MISUSE_CFG_UNALIGNED,
				    "unaligned config access at %#x", (unsigned)(off & 0xfff));
		if (write)
			vp_cfg_write(d, off & 0xfff, n, (uint32_t)*val);
		else
			*val = vp_cfg_read(d, off & 0xfff, n);
		return true;
	}
	d = vp_bar_lookup(bus, a, &bar, &off);
	if (!d) {
		*val = ones(n);
		return false;
	}
	if (unaligned)
		vpci_misuse(d, VPCI_MISUSE_BAR_UNALIGNED, "unaligned access to BAR %u at %#llx",
			    bar, (unsigned long long)off);
	if (write)
		vp_bar_write(d, bar, off, n, *val);
	else
		*val = vp_bar_read(d, bar, off, n) & ones(n);
	return true;
}

static bool access(struct vpci_bus *bus, uint64_t gpa, unsigned size, bool write,
		   uint64_t *val)
{
	bool claimed = false;
	uint64_t out = 0;

	if (size != 1 && size != 2 && size != 4 && size != 8) {
		vp_bus_lock(bus);
		if (!bus->bad_size_logged)
			vp_bus_log(bus, "vpci: MMIO access of %u bytes at %#llx ignored (further ones not logged)",
				size, (unsigned long long)gpa);
		bus->bad_size_logged = true;
		vp_bus_unlock(bus);
		if (!write)
			*val = ~0ULL;
		return false;
	}
	bool unaligned = gpa & (size - 1);

	vp_bus_lock(bus);
	for (unsigned pos = 0; pos < size;) {
		uint64_t a = gpa + pos, piece;
		bool cfg = a - bus->cfg.ecam_base < VPCI_ECAM_SIZE;
		unsigned n = piece_size(a, size - pos, cfg ? 4 : 8);

		piece = write ? *val >> (8 * pos) & ones(n) : 0;
		claimed |= access_piece(bus, a, n, write, &piece, unaligned);
		if (!write)
			out |= (piece & ones(n)) << (8 * pos);
		pos += n;
	}
	vp_bus_unlock(bus);
	if (!write)
		*val = claimed ? out : ones(size);
	return claimed;
}

bool vpci_mmio_read(struct vpci_bus *bus, uint64_t gpa, unsigned size, uint64_t *val)
{
	return access(bus, gpa, size, false, val);
}

bool vpci_mmio_write(struct vpci_bus *bus, uint64_t gpa, unsigned size, uint64_t val)
{
	return access(bus, gpa, size, true, &val);
}
