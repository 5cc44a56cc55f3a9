// SPDX-License-Identifier: GPL-2.0
/* XSDT (ACPI 6.5, 5.2.8): the header, then 64-bit addresses of the tables. */
#include "tables.h"

size_t xsdt_size(unsigned nr_entries)
{
	return SDT_HEADER_SIZE + 8 * (size_t)nr_entries;
}

void xsdt_write(uint8_t *t, const uint64_t *entries, unsigned nr_entries)
{
	sdt_header(t, "XSDT", (uint32_t)xsdt_size(nr_entries), 1);
	for (unsigned i = 0; i < nr_entries; i++)
		put_le(t + SDT_HEADER_SIZE + 8 * i, entries[i], 8);
	sdt_finish(t);
}
