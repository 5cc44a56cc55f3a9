// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's vmalloc/ioremap (and module) page tables are only data: after generic
 * code changes them (vmap, vunmap, apply_to_page_range), mm calls
 * arch_sync_kernel_mappings() and we mirror the range into the uvmm
 * process, coalescing runs of contiguous guest-physical pages into one
 * gate call. Device memory (anything that is not guest RAM) is offered to
 * uvmm too: where it can map the device itself (a passthrough BAR) it does,
 * and the ptes get _PAGE_UVMM_DIRECT so that the MMIO accessors use plain
 * loads and stores; elsewhere (emulated devices, ECAM, the MSI-X table) the
 * pages stay unmapped and every access is a gate call.
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
	bool device;		/* device memory: uvmm may or may not map it */
};

static void mark_direct(unsigned long virt, unsigned long len)
{
	for (; len; virt += PAGE_SIZE, len -= PAGE_SIZE) {
		pte_t *ptep = uvmm_kernel_pte(virt);

		if (ptep)
			set_pte(ptep, __pte(pte_val(ptep_get(ptep)) | _PAGE_UVMM_DIRECT));
	}
}

/*
 * A run of device pages: all of it mapped by uvmm, or else page by page
 * (a BAR's MSI-X table page stays emulated while the rest is direct).
 */
static void mirror_device(struct mirror_run *run)
{
	unsigned long off;

	if (!gate_map(run->virt, run->phys, run->len, run->prot)) {
		mark_direct(run->virt, run->len);
		return;
	}
	if (run->len == PAGE_SIZE)
		return;
	for (off = 0; off < run->len; off += PAGE_SIZE)
		if (!gate_map(run->virt + off, run->phys + off, PAGE_SIZE, run->prot))
			mark_direct(run->virt + off, PAGE_SIZE);
}

static void mirror_flush(struct mirror_run *run)
{
	long err = 0;

	if (!run->len)
		return;
	if (run->device)
		mirror_device(run);
	else if (run->prot)
		err = gate_map(run->virt, run->phys, run->len, run->prot);
	else
		err = gate_unmap(run->virt, run->len);
	/*
	 * uvmm could not follow: the mirror would keep an alias of a frame
	 * the kernel has freed (or miss a mapping it relies on). Going on
	 * would corrupt memory, so stop here, saying why (usually uvmm at
	 * the host's vm.max_map_count).
	 */
	if (err)
		panic("uvmm: cannot mirror kernel mapping %#lx+%#lx: %ld (uvmm at the host's vm.max_map_count?)\n",
		      run->virt, run->len, err);
	run->len = 0;
}

/* Mirror [start, end) cut to [lo, hi), one of the areas uvmm mirrors. */
static void mirror_range(unsigned long start, unsigned long end,
			 unsigned long lo, unsigned long hi)
{
	struct mirror_run run = { .len = 0 };
	unsigned long addr;

	start = max(start & PAGE_MASK, lo);
	end = min(PAGE_ALIGN(end), hi);

	for (addr = start; addr < end; addr += PAGE_SIZE) {
		pte_t *ptep = uvmm_kernel_pte(addr);
		pte_t pte = ptep ? ptep_get(ptep) : __pte(0);
		bool present = pte_val(pte) & _PAGE_PRESENT;
		bool ram = present && uvmm_pfn_is_ram(pte_pfn(pte));
		bool device = present && !ram && !(pte_val(pte) & _PAGE_UVMM_DIRECT);
		phys_addr_t phys = ram || device ? PFN_PHYS(pte_pfn(pte)) : 0;
		u32 prot = ram || device ? pte_gate_prot(pte) : 0;

		/* Already direct: mirrored when it was marked. */
		if (present && !ram && !device) {
			mirror_flush(&run);
			continue;
		}
		if (run.len && run.prot == prot && run.device == device &&
		    (!prot || run.phys + run.len == phys)) {
			run.len += PAGE_SIZE;
			continue;
		}
		mirror_flush(&run);
		run = (struct mirror_run) { addr, PAGE_SIZE, phys, prot, device };
	}
	mirror_flush(&run);
}

void arch_sync_kernel_mappings(unsigned long start, unsigned long end)
{
	mirror_range(start, end, VMALLOC_START, VMALLOC_END);
	mirror_range(start, end, MODULES_VADDR, MODULES_END);
}
