// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the AML encoder (acpi-tables/aml*.c) against the encodings
 * of ACPI 6.5 section 20 and the resource descriptors of section 6.4.
 * Expected bytes are written out by hand from the specification.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "tap.h"
#include "aml.h"
#include "aml_resource.h"

/* Encode with f into a fresh buffer and compare with the expected bytes. */
#define EXPECT(desc, stmt, ...) do {					\
	static const uint8_t want_[] = { __VA_ARGS__ };			\
	struct aml a;							\
	aml_init(&a);							\
	stmt;								\
	ok(!a.err && a.len == sizeof(want_) &&				\
	   tap_bytes_eq(a.data, want_, sizeof(want_)),			\
	   "%s", desc);							\
	if (a.len != sizeof(want_))					\
		printf("#   length %zu, want %zu, err %d\n", a.len,	\
		       sizeof(want_), a.err);				\
	aml_free(&a);							\
} while (0)

#define EXPECT_ERR(desc, stmt, errno_) do {				\
	struct aml a;							\
	aml_init(&a);							\
	stmt;								\
	ok(a.err == (errno_) && a.len == 0, "%s (err %d)", desc, a.err); \
	aml_free(&a);							\
} while (0)

/* An independent PkgLength decoder, straight from 20.2.4. */
static uint32_t pkglen_decode(const uint8_t *p, int *nbytes)
{
	int follow = p[0] >> 6;
	*nbytes = follow + 1;
	if (!follow)
		return p[0] & 0x3F;
	uint32_t v = p[0] & 0x0F;
	for (int i = 1; i <= follow; i++)
		v |= (uint32_t)p[i] << (4 + 8 * (i - 1));
	return v;
}

static void test_pkglen(void)
{
	static const struct { uint32_t v; int n; uint8_t b[4]; } cases[] = {
		{ 0, 1, { 0x00 } },
		{ 0x3F, 1, { 0x3F } },
		{ 0x40, 2, { 0x40, 0x04 } },
		{ 0x1234 & 0xFFF, 2, { 0x44, 0x23 } },
		{ 0xFFF, 2, { 0x4F, 0xFF } },
		{ 0x1000, 3, { 0x80, 0x00, 0x01 } },
		{ 0x12345, 3, { 0x85, 0x34, 0x12 } },
		{ 0xFFFFF, 3, { 0x8F, 0xFF, 0xFF } },
		{ 0x100000, 4, { 0xC0, 0x00, 0x00, 0x01 } },
		{ 0xABCDEF1, 4, { 0xC1, 0xEF, 0xCD, 0xAB } },
		{ 0xFFFFFFF, 4, { 0xCF, 0xFF, 0xFF, 0xFF } },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t out[4] = { 0 };
		int n = aml_pkglen_encode(cases[i].v, out);
		ok(n == cases[i].n && tap_bytes_eq(out, cases[i].b, n > 0 ? (size_t)n : 0),
		   "PkgLength 0x%x encodes in %d byte(s)", cases[i].v, cases[i].n);
	}
	uint8_t out[4];
	ok(aml_pkglen_encode(0x10000000, out) == 0,
	   "PkgLength 2^28 is refused");

	/* Round trip through the independent decoder over the whole range. */
	int bad = 0;
	for (uint64_t v = 0; v <= 0xFFFFFFF; v = v < 0x2000 ? v + 1 : v * 3 / 2 + 7) {
		int n, m;
		uint8_t b[4];
		n = aml_pkglen_encode((uint32_t)v, b);
		if (!n || pkglen_decode(b, &m) != v || m != n)
			bad++;
	}
	ok(!bad, "PkgLength round-trips through a spec decoder (%d bad)", bad);

	/* Body sizes at the edges of each form (the length counts itself). */
	static const struct { size_t body; int n; } sz[] = {
		{ 0, 1 }, { 62, 1 }, { 63, 2 }, { 0xFFD, 2 }, { 0xFFE, 3 },
		{ 0xFFFFC, 3 }, { 0xFFFFD, 4 }, { 0xFFFFFFB, 4 }, { 0xFFFFFFC, 0 },
	};
	for (size_t i = 0; i < sizeof(sz) / sizeof(sz[0]); i++)
		ok(aml_pkglen_size(sz[i].body) == sz[i].n,
		   "a %zu-byte body takes a %d-byte PkgLength", sz[i].body, sz[i].n);
}

