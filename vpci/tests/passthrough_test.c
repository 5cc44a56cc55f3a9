// SPDX-License-Identifier: GPL-2.0
/*
 * The passthrough model against a fake backend shaped like QEMU's e1000e:
 * what the guest sees of the real function, which config writes reach the
 * device and which never do, interrupt mode changes, interrupts in each
 * mode, FLR.
 */
#include "fixture.h"
#include "vpci_pt.h"

#define PT_SLOT 3
#define PM 0xc8
#define MSI 0xd0
#define PCIE 0xe0
#define MSIX 0xa0
#define VPD 0xf8
#define VENDOR 0x40
#define PCI_COMMAND_OFF 4

static struct fake {
	uint8_t cfg[256];
	unsigned cfg_writes;
	unsigned writes_at[256];        /* config writes that touched each byte */
	unsigned bar_reads, bar_writes;
	unsigned last_bar;
	uint64_t last_off, last_val;
	enum vpci_irq_mode mode;
	unsigned nvec, mode_calls, resets;
	bool dead;
} fk;

static void put(unsigned off, unsigned size, uint32_t v)
{
	for (unsigned i = 0; i < size; i++)
		fk.cfg[off + i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get(unsigned off, unsigned size)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < size; i++)
		v |= (uint32_t)fk.cfg[off + i] << (8 * i);
	return v;
}

static int fk_cfg_read(void *o, unsigned off, unsigned size, uint32_t *val)
{
	(void)o;
	if (fk.dead)
		return -1;
	*val = get(off, size);
	return 0;
}

static int fk_cfg_write(void *o, unsigned off, unsigned size, uint32_t val)
{
	(void)o;
	fk.cfg_writes++;
	for (unsigned i = 0; i < size; i++)
		fk.writes_at[off + i]++;
	put(off, size, val);
	return 0;
}

static uint64_t fk_bar_read(void *o, unsigned bar, uint64_t off, unsigned size)
{
	(void)o;
	(void)size;
	fk.bar_reads++;
	fk.last_bar = bar;
	fk.last_off = off;
	return 0x5a000000u | (bar << 16) | (uint32_t)off;
}

static void fk_bar_write(void *o, unsigned bar, uint64_t off, unsigned size, uint64_t val)
{
	(void)o;
	(void)size;
	fk.bar_writes++;
	fk.last_bar = bar;
	fk.last_off = off;
	fk.last_val = val;
}

static void fk_irq_mode(void *o, enum vpci_irq_mode mode, unsigned nvec)
{
	(void)o;
	fk.mode = mode;
	fk.nvec = nvec;
	fk.mode_calls++;
}

static void fk_reset(void *o)
{
	(void)o;
	fk.resets++;
	put(PCI_COMMAND_OFF, 2, 0);
}

static const struct vpci_pt_backend fk_ops = {
	.cfg_read = fk_cfg_read, .cfg_write = fk_cfg_write,
	.bar_read = fk_bar_read, .bar_write = fk_bar_write,
	.irq_mode = fk_irq_mode, .reset = fk_reset,
};

static void fake_e1000e(void)
{
	memset(&fk, 0, sizeof(fk));
	put(0x00, 4, 0x10d38086);
	put(0x06, 2, 0x0010);           /* capabilities */
	put(0x08, 4, 0x02000003);       /* class 020000, revision 3 */
	put(0x10, 4, 0xfebc0000);       /* BAR0 mem32 */
	put(0x14, 4, 0xfeba0000);       /* BAR1 mem32 */
	put(0x18, 4, 0x0000c001);       /* BAR2 I/O */
	put(0x1c, 4, 0xfebe0000);       /* BAR3 mem32: MSI-X */
	put(0x20, 4, 0x0000000c);       /* BAR4 mem64 prefetchable */
	put(0x2c, 4, 0x00008086);       /* subsystem */
	put(0x34, 1, PM);
	put(0x3d, 1, 1);                /* INTA */
	put(PM, 4, 0x0002d001);         /* PM, next MSI, PMC */
	put(PM + 4, 2, 0x0008);         /* PMCSR */
	put(MSI, 4, 0x0084e005);        /* MSI, next PCIe, 64-bit, 4 vectors */
	put(PCIE, 4, 0x0001a010);       /* PCIe v1, next MSI-X */
	put(PCIE + 4, 4, 1u << 28);     /* FLR */
	put(MSIX, 4, 0x0004f811);       /* MSI-X, next VPD, 5 vectors */
	put(MSIX + 4, 4, 0x00000003);   /* table in BAR3 at 0 */
	put(MSIX + 8, 4, 0x00002003);   /* PBA in BAR3 at 0x2000 */
	put(VPD, 4, 0x00004003);        /* VPD (layout unknown to us), next vendor */
	put(VENDOR, 4, 0x00080009);     /* vendor-specific, 8 bytes, last */
	put(VENDOR + 4, 4, 0xcafe0042);
}

