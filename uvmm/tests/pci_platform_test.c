// SPDX-License-Identifier: GPL-2.0
/*
 * uvmm's side of device MMIO and device interrupts (uvmm/pci_platform.c),
 * as the gate's mmio_read/mmio_write/irq_eoi entries drive it: the bus
 * laid out as the ACPI tables say, the test device reached through ECAM and
 * its BARs, MSI-X/MSI messages and INTx levels turned into virtual lines
 * (with re-raise at EOI while a level is held), and hostile accesses
 * (bad sizes, unclaimed addresses, wrapping addresses, bad EOIs, random
 * traffic) answered as hardware would without a crash. ASan+UBSan.
 */
#include "asm/uvmm_gate.h"

#include "acpi_tables.h"
#include "pci/pci_platform.h"
#include "tap.h"
#include "testdev.h"

static unsigned raised[UVMM_NR_IRQS], raised_bad;

static void record(void *opaque, unsigned line)
{
	(void)opaque;
	if (line < UVMM_NR_IRQS)
		raised[line]++;
	else
		raised_bad++;
}

static unsigned total_raised(void)
{
	unsigned n = raised_bad;

	for (unsigned i = 0; i < UVMM_NR_IRQS; i++)
		n += raised[i];
	return n;
}

static struct pci_platform P;

static uint64_t ecam(unsigned slot, unsigned off)
{
	return ACPI_DEF_ECAM_BASE + (slot << 15) + off;
}

static uint32_t cfg_rd(unsigned slot, unsigned off, unsigned size)
{
	return (uint32_t)pci_mmio_read(&P, ecam(slot, off), size);
}

static void cfg_wr(unsigned slot, unsigned off, unsigned size, uint32_t v)
{
	pci_mmio_write(&P, ecam(slot, off), v, size);
}

static unsigned find_cap(unsigned slot, unsigned id)
{
	unsigned off = cfg_rd(slot, 0x34, 1), guard = 0;

	while (off && guard++ < 48) {
		if (cfg_rd(slot, off, 1) == id)
			return off;
		off = cfg_rd(slot, off + 1, 1);
	}
	return 0;
}

static uint64_t bar_addr(unsigned slot, unsigned bar, int is64)
{
	uint64_t lo = cfg_rd(slot, 0x10 + 4 * bar, 4) & ~0xfULL;

	return is64 ? lo | (uint64_t)cfg_rd(slot, 0x14 + 4 * bar, 4) << 32 : lo;
}

