// SPDX-License-Identifier: GPL-2.0
/*
 * ioremap with a fast lane for passthrough BARs. The generic code maps the
 * range in the ioremap window; mirroring it (mm/kernel_mirror.c) asks uvmm to
 * map device pages directly and marks those _PAGE_UVMM_DIRECT. If every page
 * of the new mapping is such, uvmm maps the same device pages a second time
 * in the alias window above UVMM_IO_DIRECT_START, at a fixed distance from
 * the ioremap address, and the alias is what the driver gets: the MMIO
 * accessors (asm/io.h) take addresses there as plain memory, with no
 * page-table lookup on each readl/writel. Anything else (emulated devices,
 * a BAR range with an MSI-X table page in it) keeps the ioremap address.
 */
#include <linux/export.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <asm/gate.h>
#include <asm/uvmm_walk.h>

#define ALIAS_DELTA (UVMM_IO_DIRECT_START - VMALLOC_START)

static bool is_alias(unsigned long va)
{
	return va >= UVMM_IO_DIRECT_START && va < UVMM_VMALLOC_END;
}

static bool all_direct(unsigned long start, unsigned long len)
{
	unsigned long a;

	for (a = start; a < start + len; a += PAGE_SIZE) {
		pte_t *ptep = uvmm_kernel_pte(a);

		if (!ptep || !(pte_val(ptep_get(ptep)) & _PAGE_UVMM_DIRECT))
			return false;
	}
	return true;
}

void __iomem *ioremap_prot(phys_addr_t phys, size_t size, unsigned long prot)
{
	void __iomem *addr = generic_ioremap_prot(phys, size, __pgprot(prot));
	unsigned long va = (unsigned long)addr, off = va & ~PAGE_MASK;
	unsigned long base = va - off, len = PAGE_ALIGN(size + off);

	if (!addr || base + ALIAS_DELTA + len > UVMM_VMALLOC_END || !all_direct(base, len))
		return addr;
	if (gate_map(base + ALIAS_DELTA, phys & PAGE_MASK, len, UVMM_PROT_READ | UVMM_PROT_WRITE))
		return addr;
	return (void __iomem *)(va + ALIAS_DELTA);
}
EXPORT_SYMBOL(ioremap_prot);

void iounmap(volatile void __iomem *addr)
{
	unsigned long va = (unsigned long)addr;

	if (is_alias(va)) {
		unsigned long base = (va & PAGE_MASK) - ALIAS_DELTA;
		struct vm_struct *area = find_vm_area((void *)base);

		if (area)
			gate_unmap(base + ALIAS_DELTA, get_vm_area_size(area));
		va -= ALIAS_DELTA;
	}
	generic_iounmap((volatile void __iomem *)va);
}
EXPORT_SYMBOL(iounmap);
