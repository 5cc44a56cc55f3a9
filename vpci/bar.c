// SPDX-License-Identifier: GPL-2.0
/*
 * BARs: their registers (the sizing protocol falls out of the writable
 * masks), the firmware placement inside the host bridge windows, and what
 * decodes where after the guest has rewritten them.
 */
#include "priv.h"

static bool is_pow2(uint64_t x)
{
	return x && !(x & (x - 1));
}

static unsigned bar_reg(unsigned i)
{
	return i == VPCI_ROM_BAR ? PCI_ROM : PCI_BAR0 + 4 * i;
}

int vpci_device_add_bar(struct vpci_device *d, unsigned i, enum vpci_bar_type type,
			uint64_t size, bool prefetch, char *err, size_t errlen)
{
	const char *why = NULL;

	vp_bus_lock(d->bus);
	if (d->plugged)
		why = "the function is already plugged";
	else if (type == VPCI_BAR_ROM ? i != VPCI_ROM_BAR : i >= VPCI_NUM_BARS)
		why = "no such BAR index for this type";
	else if (d->bars[i].type != VPCI_BAR_NONE ||
		 (i > 0 && i < VPCI_NUM_BARS && d->bars[i - 1].type == VPCI_BAR_MEM64))
		why = "BAR index already in use";
	else if (type == VPCI_BAR_MEM64 &&
		 (i + 1 >= VPCI_NUM_BARS || d->bars[i + 1].type != VPCI_BAR_NONE))
		why = "a 64-bit BAR needs this index and the next";
	else if (!is_pow2(size))
		why = "BAR size must be a power of two";
	else if ((type == VPCI_BAR_MEM32 || type == VPCI_BAR_MEM64) && size < 16)
		why = "memory BARs are at least 16 bytes";
	else if (type == VPCI_BAR_MEM32 && size > (1ULL << 31))
		why = "a 32-bit BAR holds at most 2 GiB";
	else if (type == VPCI_BAR_MEM64 && size > (1ULL << 62))
		why = "BAR too large";
	else if (type == VPCI_BAR_IO && (size < 4 || size > 256))
		why = "I/O BARs are 4 to 256 bytes";
	else if (type == VPCI_BAR_ROM && (size < 2048 || size > (1ULL << 31)))
		why = "expansion ROMs are 2 KiB to 2 GiB";
	else if (prefetch && type != VPCI_BAR_MEM32 && type != VPCI_BAR_MEM64)
		why = "only memory BARs can be prefetchable";
	else if (type == VPCI_BAR_NONE)
		why = "no BAR type";
	if (why) {
		vp_bus_unlock(d->bus);
		vp_set_err(err, errlen, "%s BAR %u: %s", d->name, i, why);
		return -1;
	}

	struct vpci_bar *b = &d->bars[i];
	uint32_t pf = prefetch ? 0x8 : 0;

	b->type = type;
	b->prefetch = prefetch;
	b->size = size;
	switch (type) {
	case VPCI_BAR_MEM32:
		vp_cfg_set(d, bar_reg(i), 4, pf, (uint32_t)~(size - 1) & ~0xfu, 0);
		break;
	case VPCI_BAR_MEM64:
		vp_cfg_set(d, bar_reg(i), 4, 0x4 | pf, (uint32_t)~(size - 1) & ~0xfu, 0);
		vp_cfg_set(d, bar_reg(i + 1), 4, 0, (uint32_t)(~(size - 1) >> 32), 0);
		break;
	case VPCI_BAR_IO:
		vp_cfg_set(d, bar_reg(i), 4, 0x1, (uint32_t)~(size - 1) & ~0x3u, 0);
		break;
	case VPCI_BAR_ROM:
		vp_cfg_set(d, bar_reg(i), 4, 0, ((uint32_t)~(size - 1) & 0xfffff800u) | ROM_ENABLE, 0);
		break;
	case VPCI_BAR_NONE:
		break;
	}
	vp_bus_unlock(d->bus);
	return 0;
}

/* The address the BAR registers hold now. */
static uint64_t reg_addr(const struct vpci_device *d, unsigned i)
{
	uint32_t lo = (uint32_t)get_le(d->cfg + bar_reg(i), 4);

	switch (d->bars[i].type) {
	case VPCI_BAR_MEM32:
		return lo & ~0xfu;
	case VPCI_BAR_MEM64:
		return (lo & ~0xfu) | get_le(d->cfg + bar_reg(i + 1), 4) << 32;
	case VPCI_BAR_IO:
		return lo & ~0x3u;
	case VPCI_BAR_ROM:
		return lo & 0xfffff800u;
	default:
		return 0;
	}
}

