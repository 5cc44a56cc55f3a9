// SPDX-License-Identifier: GPL-2.0
/*
 * INTx: level semantics through the _PRT swizzle, Interrupt Status and
 * Interrupt Disable, wired-OR sharing of a GSI, MSI/MSI-X taking over.
 */
#include "fixture.h"

static uint64_t regs_of(struct vpci_device *d)
{
	return vpci_device_bar_fw_addr(d, TESTDEV_REGS_BAR);
}

static void ring(struct vpci_device *d)
{
	mm_wr(regs_of(d) + TESTDEV_REG_DOORBELL, 4, 0);
}

static void ack(struct vpci_device *d)
{
	mm_wr(regs_of(d) + TESTDEV_REG_IRQ_ACK, 4, 1);
}

static void test_swizzle(void)
{
	is(vpci_intx_gsi(&fx.cfg, 0, 1), 16, "slot 0 INTA -> GSI 16");
	is(vpci_intx_gsi(&fx.cfg, 1, 1), 17, "slot 1 INTA -> GSI 17");
	is(vpci_intx_gsi(&fx.cfg, 3, 2), 16, "slot 3 INTB -> GSI 16 ((3+1)%%4)");
	is(vpci_intx_gsi(&fx.cfg, 31, 4), 18, "slot 31 INTD -> GSI 18 ((31+3)%%4)");
}

static void test_level(struct vpci_device *d, unsigned slot)
{
	unsigned gsi = 16 + slot % 4;

	cfg_wr(slot, 0, 0x04, 2, CMD_MEM);
	ok(!fx.gsi[gsi], "GSI %u low at start", gsi);
	ring(d);
	ok(fx.gsi[gsi], "doorbell in INTx mode raises GSI %u", gsi);
	ok(cfg_rd(slot, 0, 0x06, 2) & 0x08, "Interrupt Status set");
	is(mm_rd(regs_of(d) + TESTDEV_REG_IRQ_STATUS, 4), 1, "device status register set");
	unsigned changes = fx.nintx;
	ring(d);
	is(fx.nintx, changes, "a second doorbell while high: no new edge (level)");

	cfg_wr(slot, 0, 0x04, 2, CMD_MEM | CMD_INTX_DISABLE);
	ok(!fx.gsi[gsi], "Interrupt Disable lowers the GSI");
	ok(cfg_rd(slot, 0, 0x06, 2) & 0x08, "Interrupt Status still set while disabled");
	cfg_wr(slot, 0, 0x04, 2, CMD_MEM);
	ok(fx.gsi[gsi], "re-enabled: the still-asserted line raises the GSI again");
	ack(d);
	ok(!fx.gsi[gsi], "acknowledging in the device lowers it");
	ok(!(cfg_rd(slot, 0, 0x06, 2) & 0x08), "Interrupt Status clear");
	cfg_wr(slot, 0, 0x06, 2, 0x0008);
	ok(!(cfg_rd(slot, 0, 0x06, 2) & 0x08), "Interrupt Status is read-only");

	/* Asserted while disabled: status only. */
	cfg_wr(slot, 0, 0x04, 2, CMD_MEM | CMD_INTX_DISABLE);
	ring(d);
	ok(!fx.gsi[gsi] && (cfg_rd(slot, 0, 0x06, 2) & 0x08), "disabled: status set, GSI low");
	ack(d);
	cfg_wr(slot, 0, 0x04, 2, CMD_MEM);
	ok(!fx.gsi[gsi], "acked before re-enable: nothing fires");
}

static void test_shared(struct vpci_device *a, struct vpci_device *b)
{
	/* Slots 5 and 9 both put INTA on GSI 17. */
	cfg_wr(5, 0, 0x04, 2, CMD_MEM);
	cfg_wr(9, 0, 0x04, 2, CMD_MEM);
	ring(a);
	ring(b);
	ok(fx.gsi[17], "two devices assert GSI 17");
	ack(a);
	ok(fx.gsi[17], "one deasserts: the wired-OR stays high");
	ack(b);
	ok(!fx.gsi[17], "both deassert: low");
	ring(a);
	vpci_device_remove(a);
	ok(!fx.gsi[17], "removing an asserting device releases its share");
	ring(b);
	ok(fx.gsi[17], "the other still works");
	vpci_bus_reset(fx.bus);
	ok(!fx.gsi[17], "bus reset lowers every line");
	cfg_wr(9, 0, 0x04, 2, CMD_MEM);
	ring(b);
	ok(fx.gsi[17], "raised again after the reset (and left high)");
}

static void test_msi_takes_over(struct vpci_device *d, unsigned slot)
{
	unsigned gsi = 16 + slot % 4, msi = vpci_cap_find(d, 0x05), msix = vpci_cap_find(d, 0x11);

	cfg_wr(slot, 0, 0x04, 2, CMD_MEM | CMD_MASTER);
	ring(d);
	ok(fx.gsi[gsi], "asserted");
	cfg_wr(slot, 0, msi + 2, 2, 1);
	ok(!fx.gsi[gsi], "enabling MSI silences INTx");
	cfg_wr(slot, 0, msi + 2, 2, 0);
	ok(fx.gsi[gsi], "disabling MSI: the still-asserted line shows again");
	cfg_wr(slot, 0, msix + 2, 2, 0x8000);
	ok(!fx.gsi[gsi], "enabling MSI-X silences INTx");
	cfg_wr(slot, 0, msix + 2, 2, 0);
	ack(d);
	ok(!fx.gsi[gsi], "acked: low");
}

static void test_no_pin(void)
{
	struct vpci_device_info info = { .name = "nopin", .vendor = 0x1234, .device = 10 };
	char err[256] = "";
	struct vpci_device *d = vpci_device_new(fx.bus, 12, 0, &info, err, sizeof(err));
	unsigned n = fx.nintx;

	vpci_device_plug(d, err, sizeof(err));
	vpci_intx_set(d, true);
	is(fx.nintx, n, "a function without a pin cannot raise INTx");
	ok(!(cfg_rd(12, 0, 0x06, 2) & 0x08), "nor set Interrupt Status");
	is(cfg_rd(12, 0, 0x3c, 1), 0xff, "its Interrupt Line says 'not connected' (0xff)");
	cfg_wr(12, 0, 0x04, 2, 0xffff);
	is(cfg_rd(12, 0, 0x04, 2) & CMD_INTX_DISABLE, 0, "and it has no Interrupt Disable bit");
	is(vpci_device_irq_mode(d), VPCI_IRQ_NONE, "irq mode: none");
}

int main(void)
{
	fx_start();
	test_swizzle();
	struct vpci_device *d = fx_testdev(2);
	test_level(d, 2);
	struct vpci_device *a = fx_testdev(5), *b = fx_testdev(9);
	test_shared(a, b);
	test_msi_takes_over(d, 2);
	test_no_pin();
	is(vpci_bus_get_config(fx.bus)->intx_gsi_base, 16, "the bus reports its configuration");
	unsigned n = fx.nintx;
	fx_stop();
	is(fx.nintx, n, "freeing a bus with an asserted line calls no intx callback");
	return done_testing();
}
