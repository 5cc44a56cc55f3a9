// SPDX-License-Identifier: GPL-2.0
/*
 * BARs: the sizing protocol (32-bit, 64-bit pairs, prefetchable, I/O, ROM),
 * firmware placement inside the windows, memory decode, moves, hostile
 * accesses (unaligned, crossing the end, sizing while in use).
 */
#include "fixture.h"

#define TD 1                    /* slot of the test device */

/* A model that records every BAR access it receives. */
struct rec {
	unsigned n, bad;
	unsigned bar[64];
	uint64_t off[64];
	unsigned size[64];
	unsigned updates;
	uint64_t upd_addr;
	bool upd_dec;
};
static struct rec rec;

static void rec_note(unsigned bar, uint64_t off, unsigned size)
{
	/* What vpci promises a model: aligned, 1/2/4/8, inside the BAR (4 KiB here). */
	if ((size != 1 && size != 2 && size != 4 && size != 8) || off % size || off + size > 4096)
		rec.bad++;
	if (rec.n < 64) {
		rec.bar[rec.n] = bar;
		rec.off[rec.n] = off;
		rec.size[rec.n] = size;
	}
	rec.n++;
}

static uint64_t rec_read(void *o, unsigned bar, uint64_t off, unsigned size)
{
	(void)o;
	rec_note(bar, off, size);
	return 0x0807060504030201ULL >> (8 * (off % 8));   /* byte k reads k+1 */
}

static void rec_write(void *o, unsigned bar, uint64_t off, unsigned size, uint64_t v)
{
	(void)o;
	(void)v;
	rec_note(bar, off, size);
}

static void rec_update(void *o, unsigned bar, uint64_t addr, bool dec)
{
	(void)o;
	(void)bar;
	rec.updates++;
	rec.upd_addr = addr;
	rec.upd_dec = dec;
}

static const struct vpci_device_ops rec_ops = {
	.bar_read = rec_read, .bar_write = rec_write, .bar_update = rec_update,
};

static struct vpci_device *add_rec(unsigned slot, enum vpci_bar_type t, uint64_t size, bool pf)
{
	struct vpci_device_info info = { .name = "rec", .vendor = 0x1234, .device = 3,
					 .ops = &rec_ops };
	char err[256] = "";
	struct vpci_device *d = vpci_device_new(fx.bus, (int)slot, 0, &info, err, sizeof(err));

	if (!d || vpci_device_add_bar(d, 0, t, size, pf, err, sizeof(err)) ||
	    vpci_device_plug(d, err, sizeof(err))) {
		bail_out("recording device: %s", err);
	}
	return d;
}

