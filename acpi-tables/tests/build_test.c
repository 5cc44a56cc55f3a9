// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of acpi_build(): layout, checksums and the fields of every
 * table read back from the bytes, and hostile platform descriptions and
 * buffers, which must give a clean error without touching the buffer.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "acpi_checksum.h"
#include "acpi_tables.h"
#include "tap.h"

#define CANARY 0xA5

static uint64_t le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static int all_canary(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != CANARY)
			return 0;
	return 1;
}

/* Build p at base into a canary-filled buffer with slack; check everything. */
static void check_build(const struct acpi_platform *p, uint64_t base,
			const char *what)
{
	struct acpi_layout l;
	char err[256];
	ssize_t need = acpi_build(p, base, NULL, 0, &l, err, sizeof(err));
	ok(need == -ENOSPC && l.size > 0 && one_line(err),
	   "%s: size query says %zu bytes (%s)", what, l.size, err);

	size_t slack = 64, n = l.size + slack;
	uint8_t *buf = malloc(n);
	memset(buf, CANARY, n);
	ssize_t got = acpi_build(p, base, buf, l.size, &l, err, sizeof(err));
	ok(got > 0 && (size_t)got == l.size, "%s: built %zd bytes", what, got);
	if (got <= 0) {
		free(buf);
		return;
	}
	ok(all_canary(buf + l.size, slack), "%s: nothing written past the end", what);

	/* Layout: in order, 16-byte aligned, non-overlapping, inside buf. */
	int layout_ok = l.rsdp == base && l.table[0].offset == 0;
	for (int i = 0; i < ACPI_NR_TABLES; i++) {
		const struct acpi_table_loc *t = &l.table[i];
		layout_ok &= t->gpa == base + t->offset && t->offset % 16 == 0 &&
			     t->offset + t->len <= l.size;
		if (i)
			layout_ok &= t->offset >= l.table[i - 1].offset + l.table[i - 1].len;
	}
	layout_ok &= l.table[ACPI_NR_TABLES - 1].offset +
		     l.table[ACPI_NR_TABLES - 1].len == l.size;
	ok(layout_ok, "%s: tables contiguous, aligned, in order", what);

	/* RSDP. */
	const uint8_t *r = buf + l.table[ACPI_RSDP].offset;
	ok(!memcmp(r, "RSD PTR ", 8) && r[15] == 2 && le(r + 16, 4) == 0 &&
	   le(r + 20, 4) == 36 && le(r + 24, 8) == l.table[ACPI_XSDT].gpa &&
	   !memcmp(r + 9, "UVMM  ", 6),
	   "%s: RSDP rev 2 points at the XSDT", what);
	ok(acpi_sum(r, 20) == 0 && acpi_sum(r, 36) == 0,
	   "%s: RSDP checksum and extended checksum", what);

	/* Every SDT: signature, length, checksum, OEM fields. */
	static const char *sig[ACPI_NR_TABLES] = {
		NULL, "XSDT", "FACP", "APIC", "MCFG", "DSDT" };
	for (int i = ACPI_XSDT; i < ACPI_NR_TABLES; i++) {
		const uint8_t *t = buf + l.table[i].offset;
		ok(!memcmp(t, sig[i], 4) && le(t + 4, 4) == l.table[i].len &&
		   !memcmp(t + 10, "UVMM  ", 6) && !memcmp(t + 16, "UVMMTBLS", 8) &&
		   !memcmp(t + 28, "UVMM", 4) && !memcmp(l.table[i].sig, sig[i], 5),
		   "%s: %s header", what, sig[i]);
		ok(acpi_sum(t, l.table[i].len) == 0, "%s: %s checksum", what, sig[i]);
	}

	const uint8_t *x = buf + l.table[ACPI_XSDT].offset;
	ok(l.table[ACPI_XSDT].len == 36 + 24 &&
	   le(x + 36, 8) == l.table[ACPI_FADT].gpa &&
	   le(x + 44, 8) == l.table[ACPI_MADT].gpa &&
	   le(x + 52, 8) == l.table[ACPI_MCFG].gpa,
	   "%s: XSDT lists FADT, MADT, MCFG", what);

	const uint8_t *f = buf + l.table[ACPI_FADT].offset;
	uint64_t dsdt = l.table[ACPI_DSDT].gpa;
	ok(l.table[ACPI_FADT].len == 276 && f[8] == 6 && f[131] == 3 &&
	   le(f + 112, 4) == (1u << 20) && le(f + 140, 8) == dsdt &&
	   le(f + 40, 4) == (dsdt <= UINT32_MAX ? dsdt : 0) &&
	   (le(f + 109, 2) & 0x7) == 0 && le(f + 36, 4) == 0 && le(f + 132, 8) == 0,
	   "%s: FADT 6.3, HW_REDUCED only, (X_)DSDT, no legacy, no FACS", what);

	const uint8_t *m = buf + l.table[ACPI_MADT].offset;
	int madt_ok = l.table[ACPI_MADT].len == 44 + 8 * p->nr_cpus &&
		      le(m + 36, 4) == p->lapic_addr && le(m + 40, 4) == 0;
	for (unsigned c = 0; madt_ok && c < p->nr_cpus; c++) {
		const uint8_t *e = m + 44 + 8 * c;
		madt_ok = e[0] == 0 && e[1] == 8 && e[2] == c && e[3] == c &&
			  le(e + 4, 4) == 1;
	}
	ok(madt_ok, "%s: MADT has %u enabled Local APICs, IDs 0..%u", what,
	   p->nr_cpus, p->nr_cpus - 1);

	const uint8_t *c = buf + l.table[ACPI_MCFG].offset;
	ok(l.table[ACPI_MCFG].len == 60 && le(c + 36, 8) == 0 &&
	   le(c + 44, 8) == p->ecam_base && le(c + 52, 2) == p->segment &&
	   c[54] == p->bus_start && c[55] == p->bus_end,
	   "%s: MCFG base, segment, bus range", what);

	const uint8_t *d = buf + l.table[ACPI_DSDT].offset;
	ok(d[8] == 2 && l.table[ACPI_DSDT].len > 36 && d[36] == 0x10,
	   "%s: DSDT rev 2 starting with a Scope", what);
	free(buf);
}

