/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interface between acpi_build() and the per-table writers. Each
 * writer fills a zeroed region of exactly *_size() bytes and checksums it.
 */
#ifndef ACPI_TABLES_TABLES_H
#define ACPI_TABLES_TABLES_H

#include <stddef.h>
#include <stdint.h>

#include "acpi_tables.h"
#include "aml.h"

/* Identification every table carries (documented in docs/acpi-tables.md). */
#define ACPI_OEM_ID		"UVMM  "	/* 6 bytes */
#define ACPI_OEM_TABLE_ID	"UVMMTBLS"	/* 8 bytes */
#define ACPI_OEM_REVISION	1
#define ACPI_CREATOR_ID		"UVMM"		/* 4 bytes */
#define ACPI_CREATOR_REVISION	1

#define SDT_HEADER_SIZE		36
#define SDT_CHECKSUM_OFFSET	9

static inline void put_le(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Standard 36-byte header (checksum left 0); sdt_finish() sets it. */
void sdt_header(uint8_t *t, const char sig[4], uint32_t len, uint8_t rev);
void sdt_finish(uint8_t *t);

#define RSDP_SIZE	36
void rsdp_write(uint8_t *t, uint64_t xsdt_gpa);

size_t xsdt_size(unsigned nr_entries);
void xsdt_write(uint8_t *t, const uint64_t *entries, unsigned nr_entries);

#define FADT_SIZE	276
void fadt_write(uint8_t *t, uint64_t dsdt_gpa);

size_t madt_size(const struct acpi_platform *p);
void madt_write(uint8_t *t, const struct acpi_platform *p);

size_t mcfg_size(const struct acpi_platform *p);
void mcfg_write(uint8_t *t, const struct acpi_platform *p);

/* The whole DSDT (header and AML) into out; 0 or a negative errno. */
int dsdt_build(const struct acpi_platform *p, struct aml *out);

#endif
