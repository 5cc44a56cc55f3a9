// SPDX-License-Identifier: GPL-2.0
/* The test device's registers, memory BAR, ROM and doorbell modes, seen from the bus. */
#include "fixture.h"

#define TD 1

static uint64_t r;

static void test_regs(void)
{
	is(mm_rd(r + TESTDEV_REG_MAGIC, 4), TESTDEV_MAGIC, "magic");
	is(mm_rd(r + TESTDEV_REG_INFO, 4), TESTDEV_VERSION << 16 | 4, "info: version 1, 4 MSI-X vectors");
	mm_wr(r + TESTDEV_REG_MAGIC, 4, 0);
	is(mm_rd(r + TESTDEV_REG_MAGIC, 4), TESTDEV_MAGIC, "magic is read-only");
	mm_wr(r + TESTDEV_REG_SCRATCH, 4, 0xa5a5f00d);
	is(mm_rd(r + TESTDEV_REG_SCRATCH, 4), 0xa5a5f00d, "scratch dword");
	mm_wr(r + TESTDEV_REG_SCRATCH + 1, 1, 0x12);
	is(mm_rd(r + TESTDEV_REG_SCRATCH, 4), 0xa5a5120d, "scratch byte 1 written alone");
	is(mm_rd(r + TESTDEV_REG_SCRATCH + 2, 2), 0xa5a5, "scratch high word");
	mm_wr(r + TESTDEV_REG_SCRATCH64, 8, 0x0123456789abcdefULL);
	is(mm_rd(r + TESTDEV_REG_SCRATCH64, 8), 0x0123456789abcdefULL, "scratch64 qword");
	is(mm_rd(r + TESTDEV_REG_SCRATCH64 + 4, 4), 0x01234567, "scratch64 high dword");
	mm_wr(r + TESTDEV_REG_SCRATCH64 + 3, 4, 0xffffffff);
	is(mm_rd(r + TESTDEV_REG_SCRATCH64, 8), 0x01ffffffffabcdefULL, "unaligned dword write into scratch64");
	is(mm_rd(r + TESTDEV_REGS_END, 4), 0, "past the registers reads 0");
	is(mm_rd(r + 0xff8, 8), 0, "last qword of BAR0 reads 0");
	mm_wr(r + 0x800, 8, ~0ULL);
	is(mm_rd(r + 0x800, 8), 0, "writes past the registers are ignored");
}

static void test_doorbell_modes(struct vpci_device *d)
{
	unsigned n = fx.nmsi;
	uint64_t t = vpci_device_bar_fw_addr(d, TESTDEV_MSIX_BAR);
	unsigned msix = vpci_cap_find(d, 0x11), msi = vpci_cap_find(d, 0x05);

	mm_wr(r + TESTDEV_REG_DOORBELL, 4, 0);
	ok(fx.gsi[17], "INTx mode: doorbell raises GSI 17 (slot 1 INTA)");
	is(mm_rd(r + TESTDEV_REG_IRQ_STATUS, 4), 1, "IRQ_STATUS bit 0");
	mm_wr(r + TESTDEV_REG_IRQ_ACK, 2, 1);
	ok(fx.gsi[17], "a partial write to IRQ_ACK does nothing");
	is(fx_log_count("partial write to a command register"), 1, "and is logged once");
	mm_wr(r + TESTDEV_REG_IRQ_ACK, 4, 1);
	ok(!fx.gsi[17], "IRQ_ACK lowers it");

	cfg_wr(TD, 0, msi + 4, 4, 0xfee00000);
	cfg_wr(TD, 0, msi + 12, 2, 7);
	cfg_wr(TD, 0, msi + 2, 2, 1);
	mm_wr(r + TESTDEV_REG_DOORBELL, 4, 0);
	ok(fx.nmsi == n + 1 && fx.msi_data[n] == 7, "MSI mode: doorbell sends the MSI");
	mm_wr(t + 16 * 2, 8, 0xfee00000);
	mm_wr(t + 16 * 2 + 8, 4, 42);
	mm_wr(t + 16 * 2 + 12, 4, 0);
	cfg_wr(TD, 0, msix + 2, 2, 0x8000);
	mm_wr(r + TESTDEV_REG_DOORBELL, 4, 2);
	ok(fx.nmsi == n + 2 && fx.msi_data[n + 1] == 42, "MSI-X mode (wins over MSI): vector 2 sent");
	/* An 8-byte write covering SCRATCH and DOORBELL rings it too. */
	mm_wr(r + TESTDEV_REG_SCRATCH, 8, 2ULL << 32 | 0x77);
	ok(fx.nmsi == n + 3 && mm_rd(r + TESTDEV_REG_SCRATCH, 4) == 0x77, "qword write: scratch set and doorbell rung");
	is(mm_rd(r + TESTDEV_REG_FIRED, 4), 4, "FIRED counts 4");
	mm_wr(r + TESTDEV_REG_DOORBELL, 4, 9);
	is(mm_rd(r + TESTDEV_REG_DROPPED, 4), 1, "vector 9 of 4: DROPPED counts 1");
}