static void test_sizing(void)
{
	/* testdev: BAR0 mem32 4K, BAR2/3 mem64 16K, BAR4/5 mem64 pf 64K, ROM 2K. */
	uint32_t b0 = (uint32_t)cfg_rd(TD, 0, 0x10, 4);

	is(b0 & 0xf, 0, "BAR0: memory, 32-bit, not prefetchable");
	cfg_wr(TD, 0, 0x10, 4, 0xffffffff);
	is(cfg_rd(TD, 0, 0x10, 4), 0xfffff000, "BAR0 sizing reads ~(4K-1)");
	cfg_wr(TD, 0, 0x10, 4, b0);
	is(cfg_rd(TD, 0, 0x10, 4), b0, "BAR0 restored");

	uint32_t lo = (uint32_t)cfg_rd(TD, 0, 0x18, 4), hi = (uint32_t)cfg_rd(TD, 0, 0x1c, 4);

	is(lo & 0xf, 0x4, "BAR2: memory, 64-bit, not prefetchable");
	cfg_wr(TD, 0, 0x18, 4, 0xffffffff);
	cfg_wr(TD, 0, 0x1c, 4, 0xffffffff);
	is(cfg_rd(TD, 0, 0x18, 4), 0xffffc004, "BAR2 low sizes to ~(16K-1) | 64-bit");
	is(cfg_rd(TD, 0, 0x1c, 4), 0xffffffff, "BAR2 high half is all address bits");
	cfg_wr(TD, 0, 0x18, 4, lo);
	cfg_wr(TD, 0, 0x1c, 4, hi);
	is(cfg_rd(TD, 0, 0x18, 4) | cfg_rd(TD, 0, 0x1c, 4) << 32, lo | (uint64_t)hi << 32, "BAR2 restored");
	/* Sizing with one 8-byte access works too. */
	cfg_wr(TD, 0, 0x18, 8, ~0ULL);
	is(cfg_rd(TD, 0, 0x18, 8), 0xffffffffffffc004ULL, "BAR2 pair sized with one qword access");
	cfg_wr(TD, 0, 0x18, 8, lo | (uint64_t)hi << 32);

	lo = (uint32_t)cfg_rd(TD, 0, 0x20, 4);
	hi = (uint32_t)cfg_rd(TD, 0, 0x24, 4);
	is(lo & 0xf, 0xc, "BAR4: memory, 64-bit, prefetchable");
	cfg_wr(TD, 0, 0x20, 4, 0xffffffff);
	cfg_wr(TD, 0, 0x24, 4, 0xffffffff);
	is(cfg_rd(TD, 0, 0x20, 4), 0xffff000c, "BAR4 sizes to ~(64K-1) | prefetchable 64-bit");
	cfg_wr(TD, 0, 0x20, 4, lo);
	cfg_wr(TD, 0, 0x24, 4, hi);

	uint32_t rom = (uint32_t)cfg_rd(TD, 0, 0x30, 4);

	is(rom & 1, 0, "ROM decode starts disabled");
	cfg_wr(TD, 0, 0x30, 4, 0xfffff800);
	is(cfg_rd(TD, 0, 0x30, 4), 0xfffff800, "ROM sizing (enable bit clear) reads ~(2K-1)");
	cfg_wr(TD, 0, 0x30, 4, 0xffffffff);
	is(cfg_rd(TD, 0, 0x30, 4), 0xfffff801, "ROM enable bit is writable and kept apart from the size");
	cfg_wr(TD, 0, 0x30, 4, rom);
	is(cfg_rd(TD, 0, 0x30, 4), rom, "ROM restored");

	/* BAR1 lies inside no implemented BAR: reads 0, sizes to 0. */
	cfg_wr(TD, 0, 0x14, 4, 0xffffffff);
	is(cfg_rd(TD, 0, 0x14, 4), 0, "unimplemented BAR1 sizes to 0");
}

static void test_io_bar(void)
{
	struct vpci_device_info info = { .name = "io", .vendor = 0x1234, .device = 4 };
	char err[256] = "";
	struct vpci_device *d = vpci_device_new(fx.bus, 12, 0, &info, err, sizeof(err));

	ok(d && !vpci_device_add_bar(d, 1, VPCI_BAR_IO, 32, false, err, sizeof(err)) &&
	   !vpci_device_plug(d, err, sizeof(err)), "device with an I/O BAR plugged %s", err);
	is(cfg_rd(12, 0, 0x14, 4), 1, "I/O BAR: flag bit 0, left unassigned (no port I/O window)");
	cfg_wr(12, 0, 0x14, 4, 0xffffffff);
	is(cfg_rd(12, 0, 0x14, 4), 0xffffffe1, "I/O BAR sizes to ~(32-1) | I/O");
	cfg_wr(12, 0, 0x04, 2, 0xffff);
	is(cfg_rd(12, 0, 0x04, 2) & 3, 1, "command: I/O bit writable, memory bit not (no memory BAR)");
	is(vpci_device_bar_fw_addr(d, 1), 0, "no firmware address for the I/O BAR");
}

static void test_add_bar_errors(void)
{
	struct vpci_device_info info = { .name = "bad", .vendor = 0x1234, .device = 5 };
	char err[256] = "";
	struct vpci_device *d = vpci_device_new(fx.bus, 13, 0, &info, err, sizeof(err));

	ok(vpci_device_add_bar(d, 0, VPCI_BAR_MEM32, 3000, false, err, sizeof(err)) < 0, "non power of two: %s", err);
	ok(vpci_device_add_bar(d, 0, VPCI_BAR_MEM32, 8, false, err, sizeof(err)) < 0, "8-byte memory BAR: %s", err);
	ok(vpci_device_add_bar(d, 5, VPCI_BAR_MEM64, 4096, false, err, sizeof(err)) < 0, "64-bit BAR at index 5: %s", err);
	ok(vpci_device_add_bar(d, 6, VPCI_BAR_MEM32, 4096, false, err, sizeof(err)) < 0, "index 6 is the ROM: %s", err);
	ok(vpci_device_add_bar(d, 0, VPCI_BAR_ROM, 4096, false, err, sizeof(err)) < 0, "ROM at index 0: %s", err);
	ok(vpci_device_add_bar(d, 6, VPCI_BAR_ROM, 1024, false, err, sizeof(err)) < 0, "1 KiB ROM: %s", err);
	ok(vpci_device_add_bar(d, 1, VPCI_BAR_IO, 512, false, err, sizeof(err)) < 0, "512-byte I/O BAR: %s", err);
	ok(vpci_device_add_bar(d, 1, VPCI_BAR_IO, 16, true, err, sizeof(err)) < 0, "prefetchable I/O: %s", err);
	ok(!vpci_device_add_bar(d, 2, VPCI_BAR_MEM64, 4096, false, err, sizeof(err)), "64-bit BAR at 2");
	ok(vpci_device_add_bar(d, 3, VPCI_BAR_MEM32, 4096, false, err, sizeof(err)) < 0, "its upper half is taken: %s", err);
	ok(vpci_device_add_bar(d, 2, VPCI_BAR_MEM32, 4096, false, err, sizeof(err)) < 0, "index 2 is taken: %s", err);
	ok(vpci_device_add_bar(d, 1, VPCI_BAR_MEM64, 4096, false, err, sizeof(err)) < 0, "64-bit BAR over 2's low half: %s", err);
	vpci_device_remove(d);
	is(cfg_rd(13, 0, 0, 4), 0xffffffff, "never plugged, removed: invisible");
}

