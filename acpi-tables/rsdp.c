// SPDX-License-Identifier: GPL-2.0
/*
 * RSDP, revision 2 (ACPI 6.5, 5.2.5.3): no RSDT (its 32-bit address stays 0,
 * every OS that reads revision 2 follows the XSDT). Two checksums: the first
 * 20 bytes (the ACPI 1.0 structure) and the whole 36.
 */
#include <string.h>

#include "acpi_checksum.h"
#include "tables.h"

void rsdp_write(uint8_t *t, uint64_t xsdt_gpa)
{
	memcpy(t, "RSD PTR ", 8);
	memcpy(t + 9, ACPI_OEM_ID, 6);
	t[15] = 2;			/* revision */
	put_le(t + 16, 0, 4);		/* RsdtAddress: none */
	put_le(t + 20, RSDP_SIZE, 4);
	put_le(t + 24, xsdt_gpa, 8);
	t[8] = acpi_checksum(t, 20, 8);
	t[32] = acpi_checksum(t, RSDP_SIZE, 32);
}