static void expect_einval(struct acpi_platform *p, uint64_t base,
			  const char *what)
{
	uint8_t buf[8192];
	struct acpi_layout l;
	char err[256] = "";
	memset(buf, CANARY, sizeof(buf));
	memset(&l, 0x5A, sizeof(l));
	ssize_t r = acpi_build(p, base, buf, sizeof(buf), &l, err, sizeof(err));
	ok(r == -EINVAL && all_canary(buf, sizeof(buf)) && one_line(err),
	   "%s: -EINVAL, buffer untouched: %s", what, err);
	/* Without an error buffer it must fail the same way. */
	ok(acpi_build(p, base, buf, sizeof(buf), NULL, NULL, 0) == -EINVAL,
	   "%s: same without err/layout", what);
}

static void test_hostile(void)
{
	struct acpi_platform p;

	acpi_platform_defaults(&p, 0);
	expect_einval(&p, 0x100000, "0 CPUs");
	acpi_platform_defaults(&p, 256);
	expect_einval(&p, 0x100000, "256 CPUs");
	acpi_platform_defaults(&p, ~0u);
	expect_einval(&p, 0x100000, "UINT_MAX CPUs");
	expect_einval(NULL, 0x100000, "no platform");

	acpi_platform_defaults(&p, 1);
	expect_einval(&p, 0x100008, "base not 16-byte aligned");
	expect_einval(&p, UINT64_MAX - 15, "tables wrapping 2^64");

	acpi_platform_defaults(&p, 1);
	p.bus_start = 5;
	p.bus_end = 4;
	expect_einval(&p, 0x100000, "empty bus range");

	acpi_platform_defaults(&p, 1);
	p.ecam_base = 0xE0000800;
	expect_einval(&p, 0x100000, "unaligned ECAM");

	acpi_platform_defaults(&p, 1);
	p.ecam_base = UINT64_MAX & ~0xFFFFFull;
	p.bus_end = 255;
	expect_einval(&p, 0x100000, "ECAM wrapping 2^64");

	acpi_platform_defaults(&p, 1);
	p.mmio32_size = 0;
	expect_einval(&p, 0x100000, "empty 32-bit window");

	acpi_platform_defaults(&p, 1);
	p.mmio32_base = 0xF0000000;
	p.mmio32_size = 0x20000000;
	expect_einval(&p, 0x100000, "32-bit window crossing 4 GiB");

	acpi_platform_defaults(&p, 1);
	p.mmio64_base = 0x80000000;
	p.mmio64_size = 0x1000;
	expect_einval(&p, 0x100000, "64-bit window below 4 GiB");

	acpi_platform_defaults(&p, 1);
	p.mmio64_base = UINT64_MAX - 0xFFF;
	p.mmio64_size = 0x2000;
	expect_einval(&p, 0x100000, "64-bit window wrapping 2^64");

	acpi_platform_defaults(&p, 1);
	p.ecam_base = 0xC0000000;
	expect_einval(&p, 0x100000, "ECAM inside the 32-bit window");

	acpi_platform_defaults(&p, 1);
	p.ecam_base = 0x10000000000ull;
	expect_einval(&p, 0x100000, "ECAM inside the 64-bit window");

	acpi_platform_defaults(&p, 1);
	p.ecam_base = 0xDFF00000;	/* bus 0 inside the window, bus 1 above */
	p.bus_start = 1;
	p.bus_end = 1;
	struct acpi_layout l;
	ok(acpi_build(&p, 0x100000, NULL, 0, &l, NULL, 0) == -ENOSPC,
	   "ECAM base inside a window is fine when the decoded buses are not");

	acpi_platform_defaults(&p, 1);
	p.gsi_base = UINT32_MAX - 2;
	expect_einval(&p, 0x100000, "GSI base leaving no room for INTD");

	/* Buffer one byte short: -ENOSPC, size reported, buffer untouched. */
	acpi_platform_defaults(&p, 4);
	ssize_t need;
	acpi_build(&p, 0x100000, NULL, 0, &l, NULL, 0);
	need = (ssize_t)l.size;
	uint8_t *buf = malloc(need);
	memset(buf, CANARY, need);
	char err[128];
	ssize_t r = acpi_build(&p, 0x100000, buf, need - 1, &l, err, sizeof(err));
	ok(r == -ENOSPC && (ssize_t)l.size == need && all_canary(buf, need) &&
	   one_line(err),
	   "buffer one byte short: -ENOSPC, nothing written: %s", err);
	r = acpi_build(&p, 0x100000, buf, 0, NULL, err, 4);
	ok(r == -ENOSPC && strlen(err) == 3 && all_canary(buf, need),
	   "tiny err buffer is truncated, not overrun");
	free(buf);
}

