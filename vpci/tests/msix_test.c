// SPDX-License-Identifier: GPL-2.0
/*
 * MSI-X: table and PBA in a BAR, per-vector and function masking, pending
 * bits set while masked and sent on unmask, vectors that do not exist.
 */
#include "fixture.h"

#define TD 4

static uint64_t regs, table, pba;
static unsigned cap;

static void ring(unsigned v)
{
	mm_wr(regs + TESTDEV_REG_DOORBELL, 4, v);
}

static void program(unsigned v, uint64_t addr, uint32_t data)
{
	mm_wr(table + 16 * v, 8, addr);
	mm_wr(table + 16 * v + 8, 4, data);
}

static void unmask(unsigned v, bool on)
{
	mm_wr(table + 16 * v + 12, 4, on ? 0 : 1);
}

static void ctl(uint16_t v)
{
	cfg_wr(TD, 0, cap + 2, 2, v);
}

static void test_table(void)
{
	bool masked = true;

	for (unsigned v = 0; v < 4; v++)
		masked &= mm_rd(table + 16 * v + 12, 4) == 1;
	ok(masked, "every vector starts masked");
	is(mm_rd(table, 8), 0, "address starts 0");
	program(0, 0xfee00000, 33);
	is(mm_rd(table, 4), 0xfee00000, "address low reads back (dword)");
	is(mm_rd(table + 8, 4), 33, "data reads back");
	mm_wr(table + 16, 4, 0xfee00003);
	is(mm_rd(table + 16, 4), 0xfee00000, "address bits 1:0 read-only 0");
	mm_wr(table + 16 + 12, 4, 0xffffffff);
	is(mm_rd(table + 16 + 12, 4), 1, "vector control: only the mask bit is writable");
	mm_wr(table + 16 + 8, 8, 0xffffffff00000022ULL);
	is(mm_rd(table + 16 + 8, 8), 0x0000000100000022ULL, "qword write over data + control");
	program(1, 0xfee00000, 34);
	program(2, 0xfee00000, 35);
	program(3, 0xfee00000, 36);
	mm_wr(table + 2, 2, 0xabcd);
	is(fx_log_count("MSI-X table access of 2 bytes"), 1, "narrow table access logged once");
	mm_rd(table + 1, 1);
	is(fx_log_count("MSI-X table access"), 1, "still once");
	is(mm_rd(table, 4), 0xabcd0000, "but the word write landed (as bytes)");
	program(0, 0xfee00000, 33);
}

static void test_delivery(struct vpci_device *d)
{
	unsigned n = fx.nmsi;

	cfg_wr(TD, 0, 0x04, 2, CMD_MEM | CMD_MASTER);
	ring(0);
	is(fx.nmsi, n, "MSI-X disabled, MSI disabled: INTx instead of a message");
	mm_wr(regs + TESTDEV_REG_IRQ_ACK, 4, 1);
	ctl(0x8000);
	is(vpci_device_irq_mode(d), VPCI_IRQ_MSIX, "MSI-X enabled");
	ring(0);
	is(fx.nmsi, n, "vector 0 masked: nothing sent");
	is(mm_rd(pba, 8), 1, "PBA bit 0 set");
	unmask(0, true);
	is(fx.nmsi, n + 1, "unmask vector 0: the pending message goes out");
	ok(fx.msi_addr[n] == 0xfee00000 && fx.msi_data[n] == 33, "with vector 0's address and data");
	is(mm_rd(pba, 8), 0, "PBA bit 0 cleared");
	ring(0);
	is(fx.nmsi, n + 2, "unmasked vector 0: sent at once");

	/* Function mask holds every vector. */
	unmask(1, true);
	unmask(3, true);
	ctl(0xc000);
	ring(1);
	ring(3);
	ring(2);
	is(fx.nmsi, n + 2, "function masked: nothing sent");
	is(mm_rd(pba, 4), 0xe, "PBA bits 1,2,3 set");
	is(mm_rd(pba + 0, 1), 0xe, "PBA readable as a byte");
	ctl(0x8000);
	is(fx.nmsi, n + 4, "function unmasked: vectors 1 and 3 go out");
	ok(fx.msi_data[n + 2] == 34 && fx.msi_data[n + 3] == 36, "in vector order, with their data");
	is(mm_rd(pba, 4), 0x4, "vector 2 (still masked) stays pending");
	/* Retarget a pending vector before unmasking: the new message is used. */
	program(2, 0xfee00000, 99);
	unmask(2, true);
	ok(fx.nmsi == n + 5 && fx.msi_data[n + 4] == 99, "pending vector sent with its updated data");

	/* PBA is read-only. */
	ctl(0xc000);
	ring(0);
	mm_wr(pba, 8, 0);
	is(mm_rd(pba, 8), 1, "PBA ignores writes");
	is(fx_log_count("MSI-X PBA"), 1, "write to the PBA logged");
	ctl(0x8000);
	is(mm_rd(pba, 8), 0, "flushed on function unmask");
}

