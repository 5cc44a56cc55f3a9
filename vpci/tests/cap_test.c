// SPDX-License-Identifier: GPL-2.0
/* Capability lists: walking them as a guest does, their RO fields, running out of room. */
#include "fixture.h"

#define TD 3

static void test_walk(struct vpci_device *d)
{
	unsigned ids[16], offs[16], n = 0;

	ok(cfg_rd(TD, 0, 0x06, 2) & 0x10, "status has the capabilities-list bit");
	unsigned p = (unsigned)cfg_rd(TD, 0, 0x34, 1);
	ok(p >= 0x40 && p % 4 == 0, "capabilities pointer %#x is in the device-specific area, dword aligned", p);
	while (p && n < 16) {
		offs[n] = p;
		ids[n++] = (unsigned)cfg_rd(TD, 0, p, 1);
		p = (unsigned)cfg_rd(TD, 0, p + 1, 1);
	}
	is(n, 2, "testdev lists two capabilities, list ends with 0");
	is(ids[0], 0x05, "first: MSI");
	is(ids[1], 0x11, "second: MSI-X");
	is(vpci_cap_find(d, 0x05), offs[0], "vpci_cap_find agrees for MSI");
	is(vpci_cap_find(d, 0x11), offs[1], "vpci_cap_find agrees for MSI-X");
	is(vpci_cap_find(d, 0x10), 0, "no PCIe capability");
	ok(offs[1] >= offs[0] + 24, "MSI-X capability does not overlap the 24-byte MSI one");

	/* The pointers and IDs are read-only. */
	cfg_wr(TD, 0, 0x34, 1, 0x80);
	cfg_wr(TD, 0, offs[0], 2, 0xffff);
	cfg_wr(TD, 0, offs[1], 2, 0);
	is(cfg_rd(TD, 0, 0x34, 1), offs[0], "capabilities pointer is read-only");
	is(cfg_rd(TD, 0, offs[0], 2), 0x05 | offs[1] << 8, "MSI ID and next pointer are read-only");
	is(cfg_rd(TD, 0, offs[1], 2), 0x11, "MSI-X ID and next (0) are read-only");

	/* MSI control: 64-bit, per-vector masking, 4 vectors capable. */
	uint16_t ctl = (uint16_t)cfg_rd(TD, 0, offs[0] + 2, 2);
	is(ctl, 0x0184, "MSI control: maskable, 64-bit, MMC=2 (4 vectors), disabled");
	cfg_wr(TD, 0, offs[0] + 2, 2, 0xffff);
	is(cfg_rd(TD, 0, offs[0] + 2, 2), 0x01f5, "MSI control: only Enable and MME (3 bits) are writable");
	cfg_wr(TD, 0, offs[0] + 2, 2, 0);

	/* MSI-X control and locations. */
	is(cfg_rd(TD, 0, offs[1] + 2, 2), 3, "MSI-X control: table size 4 (encoded 3), disabled, unmasked");
	cfg_wr(TD, 0, offs[1] + 2, 2, 0x3fff);
	is(cfg_rd(TD, 0, offs[1] + 2, 2), 3, "MSI-X table size is read-only");
	is(cfg_rd(TD, 0, offs[1] + 4, 4), TESTDEV_MSIX_BAR, "MSI-X table: BIR 2, offset 0");
	is(cfg_rd(TD, 0, offs[1] + 8, 4), TESTDEV_PBA_OFFSET | TESTDEV_MSIX_BAR, "MSI-X PBA: BIR 2, offset 0x2000");
	cfg_wr(TD, 0, offs[1] + 4, 8, 0);
	is(cfg_rd(TD, 0, offs[1] + 4, 4), TESTDEV_MSIX_BAR, "MSI-X table offset/BIR are read-only");
}

static void test_room(void)
{
	struct vpci_device_info info = { .name = "caps", .vendor = 0x1234, .device = 7 };
	char err[256] = "";
	struct vpci_device *d = vpci_device_new(fx.bus, 4, 0, &info, err, sizeof(err));
	unsigned n = 0, off, last = 0;

	is(vpci_cap_find(d, 0x09), 0, "no capability before adding one");
	is(cfg_rd(4, 0, 0x00, 4), 0xffffffff, "unplugged device is invisible");
	while ((off = vpci_cap_add(d, 0x09, 16)))
		n++, last = off;
	is(n, 12, "twelve 16-byte vendor capabilities fit in 0x40..0xff");
	is(last, 0xf0, "the last one at 0xf0");
	is(vpci_cap_add(d, 0x09, 2), 0, "no room left, even for 2 bytes");
	is(vpci_cap_add(d, 0x09, 1), 0, "a 1-byte capability is refused");
	ok(vpci_msi_init(d, 1, false, false, err, sizeof(err)) < 0, "MSI refused when full: %s", err);
	ok(!vpci_device_plug(d, err, sizeof(err)), "plugged");
	ok(cfg_rd(4, 0, 0x06, 2) & 0x10, "status now has the capabilities bit");
	is(vpci_cap_add(d, 0x09, 4), 0, "no capability added after plugging");

	unsigned walked = 0;
	for (unsigned p = (unsigned)cfg_rd(4, 0, 0x34, 1); p && walked < 64; p = (unsigned)cfg_rd(4, 0, p + 1, 1))
		walked++;
	is(walked, 12, "guest walk finds all twelve");
	/* A model corrupting its own list into a loop cannot hang vpci_cap_find. */
	ok(vpci_config_init(d, 0x40, 4, 0x4009, 0, 0) < 0, "config_init refuses after plug");
	is(vpci_cap_find(d, 0x77), 0, "find of an absent ID terminates");
}

