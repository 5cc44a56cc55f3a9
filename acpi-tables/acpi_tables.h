/* SPDX-License-Identifier: GPL-2.0 */
/*
 * uvmm's ACPI tables: RSDP (rev 2) -> XSDT -> FADT (HW-reduced), MADT, MCFG;
 * FADT -> DSDT with a PNP0A08 host bridge and a PNP0C02 ECAM reservation.
 *
 * Usage:
 *	struct acpi_platform p;
 *	acpi_platform_defaults(&p, nr_vcpus);
 *	struct acpi_layout l;
 *	ssize_t n = acpi_build(&p, gpa, buf, buflen, &l, err, sizeof(err));
 *	// n < 0: -EINVAL (bad platform or base), -ENOSPC (buf too small,
 *	//        l.size says how much is needed), -ENOMEM; err holds a line.
 *	// n >= 0: n bytes written at buf, which the caller places at guest
 *	//        physical `gpa`; l.rsdp is what goes into the boot info.
 */
#ifndef ACPI_TABLES_H
#define ACPI_TABLES_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* MADT type-0 entries carry an 8-bit APIC ID and 0xFF means broadcast. */
#define ACPI_MAX_CPUS		255
#define ACPI_PCI_SLOTS		32	/* _PRT covers every device on bus */
#define ACPI_PCI_PINS		4	/* INTA..INTD */

/* The guest-physical platform the tables describe. */
struct acpi_platform {
	unsigned nr_cpus;	/* 1..ACPI_MAX_CPUS; APIC ID = vCPU number */
	uint32_t lapic_addr;	/* MADT Local APIC address field */

	/* ECAM: base is where bus 0 would be (MCFG's definition), 1 MiB/bus. */
	uint64_t ecam_base;
	uint16_t segment;
	uint8_t bus_start, bus_end;

	/* Host bridge windows; mmio64_size 0 means no 64-bit window. */
	uint64_t mmio32_base, mmio32_size;
	uint64_t mmio64_base, mmio64_size;

	/* INTx: slot d pin p (0 = INTA) -> gsi_base + (d + p) % 4. */
	uint32_t gsi_base;
};

/* The defaults uvmm uses (see docs/acpi-tables.md). */
#define ACPI_DEF_LAPIC_ADDR	0xFEE00000u
#define ACPI_DEF_ECAM_BASE	0xE0000000ull
#define ACPI_DEF_MMIO32_BASE	0xC0000000ull
#define ACPI_DEF_MMIO32_SIZE	0x20000000ull
#define ACPI_DEF_MMIO64_BASE	0x10000000000ull
#define ACPI_DEF_MMIO64_SIZE	0x1000000000ull
#define ACPI_DEF_GSI_BASE	16u

void acpi_platform_defaults(struct acpi_platform *p, unsigned nr_cpus);

/* Which table; the order is also the placement order. */
enum acpi_table_id {
	ACPI_RSDP, ACPI_XSDT, ACPI_FADT, ACPI_MADT, ACPI_MCFG, ACPI_DSDT,
	ACPI_NR_TABLES
};

struct acpi_table_loc {
	char sig[5];		/* "RSD PTR " is shortened to "RSDP" */
	uint64_t gpa;		/* guest-physical address */
	size_t offset;		/* offset in the caller's buffer */
	uint32_t len;
};

struct acpi_layout {
	uint64_t rsdp;		/* = table[ACPI_RSDP].gpa, for the boot info */
	size_t size;		/* bytes used (or needed, on -ENOSPC) */
	struct acpi_table_loc table[ACPI_NR_TABLES];
};

/*
 * Check p; one-line reason in err on failure. 0 or -EINVAL.
 * err may be NULL (errlen 0) everywhere.
 */
int acpi_platform_check(const struct acpi_platform *p, char *err,
			size_t errlen);

/*
 * Build every table contiguously (each 16-byte aligned) into buf, which will
 * live at guest-physical base_gpa (16-byte aligned, tables below 2^64).
 * Returns the bytes used or a negative errno; never writes past buflen, and
 * writes nothing at all on error.
 */
ssize_t acpi_build(const struct acpi_platform *p, uint64_t base_gpa,
		   void *buf, size_t buflen, struct acpi_layout *out,
		   char *err, size_t errlen);

#endif