int main(void)
{
	const char *devs[] = { "testdev" };
	const char *bad[] = { "nosuchdev" };
	char err[256];
	unsigned slot = 0, gsi, msix, msi;
	uint64_t regs, tbl;

	ok(pci_platform_init(&P, 1, NULL, bad, 1, record, NULL, err, sizeof(err)) < 0 &&
	   strstr(err, "nosuchdev") && one_line(err), "an unknown device is refused: %s", err);
	ok(P.bus == NULL, "and leaves no bus behind");
	ok(!pci_platform_device_known("") && pci_platform_device_known("testdev") &&
	   pci_platform_device_known("vfio:00:01.0"), "device names");
	{
		const char *absent[] = { "testdev", "vfio:0000:7f:1f.7" };

		ok(pci_platform_init(&P, 1, NULL, absent, 2, record, NULL, err, sizeof(err)) < 0 &&
		   strstr(err, "no PCI device 0000:7f:1f.7") && one_line(err) && P.bus == NULL,
		   "a host device that is not there is refused, nothing left: %s", err);
	}
	if (!ok(pci_platform_init(&P, 1, NULL, devs, 1, record, NULL, err, sizeof(err)) == 0,
		"bus with the test device: %s", err))
		return done_testing();

	/* The host bridge at the ECAM base that MCFG gives. */
	ok(cfg_rd(0, 0, 4) == 0x10f01234, "00:00.0 is the host bridge 1234:10f0");
	for (unsigned s = 1; s < 32 && !slot; s++)
		if (cfg_rd(s, 0, 4) == 0x10f11234)
			slot = s;
	ok(slot != 0, "test device found at slot %u", slot);
	ok(cfg_rd(31, 0, 4) == 0xffffffff, "an empty slot reads all ones");

	/* BARs inside the windows of the ACPI _CRS. */
	regs = bar_addr(slot, TESTDEV_REGS_BAR, 0);
	tbl = bar_addr(slot, TESTDEV_MSIX_BAR, 1);
	ok(regs >= ACPI_DEF_MMIO32_BASE && regs < ACPI_DEF_MMIO32_BASE + ACPI_DEF_MMIO32_SIZE,
	   "BAR0 %#llx in the 32-bit window", (unsigned long long)regs);
	ok(tbl >= ACPI_DEF_MMIO64_BASE && tbl < ACPI_DEF_MMIO64_BASE + ACPI_DEF_MMIO64_SIZE,
	   "BAR2 %#llx in the 64-bit window", (unsigned long long)tbl);

	ok(pci_mmio_read(&P, regs, 4) == 0xffffffff, "BAR0 does not decode before Memory Space");
	cfg_wr(slot, 4, 2, 0x6);	/* memory space, bus master */
	ok(pci_mmio_read(&P, regs + TESTDEV_REG_MAGIC, 4) == TESTDEV_MAGIC, "MAGIC through BAR0");
	pci_mmio_write(&P, regs + TESTDEV_REG_SCRATCH64, 0x1122334455667788ULL, 8);
	ok(pci_mmio_read(&P, regs + TESTDEV_REG_SCRATCH64, 8) == 0x1122334455667788ULL,
	   "8-byte write and read");
	ok(pci_mmio_read(&P, regs + TESTDEV_REG_SCRATCH64 + 1, 2) == 0x6677,
	   "an unaligned 2-byte read (bytes 1 and 2, little endian)");
	ok(pci_mmio_read(&P, regs + TESTDEV_REG_SCRATCH64, 1) == 0x88, "a 1-byte read");

	/* INTx: level, raised on the rising edge and again at each EOI while held. */
	gsi = ACPI_DEF_GSI_BASE + (slot + 0) % 4;
	memset(raised, 0, sizeof(raised));
	pci_mmio_write(&P, regs + TESTDEV_REG_DOORBELL, 0, 4);
	ok(raised[gsi] == 1 && total_raised() == 1, "INTx doorbell raises line %u once", gsi);
	pci_mmio_write(&P, regs + TESTDEV_REG_DOORBELL, 0, 4);
	ok(raised[gsi] == 1, "a second doorbell while the line is high raises nothing new");
	pci_irq_eoi(&P, gsi);
	ok(raised[gsi] == 2, "EOI while the device holds the line raises it again");
	pci_mmio_write(&P, regs + TESTDEV_REG_IRQ_ACK, 1, 4);
	pci_irq_eoi(&P, gsi);
	ok(raised[gsi] == 2 && total_raised() == 2, "after the device lowers it, EOI raises nothing");
	pci_irq_eoi(&P, gsi == 16 ? 17 : 16);
	ok(total_raised() == 2, "EOI of a low line raises nothing");

	/* MSI-X: the message {UVMM_MSI_ADDR, line} raises that line. */
	msix = find_cap(slot, 0x11);
	ok(msix != 0, "MSI-X capability at %#x", msix);
	pci_mmio_write(&P, tbl + 0, UVMM_MSI_ADDR, 4);
	pci_mmio_write(&P, tbl + 4, 0, 4);
	pci_mmio_write(&P, tbl + 8, 40, 4);
	pci_mmio_write(&P, tbl + 12, 0, 4);		/* unmask vector 0 */
	pci_mmio_write(&P, tbl + 16 + 0, 0x12340000, 4);	/* vector 1: not our address */
	pci_mmio_write(&P, tbl + 16 + 8, 41, 4);
	pci_mmio_write(&P, tbl + 16 + 12, 0, 4);
	pci_mmio_write(&P, tbl + 32 + 0, UVMM_MSI_ADDR, 4);	/* vector 2: a wired line */
	pci_mmio_write(&P, tbl + 32 + 8, 5, 4);
	pci_mmio_write(&P, tbl + 32 + 12, 0, 4);
	cfg_wr(slot, msix + 2, 2, 0x8000);		/* MSI-X enable */
	memset(raised, 0, sizeof(raised));
	pci_mmio_write(&P, regs + TESTDEV_REG_DOORBELL, 0, 4);
	ok(raised[40] == 1 && total_raised() == 1, "MSI-X vector 0 raises line 40");
	pci_mmio_write(&P, regs + TESTDEV_REG_DOORBELL, 1, 4);
	pci_mmio_write(&P, regs + TESTDEV_REG_DOORBELL, 2, 4);
	ok(total_raised() == 1, "messages to another address or with a wired line are dropped");
	ok(P.logged & (1u << PCI_MISUSE_MSI_MESSAGE), "and logged (once)");
	cfg_wr(slot, msix + 2, 2, 0);

	/* MSI. */
	msi = find_cap(slot, 0x05);
	ok(msi != 0, "MSI capability at %#x", msi);
	pci_mmio_write(&P, ecam(slot, msi + 4), UVMM_MSI_ADDR, 4);
	pci_mmio_write(&P, ecam(slot, msi + 8), 0, 4);
	pci_mmio_write(&P, ecam(slot, msi + 12), 63, 2);
	cfg_wr(slot, msi + 2, 2, 1);
	memset(raised, 0, sizeof(raised));
	pci_mmio_write(&P, regs + TESTDEV_REG_DOORBELL, 0, 4);
	ok(raised[63] == 1 && total_raised() == 1, "MSI raises line 63");
	cfg_wr(slot, msi + 2, 2, 0);

	/* Hostile accesses. */
	ok(pci_mmio_read(&P, regs, 3) == ~0ULL, "a 3-byte read gives all ones");
	ok(pci_mmio_read(&P, regs, 0) == ~0ULL, "a 0-byte read gives all ones");
	ok(pci_mmio_read(&P, regs, 16) == ~0ULL, "a 16-byte read gives all ones");
	pci_mmio_write(&P, regs + TESTDEV_REG_SCRATCH, 0xabcd, 5);
	ok(pci_mmio_read(&P, regs + TESTDEV_REG_SCRATCH, 4) != 0xabcd, "a 5-byte write is dropped");
	ok(P.logged & (1u << PCI_MISUSE_MMIO_SIZE), "bad sizes are logged (once)");
	ok(pci_mmio_read(&P, 0x100000, 1) == 0xff && pci_mmio_read(&P, 0x100000, 2) == 0xffff &&
	   pci_mmio_read(&P, 0x100000, 4) == 0xffffffff &&
	   pci_mmio_read(&P, 0x100000, 8) == ~0ULL, "a RAM address reads all ones of each width");
	ok(P.logged & (1u << PCI_MISUSE_MMIO_UNCLAIMED), "unclaimed accesses are logged (once)");
	pci_mmio_write(&P, 0x100000, 1, 4);
	ok(pci_mmio_read(&P, ~0ULL, 8) == ~0ULL && pci_mmio_read(&P, ~0ULL - 3, 8) == ~0ULL,
	   "addresses at the top of the space, wrapping, read all ones");
	{
		uint64_t v = pci_mmio_read(&P, regs + 0xffe, 4);

		ok(v == 0xffff0000, "a read across BAR0's end: the inside half 0, the outside all ones (%#llx)",
		   (unsigned long long)v);
	}
	memset(raised, 0, sizeof(raised));
	pci_irq_eoi(&P, 0);
	pci_irq_eoi(&P, 1);
	pci_irq_eoi(&P, 40);
	pci_irq_eoi(&P, 64);
	pci_irq_eoi(&P, 0xffffffffu);
	ok(total_raised() == 0 && (P.logged & (1u << PCI_MISUSE_EOI_LINE)),
	   "EOI of non-wired lines raises nothing and is logged");

	/* Random traffic over ECAM, the windows and elsewhere: no crash, only
	 * valid lines raised, the bridge's IDs unchanged. */
	srand(4);
	memset(raised, 0, sizeof(raised));
	for (int i = 0; i < 200000; i++) {
		static const uint64_t bases[] = { ACPI_DEF_ECAM_BASE, ACPI_DEF_MMIO32_BASE,
			ACPI_DEF_MMIO64_BASE, 0, 0xfee00000, ~0ULL - 0xfff };
		uint64_t a = bases[rand() % 6] + (rand() % 0x10000);
		unsigned size = rand() % 10;
		uint64_t v = ((uint64_t)rand() << 33) ^ rand();

		if (rand() % 2)
			(void)pci_mmio_read(&P, a, size);
		else
			pci_mmio_write(&P, a, v, size);
		if (rand() % 64 == 0)
			pci_irq_eoi(&P, rand() % 80);
	}
	ok(raised_bad == 0, "random traffic: every raised line is a real line");
	{
		unsigned wrong = 0;

		for (unsigned l = 0; l < UVMM_NR_IRQS; l++)
			if (raised[l] && !(l >= UVMM_IRQ_FIRST_MSI ||
					   (l >= ACPI_DEF_GSI_BASE && l < ACPI_DEF_GSI_BASE + 4)))
				wrong++;
		ok(wrong == 0, "random traffic: only INTx GSIs and MSI lines were raised");
	}
	ok(cfg_rd(0, 0, 4) == 0x10f01234, "the host bridge's IDs survived");
	pci_platform_free(&P);
	ok(P.bus == NULL, "freed");
	pci_platform_free(&P);
	ok(1, "freeing twice is harmless");
	return done_testing();
}
