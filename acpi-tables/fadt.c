// SPDX-License-Identifier: GPL-2.0
/*
 * FADT, revision 6 minor 3 (ACPI 6.3, 5.2.9), hardware-reduced: no PM
 * register blocks, no SCI, no FACS, no fixed-feature buttons; only the
 * DSDT pointer and the flags matter. Every field not written here is 0.
 */
#include "tables.h"

#define FADT_REVISION		6
#define FADT_MINOR_REVISION	3

/* Byte offsets of the fields we set. */
#define FADT_DSDT		40
#define FADT_IAPC_BOOT_ARCH	109
#define FADT_FLAGS		112
#define FADT_MINOR_VERSION	131
#define FADT_X_DSDT		140
#define FADT_HYPERVISOR_ID	268

/*
 * IA-PC boot architecture flags: LEGACY_DEVICES (bit 0), 8042 (bit 1) and
 * VGA Not Present (bit 2) stay clear, MSI Not Supported (bit 3) and PCIe ASPM
 * Controls (bit 4) too; CMOS RTC Not Present (bit 5) is set: there is none.
 */
#define IAPC_CMOS_RTC_NOT_PRESENT	(1u << 5)

#define FADT_F_HW_REDUCED_ACPI		(1u << 20)

/* "UVMM" as the 64-bit hypervisor vendor identity (ACPI 6.0+). */
#define UVMM_HYPERVISOR_ID		0x4D4D5655ull

void fadt_write(uint8_t *t, uint64_t dsdt_gpa)
{
	sdt_header(t, "FACP", FADT_SIZE, FADT_REVISION);
	/* The 32-bit field only when it can hold the address; both then
	 * agree, which ACPICA checks. */
	if (dsdt_gpa <= UINT32_MAX)
		put_le(t + FADT_DSDT, dsdt_gpa, 4);
	put_le(t + FADT_IAPC_BOOT_ARCH, IAPC_CMOS_RTC_NOT_PRESENT, 2);
	put_le(t + FADT_FLAGS, FADT_F_HW_REDUCED_ACPI, 4);
	t[FADT_MINOR_VERSION] = FADT_MINOR_REVISION;
	put_le(t + FADT_X_DSDT, dsdt_gpa, 8);
	put_le(t + FADT_HYPERVISOR_ID, UVMM_HYPERVISOR_ID, 8);
	sdt_finish(t);
}