static bool in_win(uint64_t a, uint64_t size, uint64_t base, uint64_t wsize)
{
	return a >= base && a + size <= base + wsize;
}

static void test_placement(void)
{
	struct vpci_device *devs[8];
	uint64_t a[8][7];

	for (unsigned i = 0; i < 8; i++)
		devs[i] = fx_testdev(20 + (int)i);
	for (unsigned i = 0; i < 8; i++) {
		a[i][0] = vpci_device_bar_fw_addr(devs[i], 0);
		a[i][2] = vpci_device_bar_fw_addr(devs[i], 2);
		a[i][4] = vpci_device_bar_fw_addr(devs[i], 4);
		a[i][6] = vpci_device_bar_fw_addr(devs[i], 6);
	}
	bool inside = true, aligned = true, disjoint = true;
	static const uint64_t sz[7] = { 0x1000, 0, 0x4000, 0, 0x10000, 0, 0x800 };

	for (unsigned i = 0; i < 8; i++)
		for (unsigned b = 0; b < 7; b += 2) {
			bool w64 = b == 2 || b == 4;

			inside &= w64 ? in_win(a[i][b], sz[b], fx.cfg.mmio64_base, fx.cfg.mmio64_size)
				      : in_win(a[i][b], sz[b], fx.cfg.mmio32_base, fx.cfg.mmio32_size);
			aligned &= a[i][b] % sz[b] == 0;
			for (unsigned j = 0; j < 8; j++)
				for (unsigned c = 0; c < 7; c += 2)
					if ((i != j || b != c) && a[i][b] < a[j][c] + sz[c] &&
					    a[j][c] < a[i][b] + sz[b])
						disjoint = false;
		}
	ok(inside, "32-bit BARs and the ROM in the 32-bit window, 64-bit BARs in the 64-bit window");
	ok(aligned, "every BAR naturally aligned");
	ok(disjoint, "no two BARs overlap");
	is(cfg_rd(20, 0, 0x10, 4), a[0][0], "the BAR register holds the firmware address");
	is(cfg_rd(20, 0, 0x20, 8), a[0][4] | 0xc, "64-bit BAR pair holds it too");
	for (unsigned i = 0; i < 8; i++)
		vpci_device_remove(devs[i]);

	/* A removed device's space is reused. */
	struct vpci_device *again = fx_testdev(20);
	is(vpci_device_bar_fw_addr(again, 0), a[0][0], "freed space is handed out again");
	vpci_device_remove(again);
}

static void test_window_full(void)
{
	struct vpci_bus_config c;
	char err[256] = "";

	vpci_bus_config_defaults(&c);
	c.mmio32_size = 0x10000;        /* 64 KiB */
	c.mmio64_size = 0;              /* no 64-bit window */
	vpci_bus_free(fx.bus);
	fx_start_with(&c);

	struct vpci_testdev_options o;
	vpci_testdev_defaults(&o);
	o.slot = 2;
	struct vpci_device *d = vpci_testdev_add(fx.bus, &o, err, sizeof(err));
	ok(!d, "testdev (84 KiB of BARs) does not fit a 64 KiB window: %s", err);
	is(cfg_rd(2, 0, 0, 4), 0xffffffff, "the failed device left nothing on the bus");
	o.rom = false;
	err[0] = 0;

	struct vpci_device_info info = { .name = "small", .vendor = 0x1234, .device = 6 };
	d = vpci_device_new(fx.bus, 2, 0, &info, err, sizeof(err));
	ok(d && !vpci_device_add_bar(d, 0, VPCI_BAR_MEM64, 0x8000, true, err, sizeof(err)) &&
	   !vpci_device_plug(d, err, sizeof(err)), "without a 64-bit window a 64-bit BAR goes below 4 GiB %s", err);
	is(vpci_device_bar_fw_addr(d, 0), c.mmio32_base, "at the window base");
	fx_stop();
	fx_start();
}