static struct vpci_pt *add(char *err, size_t errlen)
{
	struct vpci_pt_config c = {
		.name = "0000:00:01.0", .slot = PT_SLOT, .ops = &fk_ops,
		.bar_size = { 128 << 10, 128 << 10, 32, 16 << 10, 1 << 20, 0, 64 << 10 },
	};

	return vpci_pt_add(fx.bus, &c, err, errlen);
}

static uint64_t rd(unsigned off, unsigned size)
{
	return cfg_rd(PT_SLOT, 0, off, size);
}

static void wr(unsigned off, unsigned size, uint64_t v)
{
	cfg_wr(PT_SLOT, 0, off, size, v);
}

static void test_identity(void)
{
	is(rd(0, 4), 0x10d38086, "vendor and device IDs are the device's");
	is(rd(0x08, 4), 0x02000003, "class and revision are the device's");
	is(rd(0x2c, 4), 0x00008086, "subsystem IDs are the device's");
	is(rd(0x3d, 1), 1, "interrupt pin INTA");
	wr(0, 4, 0x12345678);
	wr(0x08, 4, 0);
	is(rd(0, 4), 0x10d38086, "IDs are read-only");
	is(fk.writes_at[0] + fk.writes_at[8], 0, "and the writes never reach the device");
}

static void test_bars(struct vpci_pt *pt)
{
	unsigned writes = 0;

	wr(0x10, 4, 0xffffffff);
	is(rd(0x10, 4), 0xfffe0000, "BAR0 sizes as 128 KiB memory");
	wr(0x18, 4, 0xffffffff);
	is(rd(0x18, 4), 0xffffffe1, "BAR2 sizes as 32 bytes of I/O");
	wr(0x1c, 4, 0xffffffff);
	is(rd(0x1c, 4), 0xffffc000, "BAR3 (MSI-X) sizes as 16 KiB");
	wr(0x20, 4, 0xffffffff);
	wr(0x24, 4, 0xffffffff);
	is(rd(0x20, 4), 0xfff0000c, "BAR4 is 64-bit prefetchable, 1 MiB");
	is(rd(0x24, 4), 0xffffffff, "its upper half");
	wr(0x30, 4, 0xfffff800);
	is(rd(0x30, 4), 0xffff0000, "the expansion ROM sizes as 64 KiB");
	for (unsigned i = 0x10; i < 0x34; i++)
		writes += fk.writes_at[i];
	is(writes, 0, "no BAR or ROM register write reaches the device");
	is(get(0x10, 4), 0xfebc0000, "the device's BAR0 is as the host set it");
	/* Back where firmware put them. */
	for (unsigned b = 0; b <= 4; b++) {
		uint64_t a = vpci_device_bar_fw_addr(vpci_pt_device(pt), b);

		wr(0x10 + 4 * b, 4, (uint32_t)a);
		if (b == 4)
			wr(0x24, 4, a >> 32);
	}
	wr(0x30, 4, (uint32_t)vpci_device_bar_fw_addr(vpci_pt_device(pt), VPCI_ROM_BAR));
}

