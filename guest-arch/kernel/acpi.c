// SPDX-License-Identifier: GPL-2.0
/*
 * ACPI: uvmm builds the tables (RSDP rev 2, XSDT, FADT HW-reduced, MADT,
 * MCFG, DSDT) in a reserved page of guest RAM before boot and passes the
 * RSDP's guest-physical address in the boot info. Tables in RAM are read
 * through the direct map; anything else an AML method might map is device
 * memory and goes through ioremap (and so through the gate accessors).
 */
#include <linux/acpi.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/memblock.h>

int acpi_disabled = 1;
EXPORT_SYMBOL(acpi_disabled);
int acpi_noirq = 1;
int acpi_pci_disabled = 1;
EXPORT_SYMBOL(acpi_pci_disabled);

u64 uvmm_acpi_rsdp __initdata;
static bool acpi_off __initdata;

static int __init parse_acpi(char *arg)
{
	if (!arg || strcmp(arg, "off"))
		return -EINVAL;
	acpi_off = true;
	return 0;
}
early_param("acpi", parse_acpi);

u64 __init acpi_arch_get_root_pointer(void)
{
	return uvmm_acpi_rsdp;
}

static bool phys_range_is_ram(phys_addr_t phys, unsigned long size)
{
	return size && memblock_is_region_memory(phys, size);
}

void __init __iomem *__acpi_map_table(unsigned long phys, unsigned long size)
{
	if (!phys_range_is_ram(phys, size))
		return NULL;
	return (void __iomem __force *)__va(phys);
}

void __init __acpi_unmap_table(void __iomem *map, unsigned long size)
{
}

void __iomem *acpi_os_ioremap(acpi_physical_address phys, acpi_size size)
{
	if (phys_range_is_ram(phys, size))
		return (void __iomem __force *)__va(phys);
	return ioremap(phys, size);
}

/* Our FADT must say HW-reduced: there is no SCI and no PM block. */
static int __init acpi_check_fadt(void)
{
	struct acpi_table_header *table;
	bool reduced;

	if (ACPI_FAILURE(acpi_get_table(ACPI_SIG_FADT, 0, &table))) {
		pr_err("ACPI: no FADT\n");
		return -ENODEV;
	}
	reduced = ((struct acpi_table_fadt *)table)->flags & ACPI_FADT_HW_REDUCED;
	acpi_put_table(table);
	if (!reduced) {
		pr_err("ACPI: the FADT is not HW-reduced\n");
		return -EINVAL;
	}
	return 0;
}

void __init acpi_boot_table_init(void)
{
	if (acpi_off || !uvmm_acpi_rsdp) {
		pr_info("ACPI: %s\n", acpi_off ? "disabled (acpi=off)" : "no tables from uvmm");
		return;
	}
	acpi_disabled = 0;
	acpi_pci_disabled = 0;
	acpi_noirq = 0;
	if (acpi_table_init() || acpi_check_fadt()) {
		pr_err("ACPI: cannot use the tables, going on without ACPI\n");
		disable_acpi();
	}
}