static bool in_window(uint64_t a, uint64_t size, uint64_t base, uint64_t wsize)
{
	return wsize >= size && a >= base && a - base <= wsize - size;
}

static bool in_windows(const struct vpci_bus *bus, uint64_t a, uint64_t size)
{
	return in_window(a, size, bus->cfg.mmio32_base, bus->cfg.mmio32_size) ||
	       in_window(a, size, bus->cfg.mmio64_base, bus->cfg.mmio64_size);
}

/* Would [a, a+size) overlap a BAR decoding elsewhere on the bus? */
static bool overlaps_decoding(struct vpci_device *self, unsigned self_bar,
			      uint64_t a, uint64_t size)
{
	struct vpci_bus *bus = self->bus;

	for (unsigned s = 0; s < VPCI_SLOTS; s++)
		for (unsigned f = 0; f < VPCI_FUNCS; f++) {
			struct vpci_device *d = bus->fns[s][f];

			if (!d || !d->plugged)
				continue;
			for (unsigned i = 0; i <= VPCI_NUM_BARS; i++)
				if ((d != self || i != self_bar) && d->bars[i].decoding &&
				    ranges_overlap(a, size, d->bars[i].addr, d->bars[i].size))
					return true;
		}
	return false;
}

void vp_bar_recompute(struct vpci_device *d, bool log_moves)
{
	uint16_t cmd = vp_cfg_command(d);

	for (unsigned i = 0; i <= VPCI_NUM_BARS; i++) {
		struct vpci_bar *b = &d->bars[i];
		uint64_t a = reg_addr(d, i);
		bool dec = d->plugged && (cmd & CMD_MEM) &&
			   (b->type == VPCI_BAR_MEM32 || b->type == VPCI_BAR_MEM64 ||
			    (b->type == VPCI_BAR_ROM && (d->cfg[PCI_ROM] & ROM_ENABLE)));

		if (b->type == VPCI_BAR_NONE || b->type == VPCI_BAR_IO)
			continue;
		if (log_moves && b->decoding && (cmd & CMD_MEM) && a != b->addr)
			vpci_misuse(d, VPCI_MISUSE_BAR_MOVED_LIVE,
				    "BAR %u rewritten while memory decode is on", i);
		/* The host bridge only forwards its windows to the bus. */
		if (dec && !in_windows(d->bus, a, b->size)) {
			vpci_misuse(d, VPCI_MISUSE_BAR_OUTSIDE,
				    "BAR %u at %#llx is outside the host bridge windows: not decoded",
				    i, (unsigned long long)a);
			dec = false;
		}
		if (dec && overlaps_decoding(d, i, a, b->size))
			vpci_misuse(d, VPCI_MISUSE_BAR_OVERLAP,
				    "BAR %u at %#llx overlaps another BAR", i, (unsigned long long)a);
		bool changed = dec != b->decoding || (dec && a != b->addr);

		b->addr = a;
		b->decoding = dec;
		if (changed)
			d->bus->decode_dirty = true;
		if (changed && d->info.ops && d->info.ops->bar_update)
			d->info.ops->bar_update(d->info.opaque, i, a, dec);
	}
}

static uint64_t align_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) & ~(a - 1);
}

static bool clashes(struct vpci_device *d, uint64_t a, uint64_t size, uint64_t *end)
{
	struct vpci_bus *bus = d->bus;

	for (unsigned s = 0; s < VPCI_SLOTS; s++)
		for (unsigned f = 0; f < VPCI_FUNCS; f++) {
			struct vpci_device *o = bus->fns[s][f];

			if (!o || (!o->plugged && o != d))
				continue;
			for (unsigned i = 0; i <= VPCI_NUM_BARS; i++) {
				struct vpci_bar *b = &o->bars[i];

				if (b->placed && ranges_overlap(a, size, b->fw_addr, b->size)) {
					*end = b->fw_addr + b->size;
					return true;
				}
			}
		}
	return false;
}