static void test_caps(struct vpci_pt *pt)
{
	static const unsigned want_off[] = { PM, MSI, PCIE, MSIX, VENDOR };
	static const unsigned want_id[] = { 1, 5, 0x10, 0x11, 9 };
	unsigned off = rd(0x34, 1), n = 0;
	bool same = true;
	struct vpci_pt_msix_area t, p;

	ok(rd(0x06, 2) & 0x10, "status says there is a capability list");
	while (off && n < 8) {
		if (n >= 5 || off != want_off[n] || rd(off, 1) != want_id[n])
			same = false;
		n++;
		off = rd(off + 1, 1);
	}
	ok(same && n == 5, "the list is PM, MSI, PCIe, MSI-X, vendor at their real offsets (%u found)", n);
	is(fx_log_count("capability 0x3 at 0xf8 left out"), 1, "VPD (layout unknown) left out, logged");
	is(rd(MSI + 2, 2) & 0x8e, 0x84, "MSI: 64-bit, 4 vectors, as the device");
	is(rd(MSIX + 2, 2) & 0x7ff, 4, "MSI-X: 5 vectors");
	is(rd(MSIX + 4, 4), 3, "MSI-X table in BAR3 at 0");
	is(rd(MSIX + 8, 4), 0x2003, "PBA in BAR3 at 0x2000");
	is(rd(PCIE + 2, 2) & 0xf, 1, "PCIe at 0xe0 is version 1 (version 2 does not fit)");
	ok(rd(PCIE + 4, 4) & (1u << 28), "FLR advertised, as the device does");
	vpci_pt_msix_areas(pt, &t, &p);
	ok(t.bar == 3 && t.off == 0 && t.len == 5 * 16, "table area: BAR3 0+%llu", (unsigned long long)t.len);
	ok(p.bar == 3 && p.off == 0x2000 && p.len == 8, "PBA area: BAR3 0x2000+%llu", (unsigned long long)p.len);
}

static void test_live_caps(void)
{
	is(rd(PM + 4, 2), 0x0008, "PMCSR reads the device's");
	put(PM + 4, 2, 0x0103);
	is(rd(PM + 4, 2), 0x0103, "and reads it live");
	wr(PM + 4, 2, 0x0000);
	is(fk.writes_at[PM + 4], 1, "a PMCSR write is written through");
	wr(PM + 2, 2, 0xffff);
	is(fk.writes_at[PM + 2], 0, "PMC (read-only) is not");
	is(rd(VENDOR + 4, 4), 0xcafe0042, "vendor-specific registers read live");
	wr(VENDOR + 4, 4, 0);
	is(fk.writes_at[VENDOR + 4], 0, "and are never written");
	wr(0xf8, 4, 0xffffffff);
	wr(0x100, 4, 0xffffffff);
	is(fk.writes_at[0xf8], 0, "writes to what is left out never reach the device");
	is(rd(0x100, 4), 0, "extended config space is empty");
}

static void test_command(void)
{
	is(get(PCI_COMMAND_OFF, 2), 0x2, "at plug: the device decodes memory, no bus master");
	wr(PCI_COMMAND_OFF, 2, 0x7);
	is(get(PCI_COMMAND_OFF, 2), 0x6, "guest MEM|IO|MASTER: the device gets MEM|MASTER (no I/O)");
	wr(PCI_COMMAND_OFF, 2, 0x0);
	is(get(PCI_COMMAND_OFF, 2), 0x2, "guest 0: bus master off, memory decode stays");
	is(rd(PCI_COMMAND_OFF, 2), 0, "the guest sees what it wrote");
}

static uint64_t bar3;

static void program(unsigned v, uint32_t data, bool masked)
{
	mm_wr(bar3 + 16 * v, 8, 0xfee00000);
	mm_wr(bar3 + 16 * v + 8, 4, data);
	mm_wr(bar3 + 16 * v + 12, 4, masked);
}

