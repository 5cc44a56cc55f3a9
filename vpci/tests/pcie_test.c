// SPDX-License-Identifier: GPL-2.0
/* The PCI Express capability (RCiEP) and Function Level Reset. */
#include "fixture.h"

#define TD 6

static void test_cap(struct vpci_device *d)
{
	unsigned c = vpci_cap_find(d, 0x10);
	char err[256] = "";

	ok(c != 0, "testdev with pcie=true lists a PCIe capability at %#x", c);
	is(cfg_rd(TD, 0, c + 2, 2), 0x0092, "PCIe capability v2, Root Complex Integrated Endpoint");
	is(cfg_rd(TD, 0, c + 4, 4), 0x10008000, "Device Capabilities: FLR, role-based errors, 128-byte payload");
	is(cfg_rd(TD, 0, c + 8, 2), 0x2810, "Device Control reset value");
	cfg_wr(TD, 0, c + 8, 2, 0x7fff);
	is(cfg_rd(TD, 0, c + 8, 2), 0x78ff, "Device Control: phantom functions/aux power stay 0");
	cfg_wr(TD, 0, c + 8, 2, 0x2810);
	cfg_wr(TD, 0, c + 10, 2, 0xffff);
	is(cfg_rd(TD, 0, c + 10, 2), 0, "Device Status: RW1C error bits are clear and stay clear");
	is(cfg_rd(TD, 0, c + 12, 4), 0, "no link registers");
	is(cfg_rd(TD, 0, 0x100, 4), 0, "extended config space: no extended capabilities (header 0)");
	ok(vpci_pcie_init(d, false, err, sizeof(err)) < 0, "a second PCIe capability refused: %s", err);
}

static void test_flr(struct vpci_device *d)
{
	unsigned c = vpci_cap_find(d, 0x10), x = vpci_cap_find(d, 0x11);
	uint64_t r = vpci_device_bar_fw_addr(d, 0), moved = r + 0x100000;
	uint64_t t = vpci_device_bar_fw_addr(d, TESTDEV_MSIX_BAR);

	cfg_wr(TD, 0, 0x04, 2, CMD_MEM | CMD_MASTER);
	mm_wr(r + TESTDEV_REG_SCRATCH, 4, 0x1234);
	mm_wr(t + 12, 4, 0);
	mm_wr(r + TESTDEV_REG_DOORBELL, 4, 0);
	ok(fx.gsi[18], "INTx asserted before the FLR");
	cfg_wr(TD, 0, x + 2, 2, 0xc000);
	cfg_wr(TD, 0, 0x04, 2, 0);
	cfg_wr(TD, 0, 0x10, 4, moved);
	cfg_wr(TD, 0, 0x04, 2, CMD_MEM | CMD_MASTER);
	is(mm_rd(moved, 4), TESTDEV_MAGIC, "BAR0 moved by the guest");

	cfg_wr(TD, 0, c + 8, 2, 0x2810 | 0x8000);
	is(cfg_rd(TD, 0, c + 8, 2), 0x2810, "Initiate FLR reads back 0");
	is(cfg_rd(TD, 0, 0x04, 2), 0, "after FLR: command cleared");
	is(cfg_rd(TD, 0, x + 2, 2), 3, "after FLR: MSI-X disabled, unmasked function");
	is(cfg_rd(TD, 0, 0x10, 4), r, "after FLR: BAR0 back at the firmware address");
	ok(!fx.gsi[18], "after FLR: INTx deasserted");
	cfg_wr(TD, 0, 0x04, 2, CMD_MEM);
	is(mm_rd(r + TESTDEV_REG_SCRATCH, 4), 0, "after FLR: the model's registers are reset");
	is(mm_rd(t + 12, 4), 1, "after FLR: MSI-X vector 0 masked again");
}

static void test_no_flr(void)
{
	struct vpci_device_info info = { .name = "noflr", .vendor = 0x1234, .device = 11 };
	char err[256] = "";
	struct vpci_device *d = vpci_device_new(fx.bus, 7, 0, &info, err, sizeof(err));

	ok(!vpci_pcie_init(d, false, err, sizeof(err)), "PCIe capability without FLR");
	vpci_device_plug(d, err, sizeof(err));
	unsigned c = vpci_cap_find(d, 0x10);
	is(cfg_rd(7, 0, c + 4, 4) & 0x10000000, 0, "FLR not advertised");
	cfg_wr(7, 0, 0x0c, 1, 0x40);
	cfg_wr(7, 0, c + 8, 2, 0xa810);
	is(cfg_rd(7, 0, c + 8, 2), 0x2810, "Initiate FLR is not writable");
	is(cfg_rd(7, 0, 0x0c, 1), 0x40, "and nothing was reset");
}

int main(void)
{
	struct vpci_testdev_options o;
	char err[256] = "";

	fx_start();
	vpci_testdev_defaults(&o);
	o.slot = TD;
	o.pcie = true;
	struct vpci_device *d = vpci_testdev_add(fx.bus, &o, err, sizeof(err));
	if (!d)
		bail_out("%s", err);
	test_cap(d);
	test_flr(d);
	test_no_flr();
	fx_stop();
	return done_testing();
}
