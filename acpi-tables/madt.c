// SPDX-License-Identifier: GPL-2.0
/*
 * MADT (ACPI 6.5, 5.2.12): the Local APIC address, no PC-AT dual 8259, and
 * one Processor Local APIC structure (type 0) per vCPU, enabled, with ACPI
 * processor UID = APIC ID = vCPU number. The guest only counts them.
 */
#include "tables.h"

#define MADT_REVISION		5
#define MADT_FIXED_SIZE		44	/* header, LAPIC address, flags */
#define MADT_LAPIC_TYPE		0
#define MADT_LAPIC_LEN		8
#define MADT_LAPIC_ENABLED	1u

size_t madt_size(const struct acpi_platform *p)
{
	return MADT_FIXED_SIZE + (size_t)p->nr_cpus * MADT_LAPIC_LEN;
}

void madt_write(uint8_t *t, const struct acpi_platform *p)
{
	sdt_header(t, "APIC", (uint32_t)madt_size(p), MADT_REVISION);
	put_le(t + 36, p->lapic_addr, 4);
	put_le(t + 40, 0, 4);		/* flags: no PCAT_COMPAT */
	for (unsigned i = 0; i < p->nr_cpus; i++) {
		uint8_t *e = t + MADT_FIXED_SIZE + i * MADT_LAPIC_LEN;
		e[0] = MADT_LAPIC_TYPE;
		e[1] = MADT_LAPIC_LEN;
		e[2] = (uint8_t)i;	/* ACPI processor UID */
		e[3] = (uint8_t)i;	/* APIC ID */
		put_le(e + 4, MADT_LAPIC_ENABLED, 4);
	}
	sdt_finish(t);
}