/* Scope(_SB_) with a body of n filler bytes: the PkgLength must be right. */
static void test_scope_sizes(void)
{
	static const size_t bodies[] = { 0, 58, 59, 0xFF9, 0xFFA, 0xFFFF8,
					 0xFFFF9, 0x100000 };
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		size_t filler = bodies[i];
		struct aml a;
		aml_init(&a);
		size_t m = aml_scope_begin(&a, "_SB");
		uint8_t *fill = malloc(filler + 1);
		memset(fill, 0xA3, filler + 1);
		aml_bytes(&a, fill, filler);
		aml_end(&a, m);

		int n = 0;
		uint32_t v = a.err ? 0 : pkglen_decode(a.data + 1, &n);
		size_t body = 4 + filler;	/* the NameSeg, then the filler */
		ok(!a.err && a.data[0] == 0x10 && v == body + (size_t)n &&
		   a.len == 1 + (size_t)n + body &&
		   !memcmp(a.data + 1 + n, "_SB_", 4) &&
		   !memcmp(a.data + 1 + n + 4, fill, filler),
		   "Scope with a %zu-byte body: PkgLength %u in %d byte(s)",
		   body, v, n);
		free(fill);
		aml_free(&a);
	}
}

static void test_integers(void)
{
	EXPECT("Zero", aml_int(&a, 0), 0x00);
	EXPECT("One", aml_int(&a, 1), 0x01);
	EXPECT("Ones", aml_int(&a, UINT64_MAX), 0xFF);
	EXPECT("ByteConst 2", aml_int(&a, 2), 0x0A, 0x02);
	EXPECT("ByteConst 0xff", aml_int(&a, 0xFF), 0x0A, 0xFF);
	EXPECT("WordConst 0x100", aml_int(&a, 0x100), 0x0B, 0x00, 0x01);
	EXPECT("WordConst 0xffff", aml_int(&a, 0xFFFF), 0x0B, 0xFF, 0xFF);
	EXPECT("DWordConst 0x10000", aml_int(&a, 0x10000),
	       0x0C, 0x00, 0x00, 0x01, 0x00);
	EXPECT("DWordConst 0xffffffff", aml_int(&a, 0xFFFFFFFF),
	       0x0C, 0xFF, 0xFF, 0xFF, 0xFF);
	EXPECT("QWordConst 2^32", aml_int(&a, 0x100000000ull),
	       0x0E, 0, 0, 0, 0, 1, 0, 0, 0);
	EXPECT("QWordConst 2^64-2", aml_int(&a, UINT64_MAX - 1),
	       0x0E, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF);
	EXPECT("forced DWordConst 1", aml_dword(&a, 1), 0x0C, 1, 0, 0, 0);
}

static void test_names(void)
{
	EXPECT("NameSeg _HID", aml_name(&a, "_HID"), '_', 'H', 'I', 'D');
	EXPECT("short NameSeg is padded", aml_name(&a, "PCI"), 'P', 'C', 'I', '_');
	EXPECT("one-letter NameSeg", aml_name(&a, "A"), 'A', '_', '_', '_');
	EXPECT("root + DualNamePath", aml_name(&a, "\\_SB.PCI0"),
	       '\\', 0x2E, '_', 'S', 'B', '_', 'P', 'C', 'I', '0');
	EXPECT("root + MultiNamePath", aml_name(&a, "\\_SB.PCI0.ECAM"),
	       '\\', 0x2F, 3, '_', 'S', 'B', '_', 'P', 'C', 'I', '0',
	       'E', 'C', 'A', 'M');
	EXPECT("parent prefixes", aml_name(&a, "^^FOO"),
	       '^', '^', 'F', 'O', 'O', '_');
	EXPECT("NullName", aml_name(&a, ""), 0x00);
	EXPECT("root alone", aml_name(&a, "\\"), '\\', 0x00);
	EXPECT("digits after the first char", aml_name(&a, "S10_"),
	       'S', '1', '0', '_');
	EXPECT_ERR("lower case refused", aml_name(&a, "pci0"), -EINVAL);
	EXPECT_ERR("leading digit refused", aml_name(&a, "1ABC"), -EINVAL);
	EXPECT_ERR("5-char segment refused", aml_name(&a, "TOOLONG"), -EINVAL);
	EXPECT_ERR("empty segment refused", aml_name(&a, "A..B"), -EINVAL);
	EXPECT_ERR("trailing dot refused", aml_name(&a, "A."), -EINVAL);
	EXPECT_ERR("leading dot refused", aml_name(&a, ".A"), -EINVAL);
	EXPECT_ERR("punctuation refused", aml_name(&a, "A-B"), -EINVAL);
	EXPECT_ERR("root after parent refused", aml_name(&a, "^\\A"), -EINVAL);
	EXPECT_ERR("NULL refused", aml_name(&a, NULL), -EINVAL);
}