static void test_hostile(struct vpci_device *d)
{
	unsigned n = fx.nmsi;
	uint32_t dropped = (uint32_t)mm_rd(regs + TESTDEV_REG_DROPPED, 4);

	ring(4);
	ring(0xffffffff);
	is(fx.nmsi, n, "doorbells for vectors 4 and 2^32-1 of 4: nothing sent");
	is(mm_rd(regs + TESTDEV_REG_DROPPED, 4), dropped + 2, "both counted as dropped");
	is(fx_log_count("MSI-X vector 4 beyond"), 1, "logged once");
	ok(!vpci_msix_notify(d, 2048), "notify of vector 2048 refused");

	/* Unmasking "vector 4": past the table, inside the BAR -> the model, ignored. */
	mm_wr(table + 16 * 4 + 12, 4, 0);
	is(mm_rd(table + 16 * 4 + 12, 4), 0, "past the table reads 0 (device space)");
	is(fx.nmsi, n, "nothing fires");
	/* Past the PBA, far in the BAR, at the BAR's last byte. */
	is(mm_rd(pba + 8, 8), 0, "after the PBA reads 0");
	mm_wr(table + 0x3ff8, 8, ~0ULL);
	is(mm_rd(table + 0x3ff8, 8), 0, "last qword of the MSI-X BAR reads 0");

	/* Bus Master off: unmasked vector is dropped, not pended. */
	cfg_wr(TD, 0, 0x04, 2, CMD_MEM);
	ring(0);
	is(fx.nmsi, n, "Bus Master off: dropped");
	is(fx_log_count("Bus Master Enable is off"), 1, "logged once");
	cfg_wr(TD, 0, 0x04, 2, CMD_MEM | CMD_MASTER);
	is(fx.nmsi, n, "and not sent later");

	/* Disable while pending: nothing fires; re-enable: it does. */
	unmask(0, false);
	ring(0);
	ctl(0x0000);
	unmask(0, true);
	is(fx.nmsi, n, "unmask with MSI-X disabled: held");
	ctl(0x8000);
	is(fx.nmsi, n + 1, "enable: the pending vector goes out");

	/* Reset: table masked again, PBA clear, disabled. */
	vpci_bus_reset(fx.bus);
	is(mm_rd(table + 12, 4), 0xffffffff, "after reset: decode off, the table is gone");
	cfg_wr(TD, 0, 0x04, 2, CMD_MEM);
	is(cfg_rd(TD, 0, cap + 2, 2), 3, "after reset: MSI-X disabled");
	is(mm_rd(table + 12, 4), 1, "after reset: vector 0 masked");
	is(mm_rd(table + 8, 4), 0, "after reset: data cleared");
}

static void test_big_table(void)
{
	struct vpci_testdev_options o;
	char err[256] = "";

	vpci_testdev_defaults(&o);
	o.slot = 8;
	o.msix_vectors = 512;
	struct vpci_device *d = vpci_testdev_add(fx.bus, &o, err, sizeof(err));
	ok(d != NULL, "testdev with 512 vectors %s", err);
	uint64_t t = vpci_device_bar_fw_addr(d, TESTDEV_MSIX_BAR), r = vpci_device_bar_fw_addr(d, 0);
	unsigned c = vpci_cap_find(d, 0x11), n = fx.nmsi;

	cfg_wr(8, 0, 0x04, 2, CMD_MEM | CMD_MASTER);
	cfg_wr(8, 0, c + 2, 2, 0x8000);
	mm_wr(t + 16 * 511, 8, 0xfee00000);
	mm_wr(t + 16 * 511 + 8, 4, 511);
	mm_wr(r + TESTDEV_REG_DOORBELL, 4, 511);
	is(mm_rd(t + TESTDEV_PBA_OFFSET + 56, 8), 1ULL << 63, "vector 511 pending in the PBA's last qword");
	mm_wr(t + 16 * 511 + 12, 4, 0);
	ok(fx.nmsi == n + 1 && fx.msi_data[n] == 511, "vector 511 delivered on unmask");
	o.msix_vectors = 513;
	o.slot = 9;
	ok(!vpci_testdev_add(fx.bus, &o, err, sizeof(err)), "513 vectors refused: %s", err);
}

int main(void)
{
	fx_start();
	struct vpci_device *d = fx_testdev(TD);

	regs = vpci_device_bar_fw_addr(d, TESTDEV_REGS_BAR);
	table = vpci_device_bar_fw_addr(d, TESTDEV_MSIX_BAR);
	pba = table + TESTDEV_PBA_OFFSET;
	cap = vpci_cap_find(d, 0x11);
	cfg_wr(TD, 0, 0x04, 2, CMD_MEM);
	test_table();
	test_delivery(d);
	test_hostile(d);
	test_big_table();
	fx_stop();
	return done_testing();
}
