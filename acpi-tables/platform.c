// SPDX-License-Identifier: GPL-2.0
/* The platform description: uvmm's defaults and the checks acpi_build()
 * relies on before it writes a byte. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "acpi_tables.h"
#include "platform.h"

#define ECAM_BUS_SHIFT	20
#define FOUR_GIB	(1ull << 32)

void acpi_platform_defaults(struct acpi_platform *p, unsigned nr_cpus)
{
	memset(p, 0, sizeof(*p));
	p->nr_cpus = nr_cpus;
	p->lapic_addr = ACPI_DEF_LAPIC_ADDR;
	p->ecam_base = ACPI_DEF_ECAM_BASE;
	p->segment = 0;
	p->bus_start = 0;
	p->bus_end = 0;
	p->mmio32_base = ACPI_DEF_MMIO32_BASE;
	p->mmio32_size = ACPI_DEF_MMIO32_SIZE;
	p->mmio64_base = ACPI_DEF_MMIO64_BASE;
	p->mmio64_size = ACPI_DEF_MMIO64_SIZE;
	p->gsi_base = ACPI_DEF_GSI_BASE;
}

int acpi_fail(char *err, size_t errlen, int ret, const char *fmt, ...)
{
	if (err && errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return ret;
}

/* [base, base+size) as an inclusive range; false if empty or wrapping. */
static bool range_end(uint64_t base, uint64_t size, uint64_t *last)
{
	if (!size || base + (size - 1) < base)
		return false;
	*last = base + (size - 1);
	return true;
}

static bool overlap(uint64_t a0, uint64_t a1, uint64_t b0, uint64_t b1)
{
	return a0 <= b1 && b0 <= a1;
}

int acpi_platform_check(const struct acpi_platform *p, char *err,
			size_t errlen)
{
	uint64_t ecam0, ecam1, m32_last, m64_last = 0;

	if (!p)
		return acpi_fail(err, errlen, -EINVAL, "acpi: no platform description");
	if (p->nr_cpus < 1 || p->nr_cpus > ACPI_MAX_CPUS)
		return acpi_fail(err, errlen, -EINVAL,
				 "acpi: %u vCPUs; the MADT describes 1 to %u",
				 p->nr_cpus, ACPI_MAX_CPUS);
	if (p->bus_start > p->bus_end)
		return acpi_fail(err, errlen, -EINVAL,
				 "acpi: bus range %u..%u is empty",
				 p->bus_start, p->bus_end);
	if (p->ecam_base & ((1ull << ECAM_BUS_SHIFT) - 1))
		return acpi_fail(err, errlen, -EINVAL,
				 "acpi: ECAM base 0x%" PRIx64 " is not 1 MiB aligned",
				 p->ecam_base);
	/* The MCFG base addresses bus 0; bus_end must still be addressable. */
	if (!range_end(p->ecam_base, (uint64_t)(p->bus_end + 1) << ECAM_BUS_SHIFT,
		       &ecam1))
		return acpi_fail(err, errlen, -EINVAL,
				 "acpi: ECAM window at 0x%" PRIx64 " wraps around",
				 p->ecam_base);
	ecam0 = p->ecam_base + ((uint64_t)p->bus_start << ECAM_BUS_SHIFT);
	if (!range_end(p->mmio32_base, p->mmio32_size, &m32_last) ||
	    m32_last >= FOUR_GIB)
		return acpi_fail(err, errlen, -EINVAL,
				 "acpi: 32-bit MMIO window 0x%" PRIx64 "+0x%" PRIx64
				 " is empty or not below 4 GiB",
				 p->mmio32_base, p->mmio32_size);
	if (p->mmio64_size &&
	    (!range_end(p->mmio64_base, p->mmio64_size, &m64_last) ||
	     p->mmio64_base < FOUR_GIB))
		return acpi_fail(err, errlen, -EINVAL,
				 "acpi: 64-bit MMIO window 0x%" PRIx64 "+0x%" PRIx64
				 " wraps or is not above 4 GiB",
				 p->mmio64_base, p->mmio64_size);
	if (overlap(ecam0, ecam1, p->mmio32_base, m32_last) ||
	    (p->mmio64_size && overlap(ecam0, ecam1, p->mmio64_base, m64_last)))
		return acpi_fail(err, errlen, -EINVAL,
				 "acpi: ECAM range 0x%" PRIx64 "-0x%" PRIx64
				 " overlaps an MMIO window", ecam0, ecam1);
	if (p->gsi_base > UINT32_MAX - (ACPI_PCI_PINS - 1))
		return acpi_fail(err, errlen, -EINVAL,
				 "acpi: GSI base %" PRIu32 " leaves no room for 4 INTx lines",
				 p->gsi_base);
	return 0;
}