static void test_mem_rom(struct vpci_device *d)
{
	uint64_t m = vpci_device_bar_fw_addr(d, TESTDEV_MEM_BAR), rom = vpci_device_bar_fw_addr(d, 6);
	bool same = true;

	for (unsigned i = 0; i < TESTDEV_MEM_SIZE; i += 8)
		mm_wr(m + i, 8, i * 0x0101010101ULL);
	for (unsigned i = 0; i < TESTDEV_MEM_SIZE; i += 8)
		same &= mm_rd(m + i, 8) == i * 0x0101010101ULL;
	ok(same, "64 KiB memory BAR keeps what was written");
	ok(m >= fx.cfg.mmio64_base, "memory BAR lives above 4 GiB");
	cfg_wr(TD, 0, 0x30, 4, rom | 1);
	is(mm_rd(rom, 2), 0xaa55, "ROM signature");
	uint16_t pcir = (uint16_t)mm_rd(rom + 0x18, 2);
	is(mm_rd(rom + pcir, 4), 0x52494350, "PCIR structure");
	is(mm_rd(rom + pcir + 4, 4), 0x10f11234, "PCIR IDs match the function");
	is(mm_rd(rom + pcir + 0x10, 2), 4, "image length 4 x 512 bytes");
	vpci_bus_reset(fx.bus);
	cfg_wr(TD, 0, 0x04, 2, CMD_MEM);
	is(mm_rd(r + TESTDEV_REG_SCRATCH, 4), 0, "reset clears scratch");
	is(mm_rd(m + 8, 8), 0, "reset clears the memory BAR");
	is(mm_rd(r + TESTDEV_REG_FIRED, 4), 0, "reset clears the counters");
}

static void test_no_rom(void)
{
	struct vpci_testdev_options o;
	char err[256] = "";

	vpci_testdev_defaults(&o);
	o.rom = false;
	o.slot = 2;
	struct vpci_device *d = vpci_testdev_add(fx.bus, &o, err, sizeof(err));
	ok(d != NULL, "testdev without a ROM %s", err);
	cfg_wr(2, 0, 0x30, 4, 0xffffffff);
	is(cfg_rd(2, 0, 0x30, 4), 0, "no ROM: the ROM BAR sizes to 0");
	o.slot = 2;
	ok(!vpci_testdev_add(fx.bus, &o, err, sizeof(err)), "a second one in slot 2 refused: %s", err);
	o.slot = -1;
	o.msix_vectors = 0;
	ok(!vpci_testdev_add(fx.bus, &o, err, sizeof(err)), "0 vectors refused: %s", err);
}

int main(void)
{
	fx_start();
	struct vpci_device *d = fx_testdev(TD);

	r = vpci_device_bar_fw_addr(d, TESTDEV_REGS_BAR);
	cfg_wr(TD, 0, 0x04, 2, CMD_MEM | CMD_MASTER);
	test_regs();
	test_doorbell_modes(d);
	test_mem_rom(d);
	test_no_rom();
	fx_stop();
	return done_testing();
}
