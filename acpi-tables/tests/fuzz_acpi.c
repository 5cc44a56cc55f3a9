// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the ACPI builder with whatever platform, base address
 * and buffer size the input says (uvmm fills them from its options and
 * layout; the builder must hold even so). A refusal is -EINVAL or -ENOSPC
 * with one line, and nothing written; a success fits the buffer, every
 * table lies inside what was written, and every checksum holds (the RSDP's
 * two included).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "acpi_checksum.h"
#include "acpi_tables.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define BUF_MAX 8192

static uint64_t take(const uint8_t **d, size_t *left, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n && *left; i++, (*d)++, (*left)--)
		v |= (uint64_t)**d << (8 * i);
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t buf[BUF_MAX + 64];
	struct acpi_platform p;
	struct acpi_layout l;
	char err[256];
	uint64_t base;
	size_t buflen;
	ssize_t n;

	acpi_platform_defaults(&p, 1 + take(&data, &size, 1) % 8);
	/* Each field: the default, or what the input says. */
	if (take(&data, &size, 1) & 1)
		p.nr_cpus = take(&data, &size, 2);
	if (take(&data, &size, 1) & 1)
		p.lapic_addr = take(&data, &size, 4);
	if (take(&data, &size, 1) & 1) {
		p.ecam_base = take(&data, &size, 8);
		p.segment = take(&data, &size, 2);
		p.bus_start = take(&data, &size, 1);
		p.bus_end = take(&data, &size, 1);
	}
	if (take(&data, &size, 1) & 1) {
		p.mmio32_base = take(&data, &size, 8);
		p.mmio32_size = take(&data, &size, 8);
	}
	if (take(&data, &size, 1) & 1) {
		p.mmio64_base = take(&data, &size, 8);
		p.mmio64_size = take(&data, &size, 8);
	}
	if (take(&data, &size, 1) & 1)
		p.gsi_base = take(&data, &size, 4);
	base = take(&data, &size, 1) & 1 ? take(&data, &size, 8) : 0xe0000;
	buflen = take(&data, &size, 2) % BUF_MAX;
	memset(buf, 0xee, sizeof(buf));
	err[0] = '\0';
	n = acpi_build(&p, base, buf, buflen, &l, err, sizeof(err));
	for (size_t i = buflen; i < sizeof(buf); i++)	/* never past buflen */
		if (buf[i] != 0xee)
			abort();
	if (n < 0) {
		if ((n != -EINVAL && n != -ENOSPC && n != -ENOMEM) || !err[0] || strchr(err, '\n'))
			abort();
		for (size_t i = 0; i < buflen; i++)	/* nothing written */
			if (buf[i] != 0xee)
				abort();
		return 0;
	}
	if ((size_t)n > buflen || l.size != (size_t)n || l.rsdp != l.table[ACPI_RSDP].gpa)
		abort();
	for (int t = 0; t < ACPI_NR_TABLES; t++) {
		const struct acpi_table_loc *loc = &l.table[t];

		if (loc->offset > (size_t)n || loc->len > (size_t)n - loc->offset ||
		    loc->gpa != base + loc->offset)
			abort();
		/* The RSDP: 20 bytes for rev 1's checksum, all of them for rev 2's. */
		if (t == ACPI_RSDP ? acpi_sum(buf + loc->offset, 20) ||
				     acpi_sum(buf + loc->offset, loc->len)
				   : acpi_sum(buf + loc->offset, loc->len))
			abort();
	}
	return 0;
}
