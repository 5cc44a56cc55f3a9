// SPDX-License-Identifier: GPL-2.0
/*
 * MCFG (PCI Firmware Specification 3.3, 4.1.2): one allocation for our single
 * segment. Its base address is where bus 0's configuration space would be,
 * even when the decoded bus range starts later.
 */
#include "tables.h"

#define MCFG_REVISION		1
#define MCFG_FIXED_SIZE		44	/* header + 8 reserved bytes */
#define MCFG_ALLOC_SIZE		16

size_t mcfg_size(const struct acpi_platform *p)
{
	(void)p;
	return MCFG_FIXED_SIZE + MCFG_ALLOC_SIZE;
}

void mcfg_write(uint8_t *t, const struct acpi_platform *p)
{
	sdt_header(t, "MCFG", (uint32_t)mcfg_size(p), MCFG_REVISION);
	uint8_t *e = t + MCFG_FIXED_SIZE;
	put_le(e, p->ecam_base, 8);
	put_le(e + 8, p->segment, 2);
	e[10] = p->bus_start;
	e[11] = p->bus_end;
	sdt_finish(t);
}