static void test_loop(void)
{
	struct vpci_device_info info = { .name = "loop", .vendor = 0x1234, .device = 8 };
	char err[256] = "";
	struct vpci_device *d = vpci_device_new(fx.bus, 5, 0, &info, err, sizeof(err));

	vpci_cap_add(d, 0x09, 8);
	/* Model register at 0x41 pointing back to 0x40: a looping list. */
	ok(!vpci_config_init(d, 0x41, 1, 0x40, 0, 0), "a model may set its own bytes before plug");
	vpci_device_plug(d, err, sizeof(err));
	is(vpci_cap_find(d, 0x77), 0, "looping capability list: find terminates with 0");
	is(vpci_cap_find(d, 0x09), 0x40, "and still finds what is there");
}

static void test_msi_layouts(void)
{
	struct vpci_device_info info = { .name = "msi32", .vendor = 0x1234, .device = 9 };
	char err[256] = "";
	struct vpci_device *d = vpci_device_new(fx.bus, 6, 0, &info, err, sizeof(err));

	ok(vpci_msi_init(d, 3, false, false, err, sizeof(err)) < 0, "3 MSI vectors refused: %s", err);
	ok(vpci_msi_init(d, 64, false, false, err, sizeof(err)) < 0, "64 MSI vectors refused: %s", err);
	ok(!vpci_msi_init(d, 1, false, false, err, sizeof(err)), "32-bit, 1 vector, no masking");
	ok(vpci_msi_init(d, 1, false, false, err, sizeof(err)) < 0, "a second MSI capability refused: %s", err);
	ok(vpci_msix_init(d, 4, 0, 0, 0, 0x100, err, sizeof(err)) < 0, "MSI-X in a BAR that does not exist refused: %s", err);
	vpci_device_add_bar(d, 0, VPCI_BAR_MEM32, 4096, false, err, sizeof(err));
	ok(vpci_msix_init(d, 4, 0, 4, 0, 0x100, err, sizeof(err)) < 0, "unaligned table offset refused: %s", err);
	ok(vpci_msix_init(d, 4, 0, 0, 0, 0x20, err, sizeof(err)) < 0, "PBA overlapping the table refused: %s", err);
	ok(vpci_msix_init(d, 300, 0, 0, 0, 0xff8, err, sizeof(err)) < 0, "table larger than the BAR refused: %s", err);
	ok(vpci_msix_init(d, 0, 0, 0, 0, 0x800, err, sizeof(err)) < 0, "0 vectors refused: %s", err);
	ok(!vpci_msix_init(d, 64, 0, 0, 0, 0x800, err, sizeof(err)), "64 vectors, table and PBA in BAR0 %s", err);
	vpci_device_plug(d, err, sizeof(err));
	unsigned c = vpci_cap_find(d, 0x05);
	is(cfg_rd(6, 0, c + 2, 2), 0, "32-bit 1-vector MSI control: 0");
	cfg_wr(6, 0, c + 4, 4, 0xfee00003);
	is(cfg_rd(6, 0, c + 4, 4), 0xfee00000, "MSI address: low 2 bits read-only 0");
	cfg_wr(6, 0, c + 8, 4, 0xffffffff);
	is(cfg_rd(6, 0, c + 8, 4), 0xffff, "32-bit MSI: data at +8, 16 bits");
	is(cfg_rd(6, 0, c + 10, 2), 0, "nothing after the data");
	is(cfg_rd(6, 0, c + 1, 1), c + 12, "next capability right after, dword aligned");
	unsigned x = vpci_cap_find(d, 0x11);
	is(cfg_rd(6, 0, x + 2, 2), 63, "MSI-X table size 64");
}

/* vpci_cap_place: offsets of a real function's list, in its order. */
static void test_place(void)
{
	struct vpci_device_info info = { .name = "placed", .vendor = 0x1234, .device = 10 };
	char err[256] = "";
	struct vpci_device *d = vpci_device_new(fx.bus, 12, 0, &info, err, sizeof(err));

	if (!d)
		bail_out("vpci_device_new: %s", err);

	ok(!vpci_cap_place(d, 0xc8) && vpci_cap_add(d, 0x01, 8) == 0xc8, "placed at 0xc8");
	ok(!vpci_cap_place(d, 0xa0) && vpci_cap_add(d, 0x09, 8) == 0xa0, "then at 0xa0, below it");
	ok(!vpci_cap_place(d, 0xcc) && vpci_cap_add(d, 0x09, 8) == 0, "overlapping 0xc8's is refused");
	is(vpci_cap_add(d, 0x09, 4), 0xd0, "unplaced: after the highest one");
	ok(vpci_cap_place(d, 0x3c) && vpci_cap_place(d, 0x42) && vpci_cap_place(d, 0x100),
	   "offsets below 0x40, unaligned or past 0xff are refused");
	ok(!vpci_cap_place(d, 0xe0) && !vpci_pcie_init(d, false, err, sizeof(err)),
	   "a PCIe capability placed at 0xe0");
	is(vpci_cap_find(d, 0x10), 0xe0, "is there");
	ok(!vpci_device_plug(d, err, sizeof(err)), "plugged");
	is(cfg_rd(12, 0, 0x34, 1), 0xc8, "the list starts at the first one added");
	is(cfg_rd(12, 0, 0xc9, 1), 0xa0, "and links them in the order added");
	is(cfg_rd(12, 0, 0xe2, 2) & 0xf, 1, "PCIe at 0xe0 is version 1: version 2 would not fit");
	vpci_device_remove(d);
}

int main(void)
{
	fx_start();
	struct vpci_device *d = fx_testdev(TD);
	test_walk(d);
	test_room();
	test_loop();
	test_msi_layouts();
	test_place();
	fx_stop();
	return done_testing();
}
