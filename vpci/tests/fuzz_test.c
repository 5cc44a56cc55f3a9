// SPDX-License-Identifier: GPL-2.0
/*
 * Hostile guest: an exhaustive sweep (every width at every offset of config
 * space and of every BAR) and then a randomized loop with a fixed seed over
 * config space, BAR space, interrupts and resets. After each step the
 * invariants must hold: no crash (ASan/UBSan would abort), read-only
 * registers unchanged, IDs stable, absent functions all-ones, MSI-X reserved
 * bits zero, GSI levels equal to the wired-OR of what functions drive, and
 * at most one log line per kind of misuse per function.
 */
#include "fixture.h"
#include "priv.h"

#define SEED 0x5eed1234u
#define ROUNDS 200000

static struct vpci_device *devs[8];
static unsigned ndevs;
static uint8_t ro_snap[8][CFG_SPACE_SIZE], ro_mask[8][CFG_SPACE_SIZE];
static unsigned broken_ro, broken_absent, broken_msix, broken_gsi, broken_log;
static char first_problem[256];

static uint64_t rng = SEED;

static uint64_t rnd(void)
{
	/* xorshift64*: reproducible across machines. */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545F4914F6CDD1DULL;
}

static void problem(unsigned *counter, const char *what, unsigned a, unsigned b)
{
	if (!first_problem[0])
		snprintf(first_problem, sizeof(first_problem), "%s (%#x, %#x)", what, a, b);
	(*counter)++;
}

/* Bytes that are read-only and have no dynamic state behind them. */
static void snapshot(void)
{
	for (unsigned i = 0; i < ndevs; i++) {
		struct vpci_device *d = devs[i];

		for (unsigned o = 0; o < CFG_SPACE_SIZE; o++)
			ro_mask[i][o] = (uint8_t)~(d->wmask[o] | d->w1c[o]);
		ro_mask[i][PCI_STATUS] &= (uint8_t)~STS_INTX;
		if (d->msi.cap && d->msi.maskable)
			for (unsigned k = 0; k < 4; k++)
				ro_mask[i][d->msi.cap + d->msi.pending_off + k] = 0;
		for (unsigned o = 0; o < CFG_SPACE_SIZE; o += 4) {
			uint32_t v = (uint32_t)cfg_rd(d->slot, d->fn, o, 4);

			for (unsigned k = 0; k < 4; k++)
				ro_snap[i][o + k] = (uint8_t)(v >> (8 * k)) & ro_mask[i][o + k];
		}
	}
}

static bool present(unsigned s, unsigned f)
{
	for (unsigned i = 0; i < ndevs; i++)
		if (devs[i]->slot == s && devs[i]->fn == f)
			return true;
	return false;
}