static void test_data(void)
{
	EXPECT("EisaId PNP0A08", aml_eisaid(&a, "PNP0A08"),
	       0x0C, 0x41, 0xD0, 0x0A, 0x08);
	EXPECT("EisaId PNP0C02", aml_eisaid(&a, "PNP0C02"),
	       0x0C, 0x41, 0xD0, 0x0C, 0x02);
	EXPECT_ERR("EisaId with lower-case vendor", aml_eisaid(&a, "pnp0A08"), -EINVAL);
	EXPECT_ERR("EisaId too short", aml_eisaid(&a, "PNP0A0"), -EINVAL);
	EXPECT_ERR("EisaId bad hex", aml_eisaid(&a, "PNP0A0G"), -EINVAL);
	EXPECT("String", aml_string(&a, "ab"), 0x0D, 'a', 'b', 0x00);
	EXPECT_ERR("non-ASCII string", aml_string(&a, "\xc3\xa9"), -EINVAL);
	EXPECT("empty Buffer", aml_buffer(&a, NULL, 0), 0x11, 0x02, 0x00);
	EXPECT("3-byte Buffer", aml_buffer(&a, "xyz", 3),
	       0x11, 0x06, 0x0A, 0x03, 'x', 'y', 'z');
	EXPECT("ToUUID of the PCI host bridge _OSC",
	       aml_uuid(&a, "33db4d5b-1ff7-401c-9657-7441c03dd766"),
	       0x11, 0x13, 0x0A, 0x10, 0x5b, 0x4d, 0xdb, 0x33, 0xf7, 0x1f,
	       0x1c, 0x40, 0x96, 0x57, 0x74, 0x41, 0xc0, 0x3d, 0xd7, 0x66);
	EXPECT_ERR("UUID with a misplaced dash",
		   aml_uuid(&a, "33db4d5b1-ff7-401c-9657-7441c03dd766"), -EINVAL);
	EXPECT_ERR("UUID too short", aml_uuid(&a, "33db4d5b"), -EINVAL);

	EXPECT("Package {1, 2}",
	       ({ size_t m = aml_package_begin(&a, 2); aml_int(&a, 1);
		  aml_int(&a, 2); aml_end(&a, m); }),
	       0x12, 0x05, 0x02, 0x01, 0x0A, 0x02);
	EXPECT("Name (_UID, Zero)",
	       ({ aml_name_decl(&a, "_UID"); aml_int(&a, 0); }),
	       0x08, '_', 'U', 'I', 'D', 0x00);

	/* More than 255 elements: VarPackage with a TermArg count. */
	struct aml a;
	aml_init(&a);
	size_t m = aml_package_begin(&a, 300);
	for (int i = 0; i < 300; i++)
		aml_int(&a, 0);
	aml_end(&a, m);
	int n = 0;
	uint32_t v = a.err ? 0 : pkglen_decode(a.data + 1, &n);
	ok(!a.err && a.data[0] == 0x13 && v == 3 + 300 + (uint32_t)n &&
	   a.data[1 + n] == 0x0B && a.data[2 + n] == 0x2C && a.data[3 + n] == 0x01,
	   "VarPackage of 300 elements");
	aml_free(&a);
}

static void test_objects(void)
{
	EXPECT("Method (_OSC, 4, NotSerialized) { Return (Arg3) }",
	       ({ size_t m = aml_method_begin(&a, "_OSC", 4, false);
		  aml_return(&a); aml_arg(&a, 3); aml_end(&a, m); }),
	       0x14, 0x08, '_', 'O', 'S', 'C', 0x04, 0xA4, 0x6B);
	EXPECT("Method (FOO, 2, Serialized) {}",
	       ({ size_t m = aml_method_begin(&a, "FOO", 2, true);
		  aml_end(&a, m); }),
	       0x14, 0x06, 'F', 'O', 'O', '_', 0x0A);
	EXPECT_ERR("Method with 8 arguments refused",
		   ({ aml_method_begin(&a, "FOO", 8, false); a.len = 0; }),
		   -EINVAL);
	EXPECT("Device (PCI0) {}",
	       ({ size_t m = aml_device_begin(&a, "PCI0"); aml_end(&a, m); }),
	       0x5B, 0x82, 0x05, 'P', 'C', 'I', '0');
	EXPECT("If (Arg0 == One) {} Else {}",
	       ({ size_t m = aml_if_begin(&a); aml_lequal(&a); aml_arg(&a, 0);
		  aml_int(&a, 1); aml_end(&a, m);
		  m = aml_else_begin(&a); aml_end(&a, m); }),
	       0xA0, 0x04, 0x93, 0x68, 0x01, 0xA1, 0x01);
	EXPECT("CDW1 |= 0x04",
	       ({ aml_or(&a); aml_name(&a, "CDW1"); aml_int(&a, 4);
		  aml_name(&a, "CDW1"); }),
	       0x7D, 'C', 'D', 'W', '1', 0x0A, 0x04, 'C', 'D', 'W', '1');
	EXPECT("CreateDWordField (Arg3, Zero, CDW1)",
	       aml_create_dword_field_arg(&a, 3, 0, "CDW1"),
	       0x8A, 0x6B, 0x00, 'C', 'D', 'W', '1');
	EXPECT("Local7, LNot, And",
	       ({ aml_local(&a, 7); aml_lnot(&a); aml_and(&a); }),
	       0x67, 0x92, 0x7B);
	EXPECT_ERR("Arg7 refused", ({ aml_arg(&a, 7); a.len = 0; }), -EINVAL);
	EXPECT_ERR("Local8 refused", ({ aml_local(&a, 8); a.len = 0; }), -EINVAL);
}

