// SPDX-License-Identifier: GPL-2.0
/*
 * acpi_build(): lay the tables out back to back, each on a 16-byte boundary,
 * in the order RSDP, XSDT, FADT, MADT, MCFG, DSDT, and write them. The DSDT
 * is encoded first (its size is only known then); everything else has a
 * size computable from the platform.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "acpi_tables.h"
#include "platform.h"
#include "tables.h"

#define TABLE_ALIGN	16

static const char *const table_sig[ACPI_NR_TABLES] = {
	[ACPI_RSDP] = "RSDP", [ACPI_XSDT] = "XSDT", [ACPI_FADT] = "FACP",
	[ACPI_MADT] = "APIC", [ACPI_MCFG] = "MCFG", [ACPI_DSDT] = "DSDT",
};

/* Tables the XSDT lists (the DSDT is reached through the FADT). */
static const enum acpi_table_id xsdt_tables[] = {
	ACPI_FADT, ACPI_MADT, ACPI_MCFG,
};
#define XSDT_ENTRIES (sizeof(xsdt_tables) / sizeof(xsdt_tables[0]))

ssize_t acpi_build(const struct acpi_platform *p, uint64_t base_gpa,
		   void *buf, size_t buflen, struct acpi_layout *out,
		   char *err, size_t errlen)
{
	struct acpi_layout l;
	struct aml dsdt;
	size_t len[ACPI_NR_TABLES];
	int ret;

	if (err && errlen)
		err[0] = '\0';
	ret = acpi_platform_check(p, err, errlen);
	if (ret)
		return ret;
	if (base_gpa % TABLE_ALIGN)
		return acpi_fail(err, errlen, -EINVAL,
				 "acpi: base address 0x%" PRIx64 " is not %d-byte aligned",
				 base_gpa, TABLE_ALIGN);

	ret = dsdt_build(p, &dsdt);
	if (ret)
		return acpi_fail(err, errlen, ret, "acpi: cannot encode the DSDT: %s",
				 strerror(-ret));

	len[ACPI_RSDP] = RSDP_SIZE;
	len[ACPI_XSDT] = xsdt_size(XSDT_ENTRIES);
	len[ACPI_FADT] = FADT_SIZE;
	len[ACPI_MADT] = madt_size(p);
	len[ACPI_MCFG] = mcfg_size(p);
	len[ACPI_DSDT] = dsdt.len;

	memset(&l, 0, sizeof(l));
	size_t off = 0;
	for (int i = 0; i < ACPI_NR_TABLES; i++) {
		off = (off + TABLE_ALIGN - 1) & ~(size_t)(TABLE_ALIGN - 1);
		memcpy(l.table[i].sig, table_sig[i], 5);
		l.table[i].offset = off;
		l.table[i].gpa = base_gpa + off;
		l.table[i].len = (uint32_t)len[i];
		off += len[i];
	}
	l.size = off;
	l.rsdp = l.table[ACPI_RSDP].gpa;

	/* Every table must be addressable: nothing may wrap past 2^64. */
	if (base_gpa + (l.size - 1) < base_gpa) {
		aml_free(&dsdt);
		return acpi_fail(err, errlen, -EINVAL,
				 "acpi: tables at 0x%" PRIx64 " would wrap the address space",
				 base_gpa);
	}
	if (out)
		*out = l;
	if (!buf || buflen < l.size) {
		aml_free(&dsdt);
		return acpi_fail(err, errlen, -ENOSPC,
				 "acpi: tables need %zu bytes, buffer has %zu",
				 l.size, buf ? buflen : 0);
	}

	uint8_t *b = buf;
	memset(b, 0, l.size);
	uint64_t entries[XSDT_ENTRIES];
	for (size_t i = 0; i < XSDT_ENTRIES; i++)
		entries[i] = l.table[xsdt_tables[i]].gpa;

	memcpy(b + l.table[ACPI_DSDT].offset, dsdt.data, dsdt.len);
	aml_free(&dsdt);
	mcfg_write(b + l.table[ACPI_MCFG].offset, p);
	madt_write(b + l.table[ACPI_MADT].offset, p);
	fadt_write(b + l.table[ACPI_FADT].offset, l.table[ACPI_DSDT].gpa);
	xsdt_write(b + l.table[ACPI_XSDT].offset, entries, XSDT_ENTRIES);
	rsdp_write(b + l.table[ACPI_RSDP].offset, l.table[ACPI_XSDT].gpa);
	return (ssize_t)l.size;
}