static void check(bool full)
{
	for (unsigned i = 0; i < ndevs; i++) {
		struct vpci_device *d = devs[i];

		if (cfg_rd(d->slot, d->fn, 0, 4) != (uint32_t)(ro_snap[i][0] | ro_snap[i][1] << 8 |
							       ro_snap[i][2] << 16 | (uint32_t)ro_snap[i][3] << 24))
			problem(&broken_ro, "vendor/device ID changed", d->slot, d->fn);
		for (unsigned o = 0; full && o < CFG_SPACE_SIZE; o += 4) {
			uint32_t v = (uint32_t)cfg_rd(d->slot, d->fn, o, 4);

			for (unsigned k = 0; k < 4; k++)
				if (((uint8_t)(v >> (8 * k)) & ro_mask[i][o + k]) != ro_snap[i][o + k])
					problem(&broken_ro, "read-only config bits changed", d->slot, o + k);
		}
		for (unsigned v = 0; full && v < d->msix.nvec; v++)
			if (d->msix.table[v * 16 + 12] & 0xfe || d->msix.table[v * 16 + 13] ||
			    d->msix.table[v * 16 + 14] || d->msix.table[v * 16 + 15] ||
			    d->msix.table[v * 16] & 3)
				problem(&broken_msix, "MSI-X reserved bits set", d->slot, v);
		/* Log lines of this function == kinds it has logged (one each). */
		if (full) {
			char prefix[64];
			unsigned lines = 0, kinds = (unsigned)__builtin_popcountll(d->misuse_logged);

			snprintf(prefix, sizeof(prefix), "vpci 0000:00:%02x.%u ", d->slot, d->fn);
			for (unsigned l = 0; l < fx.nlog && l < 64; l++)
				lines += strncmp(fx.log[l], prefix, strlen(prefix)) == 0;
			if (lines != kinds)
				problem(&broken_log, "log lines != kinds of misuse", lines, kinds);
		}
	}
	if (full) {
		for (unsigned s = 0; s < 32; s++)
			for (unsigned f = 0; f < 8; f++)
				if (!present(s, f) && cfg_rd(s, f, (unsigned)(rnd() % 1024) * 4, 4) != 0xffffffff)
					problem(&broken_absent, "absent function answered", s, f);
	}
	/* GSI levels: the wired-OR of what functions drive, which follows the rules. */
	for (unsigned g = 0; g < 4; g++) {
		bool any = false;

		for (unsigned i = 0; i < ndevs; i++) {
			struct vpci_device *d = devs[i];
			bool should = d->intx_level && d->cfg[PCI_INT_PIN] &&
				      !(vp_cfg_command(d) & CMD_INTX_OFF) && !vp_msi_enabled(d) && !vp_msix_enabled(d);

			if (should != d->intx_driven)
				problem(&broken_gsi, "function drives INTx against the rules", d->slot, should);
			if (d->intx_driven && vpci_intx_gsi(&fx.cfg, d->slot, d->cfg[PCI_INT_PIN]) == 16 + g)
				any = true;
		}
		if (any != fx.gsi[16 + g])
			problem(&broken_gsi, "GSI level is not the wired-OR", 16 + g, any);
	}
}

static void build(void)
{
	struct vpci_testdev_options o;
	char err[256] = "";
	struct vpci_device_info info = { .name = "plain", .vendor = 0x1234, .device = 0x55,
					 .int_pin = 2 };

	devs[ndevs++] = fx.bus->fns[0][0];
	devs[ndevs++] = fx_testdev(1);
	vpci_testdev_defaults(&o);
	o.slot = 2;
	o.msix_vectors = 70;           /* a PBA of two qwords */
	o.rom = false;
	devs[ndevs++] = vpci_testdev_add(fx.bus, &o, err, sizeof(err));
	/* Slot 3: I/O BAR, 32-bit MSI with 8 vectors, a model RW1C register. */
	struct vpci_device *p = vpci_device_new(fx.bus, 3, 0, &info, err, sizeof(err));
	vpci_device_add_bar(p, 0, VPCI_BAR_IO, 16, false, err, sizeof(err));
	vpci_device_add_bar(p, 1, VPCI_BAR_MEM32, 16, true, err, sizeof(err));
	vpci_msi_init(p, 8, false, true, err, sizeof(err));
	vpci_config_init(p, 0xf0, 4, 0xff00, 0x00ff, 0xff00);
	vpci_device_plug(p, err, sizeof(err));
	devs[ndevs++] = p;
	/* Slot 4: two functions. */
	info.int_pin = 1;
	struct vpci_device *f0 = vpci_device_new(fx.bus, 4, 0, &info, err, sizeof(err));
	struct vpci_device *f5 = vpci_device_new(fx.bus, 4, 5, &info, err, sizeof(err));
	vpci_device_add_bar(f5, 5, VPCI_BAR_MEM32, 1 << 20, false, err, sizeof(err));
	vpci_device_plug(f0, err, sizeof(err));
	vpci_device_plug(f5, err, sizeof(err));
	devs[ndevs++] = f0;
	devs[ndevs++] = f5;
	for (unsigned i = 0; i < ndevs; i++)
		if (!devs[i])
			bail_out("fuzz bus setup: %s", err);
}

static const unsigned widths[] = { 1, 2, 4, 8 };

static uint64_t nasty_value(void)
{
	switch (rnd() % 6) {
	case 0: return 0;
	case 1: return ~0ULL;
	case 2: return 0xfee00000ULL | (rnd() & 0xff);
	case 3: return rnd() & 0xffff;
	default: return rnd();
	}
}