static void test_decode(void)
{
	struct vpci_device *d = fx_testdev(TD);
	uint64_t b0 = vpci_device_bar_fw_addr(d, 0), rom = vpci_device_bar_fw_addr(d, 6);
	uint64_t v;

	ok(!vpci_mmio_read(fx.bus, b0, 4, &v), "memory decode off: BAR0 claims nothing");
	is(v, 0xffffffff, "and the read master-aborts to all-ones");
	cfg_wr(TD, 0, 0x04, 2, CMD_MEM);
	ok(vpci_mmio_read(fx.bus, b0, 4, &v), "memory decode on: BAR0 claims its address");
	is(v, TESTDEV_MAGIC, "and the register answers");
	ok(!vpci_mmio_read(fx.bus, rom, 4, &v), "ROM stays off without its enable bit");
	cfg_wr(TD, 0, 0x30, 4, rom | 1);
	is(mm_rd(rom, 2), 0xaa55, "ROM enabled: 0xAA55 signature");
	is(mm_rd(rom + 0x1c, 4), 0x52494350, "ROM: PCI Data Structure signature");
	mm_wr(rom, 4, 0);
	is(mm_rd(rom, 2), 0xaa55, "ROM ignores writes");
	cfg_wr(TD, 0, 0x04, 2, 0);
	ok(!vpci_mmio_read(fx.bus, rom, 2, &v), "ROM needs memory decode too");

	/* The guest moves BAR0 elsewhere in the window (decode off, as Linux does). */
	uint64_t to = fx.cfg.mmio32_base + 0x1000000;
	cfg_wr(TD, 0, 0x10, 4, to);
	cfg_wr(TD, 0, 0x04, 2, CMD_MEM);
	is(mm_rd(to, 4), TESTDEV_MAGIC, "BAR0 decodes at its new address");
	ok(!vpci_mmio_read(fx.bus, b0, 4, &v), "and no longer at the old one");
	ok(fx_log_count("rewritten while memory decode") == 0, "a move with decode off is not misuse");

	/* Outside the windows: not forwarded by the host bridge. */
	cfg_wr(TD, 0, 0x04, 2, 0);
	cfg_wr(TD, 0, 0x10, 4, 0x80000000);
	cfg_wr(TD, 0, 0x04, 2, CMD_MEM);
	ok(!vpci_mmio_read(fx.bus, 0x80000000, 4, &v), "BAR0 placed outside the windows does not decode");
	is(fx_log_count("outside the host bridge windows"), 1, "logged once");
	cfg_wr(TD, 0, 0x04, 2, 0);
	cfg_wr(TD, 0, 0x04, 2, CMD_MEM);
	is(fx_log_count("outside the host bridge windows"), 1, "still once after a second time");

	/* Over the ECAM window: ECAM wins, the BAR is outside the windows anyway. */
	cfg_wr(TD, 0, 0x10, 4, fx.cfg.ecam_base);
	is(cfg_rd(0, 0, 0, 2), fx.cfg.bridge_vendor, "a BAR aimed at ECAM cannot shadow config space");

	/* Sizing while in use: decode stays on while the guest writes all-ones. */
	cfg_wr(TD, 0, 0x10, 4, b0);
	is(mm_rd(b0, 4), TESTDEV_MAGIC, "BAR0 back home");
	cfg_wr(TD, 0, 0x10, 4, 0xffffffff);
	ok(!vpci_mmio_read(fx.bus, b0, 4, &v), "sizing BAR0 live moves it away (to 0xfffff000, outside)");
	is(cfg_rd(TD, 0, 0x10, 4), 0xfffff000, "the sizing value reads back");
	cfg_wr(TD, 0, 0x10, 4, b0);
	is(mm_rd(b0, 4), TESTDEV_MAGIC, "restored: decodes again");
	is(fx_log_count("rewritten while memory decode is on"), 1, "live rewrite logged once");
	/* 64-bit BAR: half-written pair decodes where the pair points. */
	uint64_t b4 = vpci_device_bar_fw_addr(d, 4);
	mm_wr(b4 + 8, 8, 0x1122334455667788ULL);
	is(mm_rd(b4 + 8, 8), 0x1122334455667788ULL, "64-bit BAR4 memory answers a qword");
	cfg_wr(TD, 0, 0x24, 4, 0xffffffff);
	ok(!vpci_mmio_read(fx.bus, b4 + 8, 8, &v), "upper half sized live: BAR4 gone from its address");
	cfg_wr(TD, 0, 0x24, 4, b4 >> 32);
	is(mm_rd(b4 + 8, 8), 0x1122334455667788ULL, "upper half restored: BAR4 back, contents intact");
	cfg_wr(TD, 0, 0x04, 2, 0);
	vpci_device_remove(d);
}

