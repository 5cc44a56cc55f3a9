// SPDX-License-Identifier: GPL-2.0
/* The System Description Table header shared by every table but the RSDP. */
#include <string.h>

#include "acpi_checksum.h"
#include "tables.h"

void sdt_header(uint8_t *t, const char sig[4], uint32_t len, uint8_t rev)
{
	memcpy(t, sig, 4);
	put_le(t + 4, len, 4);
	t[8] = rev;
	t[9] = 0;
	memcpy(t + 10, ACPI_OEM_ID, 6);
	memcpy(t + 16, ACPI_OEM_TABLE_ID, 8);
	put_le(t + 24, ACPI_OEM_REVISION, 4);
	memcpy(t + 28, ACPI_CREATOR_ID, 4);
	put_le(t + 32, ACPI_CREATOR_REVISION, 4);
}

void sdt_finish(uint8_t *t)
{
	uint32_t len = (uint32_t)t[4] | (uint32_t)t[5] << 8 |
		       (uint32_t)t[6] << 16 | (uint32_t)t[7] << 24;
	t[SDT_CHECKSUM_OFFSET] = acpi_checksum(t, len, SDT_CHECKSUM_OFFSET);
}
