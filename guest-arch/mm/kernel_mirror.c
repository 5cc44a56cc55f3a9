// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's vmalloc/ioremap page tables are only data: after generic
 * code changes them (vmap, vunmap, apply_to_page_range), mm calls
 * arch_sync_kernel_mappings() and we mirror the range into the uvmm
 * process, coalescing runs of contiguous guest-physical pages into one
 * gate call. Addresses that map no guest RAM (device MMIO) are left
 * unmapped here.
 */
#include <linux/mm.h>
#include <linux/pgtable.h>
#include <linux/printk.h>
#include <asm/gate.h>
#include <asm/io.h>
#include <asm/uvmm_walk.h>

static u32 pte_gate_prot(pte_t pte)
{
	return UVMM_PROT_READ | (pte_write(pte) ? UVMM_PROT_WRITE : 0) |
	       (pte_exec(pte) ? UVMM_PROT_EXEC : 0);
}

struct mirror_run {
	unsigned long virt, len;
	phys_addr_t phys;
	u32 prot;		/* 0: an unmapped run */
};

static void mirror_flush(struct mirror_run *run)
{
	long err = 0;

	if (!run->len)
		return;
	if (run->prot)
		err = gate_map(run->virt, run->phys, run->len, run->prot);
	else
		err = gate_unmap(run->virt, run->len);
	if (err)
		pr_err("uvmm: cannot mirror kernel mapping %#lx+%#lx: %ld\n",
		       run->virt, run->len, err);
	run->len = 0;
}

void arch_sync_kernel_mappings(unsigned long start, unsigned long end)
{
	struct mirror_run run = { .len = 0 };
	unsigned long addr;

	start = max(start & PAGE_MASK, VMALLOC_START);
	end = min(PAGE_ALIGN(end), VMALLOC_END);

	for (addr = start; addr < end; addr += PAGE_SIZE) {
		pte_t *ptep = uvmm_kernel_pte(addr);
		pte_t pte = ptep ? ptep_get(ptep) : __pte(0);
		bool ram = (pte_val(pte) & _PAGE_PRESENT) && uvmm_pfn_is_ram(pte_pfn(pte));
		phys_addr_t phys = ram ? PFN_PHYS(pte_pfn(pte)) : 0;
		u32 prot = ram ? pte_gate_prot(pte) : 0;

		if (run.len && run.prot == prot &&
		    (!prot || run.phys + run.len == phys)) {
			run.len += PAGE_SIZE;
			continue;
		}
		mirror_flush(&run);
		run = (struct mirror_run) { addr, PAGE_SIZE, phys, prot };
	}
	mirror_flush(&run);
}