static void test_pieces(void)
{
	struct vpci_device *d = add_rec(5, VPCI_BAR_MEM32, 4096, false);
	uint64_t b = vpci_device_bar_fw_addr(d, 0), v;

	is(rec.updates, 0, "bar_update: nothing while decode is off");
	cfg_wr(5, 0, 0x04, 2, CMD_MEM);
	ok(rec.updates == 1 && rec.upd_dec && rec.upd_addr == b, "bar_update: decoding at the firmware address");
	static const unsigned widths[] = { 1, 2, 4, 8 };

	rec.n = rec.bad = 0;
	for (unsigned w = 0; w < 4; w++)
		for (unsigned off = 0; off < 16; off++) {
			vpci_mmio_read(fx.bus, b + off, widths[w], &v);
			vpci_mmio_write(fx.bus, b + off, widths[w], ~0ULL);
		}
	ok(rec.n > 128, "every width at every offset reached the model (%u pieces)", rec.n);
	is(rec.bad, 0, "all pieces naturally aligned and inside the BAR");
	rec.n = 0;
	v = mm_rd(b + 3, 4);
	is(v, 0x07060504, "unaligned dword read = its bytes, assembled");
	ok(rec.n == 3 && rec.size[0] == 1 && rec.off[0] == 3 && rec.size[1] == 2 && rec.off[1] == 4 &&
	   rec.size[2] == 1 && rec.off[2] == 6, "split into byte@3, word@4, byte@6");
	is(fx_log_count("unaligned access to BAR"), 1, "unaligned BAR accesses logged once");

	/* Crossing the BAR's end: the inside part reaches the model, the rest master-aborts. */
	rec.n = 0;
	ok(vpci_mmio_read(fx.bus, b + 4092, 8, &v), "read crossing the BAR end is claimed");
	is(v, 0xffffffff00000000ULL | 0x08070605, "inside bytes from the model, outside all-ones");
	ok(rec.n == 1 && rec.off[0] == 4092 && rec.size[0] == 4, "model saw one dword at 4092");
	rec.n = 0;
	vpci_mmio_write(fx.bus, b + 4095, 2, 0xffff);
	ok(rec.n == 1 && rec.off[0] == 4095 && rec.size[0] == 1, "write crossing the end: one byte reached the model");

	cfg_wr(5, 0, 0x04, 2, 0);
	ok(!rec.upd_dec, "bar_update: decode off reported");

	/* Two BARs at one address: overlap logged, no crash. */
	struct vpci_device *t = fx_testdev(6);
	uint64_t tb = vpci_device_bar_fw_addr(t, 0);

	cfg_wr(5, 0, 0x10, 4, tb);
	cfg_wr(6, 0, 0x04, 2, CMD_MEM);
	cfg_wr(5, 0, 0x04, 2, CMD_MEM);
	is(fx_log_count("overlaps another BAR"), 1, "overlapping BARs logged");
	ok(vpci_mmio_read(fx.bus, tb, 4, &v), "the overlapped address still answers (lowest slot first)");
	is(v, 0x04030201, "the recording device in slot 5 wins");
	vpci_device_remove(t);
	vpci_device_remove(d);
}

int main(void)
{
	fx_start();
	fx_testdev(TD);
	test_sizing();
	test_io_bar();
	test_add_bar_errors();
	test_placement();
	vpci_device_remove(NULL);
	fx_stop();
	fx_start();
	test_decode();
	test_pieces();
	test_window_full();
	fx_stop();
	return done_testing();
}
