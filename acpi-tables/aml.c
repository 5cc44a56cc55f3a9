// SPDX-License-Identifier: GPL-2.0
/*
 * The AML encoder core: byte buffer, PkgLength, names, data objects, named
 * objects and the few terms the DSDT's methods need. Opcode values are from
 * the ACPI 6.5 specification, section 20.3 (AML grammar).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "aml.h"

/* Opcodes (ACPI 6.5, 20.3). */
enum {
	AML_ZERO = 0x00, AML_ONE = 0x01, AML_NAME = 0x08,
	AML_BYTE_PREFIX = 0x0A, AML_WORD_PREFIX = 0x0B,
	AML_DWORD_PREFIX = 0x0C, AML_STRING_PREFIX = 0x0D,
	AML_QWORD_PREFIX = 0x0E, AML_SCOPE = 0x10, AML_BUFFER = 0x11,
	AML_PACKAGE = 0x12, AML_VAR_PACKAGE = 0x13, AML_METHOD = 0x14,
	AML_DUAL_NAME_PREFIX = 0x2E, AML_MULTI_NAME_PREFIX = 0x2F,
	AML_EXT_PREFIX = 0x5B, AML_EXT_DEVICE = 0x82,
	AML_ROOT_CHAR = '\\', AML_PARENT_PREFIX = '^',
	AML_LOCAL0 = 0x60, AML_ARG0 = 0x68,
	AML_AND = 0x7B, AML_OR = 0x7D, AML_CREATE_DWORD_FIELD = 0x8A,
	AML_LNOT = 0x92, AML_LEQUAL = 0x93,
	AML_IF = 0xA0, AML_ELSE = 0xA1, AML_RETURN = 0xA4,
	AML_ONES = 0xFF,
};

void aml_init(struct aml *a)
{
	memset(a, 0, sizeof(*a));
}

void aml_free(struct aml *a)
{
	free(a->data);
	aml_init(a);
}

static void aml_fail(struct aml *a, int err)
{
	if (!a->err)
		a->err = err;
}

/* Make room for n more bytes; false (and a sticky error) if impossible. */
static bool aml_reserve(struct aml *a, size_t n)
{
	if (a->err)
		return false;
	/* No AML object may exceed what a PkgLength can describe. */
	if (n > AML_PKGLEN_MAX || a->len > AML_PKGLEN_MAX - n) {
		aml_fail(a, -E2BIG);
		return false;
	}
	if (a->len + n <= a->cap)
		return true;
	size_t cap = a->cap ? a->cap : 256;
	while (cap < a->len + n)
		cap *= 2;
	uint8_t *p = realloc(a->data, cap);
	if (!p) {
		aml_fail(a, -ENOMEM);
		return false;
	}
	a->data = p;
	a->cap = cap;
	return true;
}

void aml_bytes(struct aml *a, const void *p, size_t n)
{
	if (!n || !aml_reserve(a, n))
		return;
	memcpy(a->data + a->len, p, n);
	a->len += n;
}

void aml_byte(struct aml *a, uint8_t b)
{
	aml_bytes(a, &b, 1);
}