static void sweep(void)
{
	/* Every width at every offset of every present function, twice (0s, then 1s). */
	for (unsigned pass = 0; pass < 2; pass++)
		for (unsigned i = 0; i < ndevs; i++)
			for (unsigned w = 0; w < 4; w++)
				for (unsigned o = 0; o < CFG_SPACE_SIZE; o++) {
					unsigned s = devs[i]->slot, f = devs[i]->fn;

					cfg_rd(s, f, o, widths[w]);
					cfg_wr(s, f, o, widths[w], pass ? ~0ULL : 0);
				}
	check(true);
	ok(broken_ro + broken_absent + broken_msix + broken_gsi + broken_log == 0,
	   "config sweep, every width at every offset with 0s and 1s: invariants hold %s", first_problem);

	/* Every BAR at its firmware place, decode on, every width at every offset of its ends. */
	vpci_bus_reset(fx.bus);
	for (unsigned i = 0; i < ndevs; i++) {
		struct vpci_device *d = devs[i];

		cfg_wr(d->slot, d->fn, 0x04, 2, CMD_MEM | CMD_MASTER);
		if (d->bars[VPCI_ROM_BAR].type)
			cfg_wr(d->slot, d->fn, 0x30, 4, d->bars[VPCI_ROM_BAR].fw_addr | 1);
	}
	unsigned decoded = 0;
	for (unsigned i = 0; i < ndevs; i++)
		for (unsigned b = 0; b <= VPCI_NUM_BARS; b++) {
			struct vpci_bar *bar = &devs[i]->bars[b];

			if (!bar->placed)
				continue;
			decoded += bar->decoding;
			for (unsigned w = 0; w < 4; w++)
				for (uint64_t o = 0; o < 256 + 8; o++) {
					uint64_t lo = bar->fw_addr + o - 8, hi = bar->fw_addr + bar->size - 256 + o;

					mm_rd(lo, widths[w]);
					mm_rd(hi, widths[w]);
					mm_wr(lo, widths[w], nasty_value());
					mm_wr(hi, widths[w], nasty_value());
				}
		}
	ok(decoded >= 8, "%u BARs decoded during the BAR sweep", decoded);
	check(true);
	ok(broken_ro + broken_absent + broken_msix + broken_gsi + broken_log == 0,
	   "BAR sweep, every width at both ends of every BAR: invariants hold %s", first_problem);
}

static uint64_t random_target(void)
{
	struct vpci_device *d = devs[rnd() % ndevs];
	unsigned b = (unsigned)(rnd() % (VPCI_NUM_BARS + 1));

	switch (rnd() % 8) {
	case 0:
		return rnd();                           /* anywhere */
	case 1:
		return fx.cfg.mmio32_base + rnd() % fx.cfg.mmio32_size;
	case 2:
		return fx.cfg.ecam_base + VPCI_ECAM_SIZE - 8 + rnd() % 16;
	default:
		if (d->bars[b].placed)
			return d->bars[b].fw_addr + rnd() % (d->bars[b].size + 16) - 8;
		if (d->bars[b].decoding)
			return d->bars[b].addr + rnd() % d->bars[b].size;
		return fx.cfg.mmio64_base + rnd() % (1 << 22);
	}
}