static void test_irqs(struct vpci_pt *pt)
{
	unsigned gsi = vpci_intx_gsi(&fx.cfg, PT_SLOT, 1), reads;
	uint64_t bar0;

	ok(fk.mode == VPCI_IRQ_INTX && fk.nvec == 1, "at plug the backend routes INTx");
	bar0 = vpci_device_bar_fw_addr(vpci_pt_device(pt), 0);
	bar3 = vpci_device_bar_fw_addr(vpci_pt_device(pt), 3);
	wr(PCI_COMMAND_OFF, 2, 0x6);
	is(mm_rd(bar0 + 8, 4), 0x5a000008, "a BAR0 register read goes to the device");
	mm_wr(bar0 + 0x100, 4, 0x1234);
	ok(fk.bar_writes == 1 && fk.last_off == 0x100 && fk.last_val == 0x1234,
	   "a BAR0 register write goes to the device");

	wr(MSI + 2, 2, 0x0084 | (2 << 4) | 1);
	ok(fk.mode == VPCI_IRQ_MSI && fk.nvec == 4, "MSI enabled with 4 vectors: the backend routes 4 (%u)",
	   fk.nvec);
	wr(MSI + 2, 2, 0x0084);
	ok(fk.mode == VPCI_IRQ_INTX, "MSI disabled: back to INTx");

	reads = fk.bar_reads;
	program(0, 40, false);
	program(1, 41, false);
	program(2, 42, true);
	wr(MSIX + 2, 2, 0x8000);
	ok(fk.mode == VPCI_IRQ_MSIX && fk.nvec == 5, "MSI-X enabled: the backend routes 5 vectors");
	vpci_pt_irq(pt, VPCI_IRQ_MSIX, 1);
	ok(fx.nmsi == 1 && fx.msi_data[0] == 41, "vector 1 fires: the guest's message for vector 1 is sent");
	vpci_pt_irq(pt, VPCI_IRQ_MSIX, 2);
	is(fx.nmsi, 1, "vector 2 is masked: nothing sent");
	is(mm_rd(bar3 + 0x2000, 8), 4, "its pending bit is set in the PBA");
	mm_wr(bar3 + 16 * 2 + 12, 4, 0);
	ok(fx.nmsi == 2 && fx.msi_data[1] == 42, "unmasked: sent");
	vpci_pt_irq(pt, VPCI_IRQ_MSIX, 9);
	vpci_pt_irq(pt, VPCI_IRQ_MSI, 0);
	vpci_pt_irq(pt, VPCI_IRQ_INTX, 0);
	ok(fx.nmsi == 2 && !fx.gsi[gsi], "a vector that does not exist, or of another mode, is dropped");
	is(fk.bar_reads, reads, "table and PBA accesses never reach the device");

	wr(MSIX + 2, 2, 0);
	ok(fk.mode == VPCI_IRQ_INTX, "MSI-X disabled: INTx");
	vpci_pt_irq(pt, VPCI_IRQ_INTX, 0);
	ok(fx.gsi[gsi], "INTx from the device raises GSI %u", gsi);
	ok(!vpci_pt_intx_eoi(pt, gsi + 1), "an EOI of another line is not ours");
	ok(fx.gsi[gsi], "and leaves the line up");
	ok(vpci_pt_intx_eoi(pt, gsi), "the EOI of our line is ours");
	ok(!fx.gsi[gsi], "and lowers it");
	ok(!vpci_pt_intx_eoi(pt, gsi), "a second EOI finds nothing to lower");
}

static void test_flr(struct vpci_pt *pt)
{
	unsigned calls;

	wr(MSIX + 2, 2, 0x8000);
	calls = fk.mode_calls;
	wr(PCIE + 8, 2, 0x8000);
	is(fk.resets, 1, "FLR from the guest resets the device");
	ok(fk.mode == VPCI_IRQ_INTX && fk.mode_calls == calls + 1, "MSI-X is off again: INTx");
	is(get(PCI_COMMAND_OFF, 2), 0x2, "the device decodes memory again after the reset");
	is(rd(PCI_COMMAND_OFF, 2), 0, "the guest's command register is back to 0");
	is(rd(0x10, 4), vpci_device_bar_fw_addr(vpci_pt_device(pt), 0), "BAR0 back at its firmware address");
	calls = fk.mode_calls;
	wr(PCIE + 8, 2, 0x8000);
	ok(fk.resets == 2 && fk.mode == VPCI_IRQ_INTX && fk.mode_calls == calls + 1,
	   "an FLR in INTx mode routes INTx again (the reset undid it)");
}

static void test_dead(void)
{
	char err[256] = "";

	fake_e1000e();
	fk.dead = true;
	ok(!add(err, sizeof(err)) && strstr(err, "does not answer config space reads"),
	   "a device that reads all ones is refused: %s", err);
}

int main(void)
{
	char err[256] = "";
	struct vpci_pt *pt;

	fx_start();
	fake_e1000e();
	pt = add(err, sizeof(err));
	ok(pt, "the fake e1000e plugs: %s", pt ? "ok" : err);
	if (!pt)
		bail_out("cannot go on");
	test_identity();
	test_bars(pt);
	test_caps(pt);
	test_live_caps();
	test_command();
	test_irqs(pt);
	test_flr(pt);
	test_dead();
	fx_stop();
	done_testing();
}