static void test_errors(void)
{
	struct aml a;

	aml_init(&a);
	aml_int(&a, 5);
	aml_name(&a, "bad!");
	size_t len = a.len;
	aml_int(&a, 7);
	aml_buffer(&a, "x", 1);
	ok(a.err == -EINVAL && a.len == len && len == 2,
	   "errors are sticky: nothing is appended after the first");
	aml_free(&a);

	aml_init(&a);
	aml_end(&a, 5);
	ok(a.err == -EINVAL, "closing a mark past the end is refused");
	aml_free(&a);

	/* An object can never outgrow what a PkgLength describes. */
	aml_init(&a);
	a.len = AML_PKGLEN_MAX;		/* pretend; nothing is read or written */
	aml_byte(&a, 0);
	ok(a.err == -E2BIG, "growing past 2^28 bytes is refused");
	a.len = 0;
	aml_free(&a);
}

static void test_resources(void)
{
	EXPECT("WordBusNumber 0..0",
	       aml_rd_word_bus(&a, 0, 0),
	       0x88, 0x0D, 0x00, 0x02, 0x0C, 0x00,
	       0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x00);
	EXPECT("WordBusNumber 0x10..0x1f",
	       aml_rd_word_bus(&a, 0x10, 0x1F),
	       0x88, 0x0D, 0x00, 0x02, 0x0C, 0x00,
	       0, 0, 0x10, 0, 0x1F, 0, 0, 0, 0x10, 0x00);
	EXPECT("DWordMemory producer 0xC0000000+0x20000000",
	       aml_rd_dword_mem(&a, AML_RD_PRODUCER, 0xC0000000, 0x20000000),
	       0x87, 0x17, 0x00, 0x00, 0x0C, 0x01,
	       0, 0, 0, 0, 0x00, 0x00, 0x00, 0xC0, 0xFF, 0xFF, 0xFF, 0xDF,
	       0, 0, 0, 0, 0x00, 0x00, 0x00, 0x20);
	EXPECT("QWordMemory consumer 2^40+2^36",
	       aml_rd_qword_mem(&a, AML_RD_CONSUMER, 0x10000000000ull,
				0x1000000000ull),
	       0x8A, 0x2B, 0x00, 0x00, 0x0D, 0x01,
	       0, 0, 0, 0, 0, 0, 0, 0,
	       0, 0, 0, 0, 0, 0x01, 0, 0,
	       0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x01, 0, 0,
	       0, 0, 0, 0, 0, 0, 0, 0,
	       0, 0, 0, 0, 0x10, 0, 0, 0);
	EXPECT("Memory32Fixed 0xE0000000+1MiB",
	       aml_rd_mem32_fixed(&a, 0xE0000000, 0x100000),
	       0x86, 0x09, 0x00, 0x01, 0x00, 0x00, 0x00, 0xE0,
	       0x00, 0x00, 0x10, 0x00);
	EXPECT("EndTag", aml_rd_end(&a), 0x79, 0x00);
	EXPECT_ERR("empty bus range", aml_rd_word_bus(&a, 2, 1), -EINVAL);
	EXPECT_ERR("zero-length DWordMemory",
		   aml_rd_dword_mem(&a, AML_RD_PRODUCER, 0x1000, 0), -EINVAL);
	EXPECT_ERR("DWordMemory past 4 GiB",
		   aml_rd_dword_mem(&a, AML_RD_PRODUCER, 0xF0000000, 0x20000000),
		   -EINVAL);
	EXPECT_ERR("QWordMemory wrapping 2^64",
		   aml_rd_qword_mem(&a, AML_RD_PRODUCER, UINT64_MAX, 2), -EINVAL);
	EXPECT_ERR("Memory32Fixed past 4 GiB",
		   aml_rd_mem32_fixed(&a, 0xFFF00000, 0x200000), -EINVAL);
}

int main(void)
{
	test_pkglen();
	test_scope_sizes();
	test_integers();
	test_names();
	test_data();
	test_objects();
	test_errors();
	test_resources();
	return done_testing();
}