static void fuzz(void)
{
	unsigned n_ops[7] = { 0 };

	for (unsigned round = 0; round < ROUNDS; round++) {
		struct vpci_device *d = devs[rnd() % ndevs];
		unsigned op = (unsigned)(rnd() % 100), w = widths[rnd() % 4];
		unsigned off = rnd() % 2 ? (unsigned)(rnd() % 0x100) : (unsigned)(rnd() % CFG_SPACE_SIZE);
		unsigned s = rnd() % 4 ? d->slot : (unsigned)(rnd() % 32);
		unsigned f = rnd() % 4 ? d->fn : (unsigned)(rnd() % 8);

		if (op < 35) {
			cfg_wr(s, f, off, w, nasty_value());
			n_ops[0]++;
		} else if (op < 55) {
			uint64_t v = cfg_rd(s, f, off, w);

			if (!present(s, f) && v != (w == 8 ? ~0ULL : (1ULL << (8 * w)) - 1))
				problem(&broken_absent, "absent function read not all-ones", s, f);
			n_ops[1]++;
		} else if (op < 85) {
			uint64_t a = random_target();

			if (rnd() % 2)
				mm_wr(a, w, nasty_value());
			else
				mm_rd(a, w);
			n_ops[2]++;
		} else if (op < 88) {
			/* What a driver does, so that messages really flow. */
			for (unsigned b = 0; b < VPCI_NUM_BARS; b++)
				if (d->bars[b].placed)
					cfg_wr(d->slot, d->fn, 0x10 + 4 * b,
					       d->bars[b].type == VPCI_BAR_MEM64 ? 8 : 4,
					       d->bars[b].fw_addr);
			cfg_wr(d->slot, d->fn, 0x04, 2, CMD_MEM | CMD_MASTER);
			if (d->msix.cap) {
				uint64_t t = d->bars[d->msix.table_bar].addr + d->msix.table_off;
				unsigned v = (unsigned)(rnd() % d->msix.nvec);

				cfg_wr(d->slot, d->fn, d->msix.cap + 2, 2, 0x8000);
				mm_wr(t + 16 * v, 8, 0xfee00000);
				mm_wr(t + 16 * v + 8, 4, v);
				mm_wr(t + 16 * v + 12, 4, 0);
			} else if (d->msi.cap) {
				cfg_wr(d->slot, d->fn, d->msi.cap + 2, 2, 0x31);
			}
			n_ops[6]++;
		} else if (op < 97) {
			unsigned v = rnd() % 8 ? (unsigned)(rnd() % 8) : (unsigned)rnd();

			switch (rnd() % 3) {
			case 0: vpci_msix_notify(d, v); break;
			case 1: vpci_msi_notify(d, v); break;
			default: vpci_intx_set(d, rnd() % 2); break;
			}
			n_ops[3]++;
		} else if (op < 99) {
			/* Odd sizes straight at the entry points. */
			uint64_t v;
			unsigned bad = (unsigned)(rnd() % 17);

			vpci_mmio_read(fx.bus, random_target(), bad, &v);
			vpci_mmio_write(fx.bus, random_target(), bad, v);
			n_ops[4]++;
		} else if (rnd() % 8 == 0) {
			vpci_bus_reset(fx.bus);
			n_ops[5]++;
		}
		check(round % 500 == 0);
	}
	check(true);
	printf("# %u config writes, %u config reads, %u MMIO, %u driver setups, %u interrupts, %u odd sizes, %u resets; %u MSIs, %u INTx edges, %u log lines\n",
	       n_ops[0], n_ops[1], n_ops[2], n_ops[6], n_ops[3], n_ops[4], n_ops[5], fx.nmsi, fx.nintx, fx.nlog);
	ok(fx.nmsi > 100 && fx.nintx > 100, "the fuzzer got interrupts through (MSI and INTx)");
	is(broken_ro, 0, "read-only registers and IDs never changed %s", first_problem);
	is(broken_absent, 0, "absent functions always read all-ones");
	is(broken_msix, 0, "MSI-X reserved bits never set");
	is(broken_gsi, 0, "GSI levels always the wired-OR of the rules");
	is(broken_log, 0, "exactly one log line per kind of misuse per function");
	ok(fx.nlog <= ndevs * VPCI_MISUSE_MAX + 1, "log bounded (%u lines)", fx.nlog);
}

static void still_works(void)
{
	struct vpci_device *t = devs[1];
	uint64_t r = t->bars[0].fw_addr, tab = t->bars[TESTDEV_MSIX_BAR].fw_addr;
	unsigned n = fx.nmsi;

	vpci_bus_reset(fx.bus);
	cfg_wr(1, 0, 0x04, 2, CMD_MEM | CMD_MASTER);
	is(mm_rd(r, 4), TESTDEV_MAGIC, "after the storm, a reset testdev answers at its firmware address");
	mm_wr(tab, 8, 0xfee00000);
	mm_wr(tab + 8, 4, 77);
	mm_wr(tab + 12, 4, 0);
	cfg_wr(1, 0, t->msix.cap + 2, 2, 0x8000);
	mm_wr(r + TESTDEV_REG_DOORBELL, 4, 0);
	ok(fx.nmsi == n + 1 && fx.msi_data[n] == 77, "and its doorbell delivers MSI-X vector 0");
}

int main(void)
{
	fx_start();
	build();
	snapshot();
	check(true);
	ok(broken_ro + broken_absent + broken_msix + broken_gsi + broken_log == 0, "invariants hold at start %s", first_problem);
	sweep();
	fuzz();
	still_works();
	fx_stop();
	return done_testing();
}
