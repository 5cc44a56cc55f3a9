/* SPDX-License-Identifier: GPL-2.0 */
/* ACPI checksums: every covered byte, checksum included, sums to 0 mod 256. */
#ifndef ACPI_TABLES_CHECKSUM_H
#define ACPI_TABLES_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>

/* Sum of n bytes mod 256 (0 for a correctly checksummed range). */
uint8_t acpi_sum(const void *p, size_t n);
/* The checksum byte that makes acpi_sum() of the range 0, computed with the
 * checksum byte itself taken as 0. */
uint8_t acpi_checksum(const void *p, size_t n, size_t csum_offset);

#endif
