/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small AML (ACPI Machine Language) encoder: enough of ACPI 6.x section 20
 * to write a DSDT by hand-built byte code, with no ASL compiler at runtime.
 *
 * Everything appends to a growable byte buffer. Errors are sticky: after the
 * first failure (bad name, oversized package, out of memory) every call is a
 * no-op and aml_error() reports the first error, so callers may check once at
 * the end instead of after every call.
 *
 * Objects that carry a PkgLength (Scope, Device, Method, If, Else, Package,
 * Buffer) are written open/close: the *_begin call returns a mark, the body is
 * appended, and aml_end() inserts the PkgLength at the mark once the body's
 * size is known, choosing its shortest (1 to 4 byte) form.
 */
#ifndef ACPI_TABLES_AML_H
#define ACPI_TABLES_AML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct aml {
	uint8_t *data;
	size_t len;
	size_t cap;
	int err;		/* 0, or the first negative errno */
};

/* The largest value a PkgLength can hold (28 bits). */
#define AML_PKGLEN_MAX	0x0FFFFFFFu

void aml_init(struct aml *a);
void aml_free(struct aml *a);
static inline int aml_error(const struct aml *a) { return a->err; }

/* Raw bytes (opcodes the helpers below do not cover). */
void aml_byte(struct aml *a, uint8_t b);
void aml_bytes(struct aml *a, const void *p, size_t n);

/*
 * PkgLength: encode the value `total` (which counts the PkgLength bytes
 * themselves) into out[] in its shortest form; returns the number of bytes
 * (1..4), or 0 if total exceeds AML_PKGLEN_MAX.
 */
int aml_pkglen_encode(uint32_t total, uint8_t out[4]);
/*
 * How many bytes the PkgLength in front of a body of `body` bytes takes, or 0
 * if no encoding can hold it.
 */
int aml_pkglen_size(size_t body);

/* Open/close a PkgLength scope; see the file comment. */
size_t aml_mark(struct aml *a);
void aml_end(struct aml *a, size_t mark);

/*
 * NameString: "\\_SB.PCI0", "^^FOO", "_HID", "" (NullName). Segments are 1..4
 * characters [A-Z_][A-Z0-9_]*, padded with '_'. Anything else sets -EINVAL.
 */
void aml_name(struct aml *a, const char *path);
/* True if `seg` is a valid 1..4 character name segment. */
bool aml_nameseg_valid(const char *seg, size_t len);

/* Integer in its smallest encoding: Zero, One, Ones, Byte/Word/DWord/QWord. */
void aml_int(struct aml *a, uint64_t v);
/* A DWordConst regardless of value (fields whose size is part of the ABI). */
void aml_dword(struct aml *a, uint32_t v);
/* EISA ID "PNP0A08" as the compressed DWord _HID/_CID use; -EINVAL if bad. */
void aml_eisaid(struct aml *a, const char *id);
/* Null-terminated ASCII string (String opcode); -EINVAL if non-ASCII. */
void aml_string(struct aml *a, const char *s);
/* Buffer object holding n bytes. */
void aml_buffer(struct aml *a, const void *p, size_t n);
/* ToUUID("33db4d5b-1ff7-401c-9657-7441c03dd766") as a 16-byte Buffer. */
void aml_uuid(struct aml *a, const char *uuid);
/* Parse a textual UUID into ACPI's mixed-endian byte order; -1 if bad. */
int aml_uuid_bytes(const char *uuid, uint8_t out[16]);

/* Package (VarPackage when nelems > 255); close with aml_end(). */
size_t aml_package_begin(struct aml *a, unsigned nelems);

/* Name(path, <object appended next>). */
void aml_name_decl(struct aml *a, const char *path);
/* Scope/Device/Method: begin returns the mark to close with aml_end(). */
size_t aml_scope_begin(struct aml *a, const char *path);
size_t aml_device_begin(struct aml *a, const char *path);
size_t aml_method_begin(struct aml *a, const char *path, unsigned nargs,
			bool serialized);

/* Terms used in method bodies. */
void aml_arg(struct aml *a, unsigned n);	/* Arg0..Arg6 */
void aml_local(struct aml *a, unsigned n);	/* Local0..Local7 */
size_t aml_if_begin(struct aml *a);		/* predicate follows, then body */
size_t aml_else_begin(struct aml *a);
void aml_return(struct aml *a);			/* operand follows */
void aml_lequal(struct aml *a);			/* two operands follow */
void aml_lnot(struct aml *a);			/* one operand follows */
void aml_or(struct aml *a);			/* operand, operand, target follow */
void aml_and(struct aml *a);			/* operand, operand, target follow */
/* CreateDWordField(ArgN, index, name): a DWord view into a buffer argument. */
void aml_create_dword_field_arg(struct aml *a, unsigned argn, uint64_t index,
				const char *name);

#endif