static void test_checksum(void)
{
	uint8_t b[5] = { 1, 2, 0x77, 3, 4 };
	b[2] = acpi_checksum(b, sizeof(b), 2);
	ok(b[2] == (uint8_t)(0x100 - 10) && acpi_sum(b, sizeof(b)) == 0,
	   "acpi_checksum ignores the old checksum byte");
	ok(acpi_sum("\x01\xff", 2) == 0 && acpi_sum("", 0) == 0,
	   "acpi_sum wraps mod 256");
}

int main(void)
{
	struct acpi_platform p;

	test_checksum();

	acpi_platform_defaults(&p, 1);
	check_build(&p, 0x100000, "defaults, 1 CPU");
	acpi_platform_defaults(&p, 4);
	check_build(&p, 0x9F000, "defaults, 4 CPUs");
	acpi_platform_defaults(&p, ACPI_MAX_CPUS);
	check_build(&p, 0x100000, "255 CPUs");

	/* Tables above 4 GiB: the FADT's 32-bit DSDT field must stay 0. */
	acpi_platform_defaults(&p, 2);
	check_build(&p, 0x100000000ull, "tables above 4 GiB");

	/* Other shapes: more buses, no 64-bit window, ECAM above 4 GiB. */
	acpi_platform_defaults(&p, 2);
	p.bus_start = 0x10;
	p.bus_end = 0x1F;
	p.segment = 3;
	p.mmio64_size = 0;
	check_build(&p, 0x100000, "buses 16-31, segment 3, no 64-bit window");
	acpi_platform_defaults(&p, 1);
	p.ecam_base = 0x20000000000ull;
	p.bus_end = 255;
	check_build(&p, 0x100000, "ECAM above 4 GiB, 256 buses");

	/*
	 * Dropping the 64-bit window removes one QWord descriptor (46 bytes)
	 * and shrinks the _CRS Buffer (90 -> 44 bytes of body) below 63, so
	 * its PkgLength drops from 2 bytes to 1: 47 in all.
	 */
	struct acpi_layout with, without;
	acpi_platform_defaults(&p, 1);
	acpi_build(&p, 0x100000, NULL, 0, &with, NULL, 0);
	p.mmio64_size = 0;
	acpi_build(&p, 0x100000, NULL, 0, &without, NULL, 0);
	ok(with.table[ACPI_DSDT].len - without.table[ACPI_DSDT].len == 47,
	   "no 64-bit window: DSDT one QWordMemory and one PkgLength byte shorter");

	test_hostile();
	return done_testing();
}