static void aml_le(struct aml *a, uint64_t v, unsigned n)
{
	uint8_t b[8];
	for (unsigned i = 0; i < n; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	aml_bytes(a, b, n);
}

/*
 * PkgLength (20.2.4): one byte holds 0..63 in bits 0-5. Longer forms put the
 * count of following bytes (1..3) in bits 6-7 of the lead byte, the low
 * nibble of the length in its bits 0-3, and the rest in the following bytes.
 */
int aml_pkglen_encode(uint32_t total, uint8_t out[4])
{
	if (total <= 0x3F) {
		out[0] = (uint8_t)total;
		return 1;
	}
	int follow;
	if (total <= 0xFFF)
		follow = 1;
	else if (total <= 0xFFFFF)
		follow = 2;
	else if (total <= AML_PKGLEN_MAX)
		follow = 3;
	else
		return 0;
	out[0] = (uint8_t)((follow << 6) | (total & 0x0F));
	for (int i = 1; i <= follow; i++)
		out[i] = (uint8_t)(total >> (4 + 8 * (i - 1)));
	return follow + 1;
}

int aml_pkglen_size(size_t body)
{
	/* The value counts its own bytes, so try each size in turn. */
	static const size_t limit[] = { 0x3F, 0xFFF, 0xFFFFF, AML_PKGLEN_MAX };
	for (int n = 1; n <= 4; n++)
		if (body <= limit[n - 1] - (size_t)n)
			return n;
	return 0;
}

size_t aml_mark(struct aml *a)
{
	return a->len;
}

void aml_end(struct aml *a, size_t mark)
{
	if (a->err)
		return;
	if (mark > a->len) {
		aml_fail(a, -EINVAL);
		return;
	}
	size_t body = a->len - mark;
	int n = aml_pkglen_size(body);
	if (!n) {
		aml_fail(a, -E2BIG);
		return;
	}
	uint8_t enc[4];
	if (aml_pkglen_encode((uint32_t)(body + n), enc) != n) {
		aml_fail(a, -E2BIG);
		return;
	}
	if (!aml_reserve(a, n))
		return;
	memmove(a->data + mark + n, a->data + mark, body);
	memcpy(a->data + mark, enc, n);
	a->len += n;
}

static bool lead_char(char c)
{
	return (c >= 'A' && c <= 'Z') || c == '_';
}

static bool name_char(char c)
{
	return lead_char(c) || (c >= '0' && c <= '9');
}

bool aml_nameseg_valid(const char *seg, size_t len)
{
	if (len < 1 || len > 4 || !lead_char(seg[0]))
		return false;
	for (size_t i = 1; i < len; i++)
		if (!name_char(seg[i]))
			return false;
	return true;
}

/* NameString (20.2.2): root or parent prefixes, then a NamePath. */
void aml_name(struct aml *a, const char *path)
{
	if (a->err)
		return;
	if (!path) {
		aml_fail(a, -EINVAL);
		return;
	}
	const char *p = path;
	if (*p == AML_ROOT_CHAR)
		p++;
	else
		while (*p == AML_PARENT_PREFIX)
			p++;

	/* Validate and count the segments before writing anything. */
	size_t nseg = 0;
	const char *s = p;
	while (*s) {
		size_t len = strcspn(s, ".");
		if (!aml_nameseg_valid(s, len)) {
			aml_fail(a, -EINVAL);
			return;
		}
		nseg++;
		s += len;
		if (*s == '.') {
			s++;
			if (!*s) {	/* trailing dot */
				aml_fail(a, -EINVAL);
				return;
			}
		}
	}
	if (nseg > 255) {
		aml_fail(a, -EINVAL);
		return;
	}

	aml_bytes(a, path, (size_t)(p - path));
	if (nseg == 0)
		aml_byte(a, 0x00);			/* NullName */
	else if (nseg == 2)
		aml_byte(a, AML_DUAL_NAME_PREFIX);
	else if (nseg > 2) {
		aml_byte(a, AML_MULTI_NAME_PREFIX);
		aml_byte(a, (uint8_t)nseg);
	}
	for (s = p; *s; ) {
		size_t len = strcspn(s, ".");
		char seg[4] = { '_', '_', '_', '_' };
		memcpy(seg, s, len);
		aml_bytes(a, seg, 4);
		s += len;
		if (*s == '.')
			s++;
	}
}

void aml_int(struct aml *a, uint64_t v)
{
	if (v == 0)
		aml_byte(a, AML_ZERO);
	else if (v == 1)
		aml_byte(a, AML_ONE);
	else if (v == UINT64_MAX)
		aml_byte(a, AML_ONES);	/* DSDT revision 2: integers are 64-bit */
	else if (v <= 0xFF) {
		aml_byte(a, AML_BYTE_PREFIX);
		aml_le(a, v, 1);
	} else if (v <= 0xFFFF) {
		aml_byte(a, AML_WORD_PREFIX);
		aml_le(a, v, 2);
	} else if (v <= 0xFFFFFFFF) {
		aml_byte(a, AML_DWORD_PREFIX);
		aml_le(a, v, 4);
	} else {
		aml_byte(a, AML_QWORD_PREFIX);
		aml_le(a, v, 8);
	}
}

void aml_dword(struct aml *a, uint32_t v)
{
	aml_byte(a, AML_DWORD_PREFIX);
	aml_le(a, v, 4);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * EISA ID: three letters (5 bits each, 'A' = 1) and four hex digits, packed
 * big-endian into 32 bits and stored as a little-endian DWord.
 */
void aml_eisaid(struct aml *a, const char *id)
{
	if (!id || strlen(id) != 7) {
		aml_fail(a, -EINVAL);
		return;
	}
	uint32_t v = 0;
	for (int i = 0; i < 3; i++) {
		if (id[i] < 'A' || id[i] > 'Z') {
			aml_fail(a, -EINVAL);
			return;
		}
		v = (v << 5) | (uint32_t)(id[i] - 'A' + 1);
	}
	for (int i = 3; i < 7; i++) {
		int h = hexval(id[i]);
		if (h < 0) {
			aml_fail(a, -EINVAL);
			return;
		}
		v = (v << 4) | (uint32_t)h;
	}
	uint32_t swapped = ((v & 0xFF) << 24) | ((v & 0xFF00) << 8) |
			   ((v >> 8) & 0xFF00) | (v >> 24);
	aml_dword(a, swapped);
}

void aml_string(struct aml *a, const char *s)
{
	if (!s) {
		aml_fail(a, -EINVAL);
		return;
	}
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p > 0x7F) {
			aml_fail(a, -EINVAL);
			return;
		}
	aml_byte(a, AML_STRING_PREFIX);
	aml_bytes(a, s, strlen(s) + 1);
}

void aml_buffer(struct aml *a, const void *p, size_t n)
{
	aml_byte(a, AML_BUFFER);
	size_t m = aml_mark(a);
	aml_int(a, n);
	aml_bytes(a, p, n);
	aml_end(a, m);
}

/*
 * ToUUID (19.6.142): the first three groups are stored little-endian, the
 * last two byte by byte as written.
 */
int aml_uuid_bytes(const char *uuid, uint8_t out[16])
{
	static const int order[16] = { 3, 2, 1, 0, 5, 4, 7, 6,
				       8, 9, 10, 11, 12, 13, 14, 15 };
	uint8_t raw[16];
	int n = 0;

	if (!uuid || strlen(uuid) != 36)
		return -1;
	for (int i = 0; i < 36; ) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (uuid[i] != '-')
				return -1;
			i++;
			continue;
		}
		int hi = hexval(uuid[i]), lo = hexval(uuid[i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		raw[n++] = (uint8_t)(hi << 4 | lo);
		i += 2;
	}
	for (int i = 0; i < 16; i++)
		out[i] = raw[order[i]];
	return 0;
}

void aml_uuid(struct aml *a, const char *uuid)
{
	uint8_t b[16];
	if (aml_uuid_bytes(uuid, b)) {
		aml_fail(a, -EINVAL);
		return;
	}
	aml_buffer(a, b, sizeof(b));
}

size_t aml_package_begin(struct aml *a, unsigned nelems)
{
	size_t m;
	if (nelems <= 255) {
		aml_byte(a, AML_PACKAGE);
		m = aml_mark(a);
		aml_byte(a, (uint8_t)nelems);
	} else {
		aml_byte(a, AML_VAR_PACKAGE);
		m = aml_mark(a);
		aml_int(a, nelems);
	}
	return m;
}

void aml_name_decl(struct aml *a, const char *path)
{
	aml_byte(a, AML_NAME);
	aml_name(a, path);
}

size_t aml_scope_begin(struct aml *a, const char *path)
{
	aml_byte(a, AML_SCOPE);
	size_t m = aml_mark(a);
	aml_name(a, path);
	return m;
}

size_t aml_device_begin(struct aml *a, const char *path)
{
	aml_byte(a, AML_EXT_PREFIX);
	aml_byte(a, AML_EXT_DEVICE);
	size_t m = aml_mark(a);
	aml_name(a, path);
	return m;
}

/* MethodFlags: bits 0-2 ArgCount, bit 3 SerializeFlag, bits 4-7 SyncLevel. */
size_t aml_method_begin(struct aml *a, const char *path, unsigned nargs,
			bool serialized)
{
	aml_byte(a, AML_METHOD);
	size_t m = aml_mark(a);
	aml_name(a, path);
	if (nargs > 7)
		aml_fail(a, -EINVAL);
	aml_byte(a, (uint8_t)((nargs & 7) | (serialized ? 0x08 : 0)));
	return m;
}

void aml_arg(struct aml *a, unsigned n)
{
	if (n > 6)
		aml_fail(a, -EINVAL);
	aml_byte(a, (uint8_t)(AML_ARG0 + (n & 7)));
}

void aml_local(struct aml *a, unsigned n)
{
	if (n > 7)
		aml_fail(a, -EINVAL);
	aml_byte(a, (uint8_t)(AML_LOCAL0 + (n & 7)));
}

size_t aml_if_begin(struct aml *a)
{
	aml_byte(a, AML_IF);
	return aml_mark(a);
}

size_t aml_else_begin(struct aml *a)
{
	aml_byte(a, AML_ELSE);
	return aml_mark(a);
}

void aml_return(struct aml *a) { aml_byte(a, AML_RETURN); }
void aml_lequal(struct aml *a) { aml_byte(a, AML_LEQUAL); }
void aml_lnot(struct aml *a) { aml_byte(a, AML_LNOT); }
void aml_or(struct aml *a) { aml_byte(a, AML_OR); }
void aml_and(struct aml *a) { aml_byte(a, AML_AND); }

void aml_create_dword_field_arg(struct aml *a, unsigned argn, uint64_t index,
				const char *name)
{
	aml_byte(a, AML_CREATE_DWORD_FIELD);
	aml_arg(a, argn);
	aml_int(a, index);
	aml_name(a, name);
}
