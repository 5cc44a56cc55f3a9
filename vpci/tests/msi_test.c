// SPDX-License-Identifier: GPL-2.0
/* MSI: delivery, multiple vectors, per-vector masking and pending bits, Bus Master gating. */
#include "fixture.h"

#define TD 2

static uint64_t regs;
static unsigned cap;

static void ring(unsigned v)
{
	mm_wr(regs + TESTDEV_REG_DOORBELL, 4, v);
}

static uint32_t fired(void)
{
	return (uint32_t)mm_rd(regs + TESTDEV_REG_FIRED, 4);
}

static uint32_t dropped(void)
{
	return (uint32_t)mm_rd(regs + TESTDEV_REG_DROPPED, 4);
}

static void test_delivery(struct vpci_device *d)
{
	cfg_wr(TD, 0, 0x04, 2, CMD_MEM | CMD_MASTER);
	cfg_wr(TD, 0, cap + 4, 4, 0xfee00000);
	cfg_wr(TD, 0, cap + 8, 4, 0x1);
	cfg_wr(TD, 0, cap + 12, 2, 0x40);
	is(vpci_device_irq_mode(d), VPCI_IRQ_INTX, "MSI not enabled yet: INTx mode");
	cfg_wr(TD, 0, cap + 2, 2, 0x0001);
	is(vpci_device_irq_mode(d), VPCI_IRQ_MSI, "MSI enabled");
	ring(0);
	is(fx.nmsi, 1, "doorbell: one MSI");
	is(fx.msi_addr[0], 0x1fee00000ULL, "64-bit address as programmed");
	is(fx.msi_data[0], 0x40, "data as programmed");
	ring(1);
	is(fx.nmsi, 1, "vector 1 with one vector enabled (MME=0): dropped");
	is(dropped(), 1, "the device counted the drop");
	is(fx_log_count("MSI vector 1 beyond"), 1, "and vpci logged the misuse once");

	/* Four vectors: the low 2 data bits carry the vector. */
	cfg_wr(TD, 0, cap + 2, 2, 0x0021);
	ring(3);
	is(fx.msi_data[1], 0x43, "MME=2: vector 3 sends data 0x43");
	cfg_wr(TD, 0, cap + 12, 2, 0x47);
	ring(1);
	is(fx.msi_data[2], 0x45, "vector bits replace the data's low bits (0x47 -> 0x45)");
	cfg_wr(TD, 0, cap + 12, 2, 0x40);

	/* MME beyond MMC: clamped to what is implemented, logged. */
	cfg_wr(TD, 0, cap + 2, 2, 0x0071);
	is(cfg_rd(TD, 0, cap + 2, 2) & 0x70, 0x70, "MME 7 is stored (as hardware latches it)");
	ring(3);
	is(fx.msi_data[3], 0x43, "but only 4 vectors are used");
	is(fx_log_count("Multiple Message Enable 7"), 1, "MME > MMC logged");
	cfg_wr(TD, 0, cap + 2, 2, 0x0021);
	is(fired(), 4, "4 doorbells fired");
}

static void test_masking(void)
{
	unsigned n = fx.nmsi;

	cfg_wr(TD, 0, cap + 16, 4, 0xf);
	is(cfg_rd(TD, 0, cap + 16, 4), 0xf, "mask bits of the 4 vectors are writable");
	cfg_wr(TD, 0, cap + 16, 4, 0xffffffff);
	is(cfg_rd(TD, 0, cap + 16, 4), 0xf, "mask bits of unimplemented vectors stay 0");
	ring(2);
	is(fx.nmsi, n, "masked vector 2: nothing sent");
	is(cfg_rd(TD, 0, cap + 20, 4), 0x4, "pending bit 2 set");
	cfg_wr(TD, 0, cap + 20, 4, 0);
	is(cfg_rd(TD, 0, cap + 20, 4), 0x4, "pending bits are read-only");
	cfg_wr(TD, 0, cap + 16, 4, 0xb);
	is(fx.nmsi, n + 1, "unmasking vector 2 sends it");
	is(fx.msi_data[n], 0x42, "with vector 2's data");
	is(cfg_rd(TD, 0, cap + 20, 4), 0, "pending bit cleared");
	cfg_wr(TD, 0, cap + 16, 4, 0x0);
	is(fx.nmsi, n + 1, "unmasking vectors that were not pending sends nothing");

	/* Pending while MSI is disabled and re-enabled. */
	cfg_wr(TD, 0, cap + 16, 4, 0x1);
	ring(0);
	cfg_wr(TD, 0, cap + 2, 2, 0x0020);
	cfg_wr(TD, 0, cap + 16, 4, 0x0);
	is(fx.nmsi, n + 1, "unmask while MSI disabled: still nothing");
	cfg_wr(TD, 0, cap + 2, 2, 0x0021);
	is(fx.nmsi, n + 2, "re-enabling MSI sends the pending vector");
}

static void test_bus_master(void)
{
	unsigned n = fx.nmsi;

	cfg_wr(TD, 0, 0x04, 2, CMD_MEM);
	ring(0);
	is(fx.nmsi, n, "Bus Master off: the message is not sent");
	is(fx_log_count("Bus Master Enable is off"), 1, "logged once");
	ring(0);
	is(fx_log_count("Bus Master Enable is off"), 1, "still once");
	/* Masked + pending while BME is off, sent when BME comes back. */
	cfg_wr(TD, 0, cap + 16, 4, 0x2);
	ring(1);
	cfg_wr(TD, 0, cap + 16, 4, 0x0);
	is(fx.nmsi, n, "unmasked with BME off: still held");
	cfg_wr(TD, 0, 0x04, 2, CMD_MEM | CMD_MASTER);
	is(fx.nmsi, n + 1, "BME on: the pending vector goes out");
	is(fx.msi_data[n], 0x41, "vector 1");
}

static void test_32bit(void)
{
	struct vpci_device_info info = { .name = "msi32", .vendor = 0x1234, .device = 9 };
	char err[256] = "";
	struct vpci_device *d = vpci_device_new(fx.bus, 7, 0, &info, err, sizeof(err));

	vpci_msi_init(d, 2, false, false, err, sizeof(err));
	vpci_device_plug(d, err, sizeof(err));
	unsigned c = vpci_cap_find(d, 0x05);
	unsigned n = fx.nmsi;

	ok(!vpci_msi_notify(d, 0), "MSI disabled: notify refuses");
	cfg_wr(7, 0, c + 4, 4, 0xfee01000);
	cfg_wr(7, 0, c + 8, 2, 0x30);
	cfg_wr(7, 0, c + 2, 2, 0x11);
	cfg_wr(7, 0, 0x04, 2, CMD_MASTER);
	ok(vpci_msi_notify(d, 1), "32-bit MSI: vector 1 sent");
	ok(fx.nmsi == n + 1 && fx.msi_addr[n] == 0xfee01000 && fx.msi_data[n] == 0x31,
	   "address 0xfee01000, data 0x31");
	ok(!vpci_msi_notify(d, 2), "vector 2 of 2: refused");
	ok(!vpci_msi_notify(d, 1000000), "absurd vector: refused, no crash");
}

int main(void)
{
	fx_start();
	struct vpci_device *d = fx_testdev(TD);

	regs = vpci_device_bar_fw_addr(d, TESTDEV_REGS_BAR);
	cap = vpci_cap_find(d, 0x05);
	test_delivery(d);
	test_masking();
	test_bus_master();
	test_32bit();
	fx_stop();
	return done_testing();
}
