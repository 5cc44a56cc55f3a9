/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ACPI on uvmm: the tables are in guest RAM (a reserved page that uvmm
 * fills before boot) and the boot info says where the RSDP is. The
 * platform is HW-reduced: no SCI, no PM registers, no port I/O.
 */
#ifndef _ASM_UVMM_ACPI_H
#define _ASM_UVMM_ACPI_H

#ifdef CONFIG_ACPI
#include <linux/types.h>

typedef u64 phys_cpuid_t;
#define PHYS_CPUID_INVALID	((phys_cpuid_t)-1)

#define acpi_strict 1		/* our own tables: no workarounds */
extern int acpi_disabled;
extern int acpi_noirq;
extern int acpi_pci_disabled;

static inline void disable_acpi(void)
{
	acpi_disabled = 1;
	acpi_pci_disabled = 1;
	acpi_noirq = 1;
}

/* The MADT's processor UID and APIC ID are both the vCPU number. */
#define cpu_physical_id(cpu)	((phys_cpuid_t)(cpu))
static inline u32 get_acpi_id_for_cpu(int cpu)
{
	return cpu;
}

static inline bool acpi_has_cpu_in_madt(void)
{
	return true;
}

static inline void arch_fix_phys_package_id(int num, u32 slot) { }

/* The RSDP comes from the boot info (kernel/acpi.c). */
#define ACPI_HAVE_ARCH_GET_ROOT_POINTER
u64 acpi_arch_get_root_pointer(void);

void __iomem *acpi_os_ioremap(acpi_physical_address phys, acpi_size size);
#define acpi_os_ioremap acpi_os_ioremap

/* Set from the boot info before acpi_boot_table_init(); 0: no ACPI. */
extern u64 uvmm_acpi_rsdp;
#endif /* CONFIG_ACPI */

#endif
