// SPDX-License-Identifier: GPL-2.0
#include "acpi_checksum.h"

uint8_t acpi_sum(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint8_t s = 0;
	for (size_t i = 0; i < n; i++)
		s = (uint8_t)(s + b[i]);
	return s;
}

uint8_t acpi_checksum(const void *p, size_t n, size_t csum_offset)
{
	uint8_t s = acpi_sum(p, n);
	if (csum_offset < n)
		s = (uint8_t)(s - ((const uint8_t *)p)[csum_offset]);
	return (uint8_t)(0x100 - s);
}