/* First fit, naturally aligned, among what firmware placed before. */
static bool alloc_in(struct vpci_device *d, uint64_t base, uint64_t wsize, uint64_t size,
		     uint64_t *out)
{
	uint64_t a = align_up(base, size), end;

	while (a >= base && in_window(a, size, base, wsize)) {
		if (!clashes(d, a, size, &end)) {
			*out = a;
			return true;
		}
		a = align_up(end, size);
	}
	return false;
}

int vp_bar_place(struct vpci_device *d, char *err, size_t errlen)
{
	const struct vpci_bus_config *c = &d->bus->cfg;
	bool done[VPCI_NUM_BARS + 1] = { false };

	for (;;) {
		/* Largest first: fewer holes in the windows. */
		int pick = -1;

		for (unsigned i = 0; i <= VPCI_NUM_BARS; i++) {
			enum vpci_bar_type t = d->bars[i].type;

			if (done[i] || t == VPCI_BAR_NONE || t == VPCI_BAR_IO)
				continue;
			if (pick < 0 || d->bars[i].size > d->bars[pick].size)
				pick = (int)i;
		}
		if (pick < 0)
			return 0;

		struct vpci_bar *b = &d->bars[pick];
		uint64_t a;
		bool ok = false;

		if (b->type == VPCI_BAR_MEM64)
			ok = alloc_in(d, c->mmio64_base, c->mmio64_size, b->size, &a);
		if (!ok && b->size <= (1ULL << 31))
			ok = alloc_in(d, c->mmio32_base, c->mmio32_size, b->size, &a);
		if (!ok) {
			for (unsigned i = 0; i <= VPCI_NUM_BARS; i++)
				d->bars[i].placed = false;
			vp_set_err(err, errlen, "%s: no room for BAR %d (%#llx bytes) in the MMIO windows",
				d->name, pick, (unsigned long long)b->size);
			return -1;
		}
		unsigned r = bar_reg((unsigned)pick);
		uint32_t lo = (uint32_t)get_le(d->cfg + r, 4);

		if (b->type == VPCI_BAR_ROM)
			lo = (lo & ROM_ENABLE) | (uint32_t)a;
		else
			lo = (lo & 0xf) | (uint32_t)a;
		put_le(d->cfg + r, 4, lo);
		if (b->type == VPCI_BAR_MEM64)
			put_le(d->cfg + r + 4, 4, a >> 32);
		b->placed = true;
		b->fw_addr = a;
		done[pick] = true;
	}
}

static void rebuild_decode(struct vpci_bus *bus)
{
	bus->ndecode = 0;
	for (unsigned s = 0; s < VPCI_SLOTS; s++)
		for (unsigned f = 0; f < VPCI_FUNCS; f++) {
			struct vpci_device *d = bus->fns[s][f];

			if (!d || !d->plugged)
				continue;
			for (unsigned i = 0; i <= VPCI_NUM_BARS; i++)
				if (d->bars[i].decoding)
					bus->decode[bus->ndecode++] = (struct decode_entry){
						d, i, d->bars[i].addr, d->bars[i].size };
		}
	bus->decode_dirty = false;
}

struct vpci_device *vp_bar_lookup(struct vpci_bus *bus, uint64_t gpa, unsigned *bar,
			       uint64_t *offset)
{
	if (bus->decode_dirty)
		rebuild_decode(bus);
	for (unsigned i = 0; i < bus->ndecode; i++) {
		const struct decode_entry *e = &bus->decode[i];

		if (gpa - e->addr < e->size) {
			*bar = e->bar;
			*offset = gpa - e->addr;
			return e->dev;
		}
	}
	return NULL;
}

uint64_t vp_bar_read(struct vpci_device *d, unsigned bar, uint64_t off, unsigned size)
{
	uint64_t v = 0;

	if (vp_msix_read(d, bar, off, size, &v))
		return v;
	if (d->info.ops && d->info.ops->bar_read)
		v = d->info.ops->bar_read(d->info.opaque, bar, off, size);
	return v;
}

void vp_bar_write(struct vpci_device *d, unsigned bar, uint64_t off, unsigned size,
	       uint64_t val)
{
	if (bar == VPCI_ROM_BAR)
		return;         /* a ROM ignores writes */
	if (vp_msix_write(d, bar, off, size, val))
		return;
	if (d->info.ops && d->info.ops->bar_write)
		d->info.ops->bar_write(d->info.opaque, bar, off, size, val);
}
