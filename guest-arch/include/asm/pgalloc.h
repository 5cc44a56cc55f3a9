/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_UVMM_PGALLOC_H
#define _ASM_UVMM_PGALLOC_H

#include <linux/mm.h>
#include <asm/pgtable.h>

#include <asm-generic/pgalloc.h>

static inline void pmd_populate_kernel(struct mm_struct *mm, pmd_t *pmd, pte_t *pte)
{
	set_pmd(pmd, __pmd(_PAGE_TABLE | __pa(pte)));
}

static inline void pmd_populate(struct mm_struct *mm, pmd_t *pmd, pgtable_t pte)
{
	set_pmd(pmd, __pmd(_PAGE_TABLE | (page_to_pfn(pte) << PAGE_SHIFT)));
}

static inline void pud_populate(struct mm_struct *mm, pud_t *pud, pmd_t *pmd)
{
	set_pud(pud, __pud(_PAGE_TABLE | __pa(pmd)));
}

static inline void p4d_populate(struct mm_struct *mm, p4d_t *p4d, pud_t *pud)
{
	set_p4d(p4d, __p4d(_PAGE_TABLE | __pa(pud)));
}

/* User page tables hold only user mappings: the kernel is not in them. */
static inline pgd_t *pgd_alloc(struct mm_struct *mm)
{
	return (pgd_t *)__get_free_page(GFP_KERNEL | __GFP_ZERO);
}

/*
 * A page table freed by an unmap: undo its constructor first (the page
 * type, the split lock, the page-table counter), as pte_free() does. Left
 * typed, the page came back from the allocator still marked a page table,
 * and io_uring's ring (vm_insert_pages) refused it with EINVAL.
 */
#define __pte_free_tlb(tlb, pte, addr)				\
	do {							\
		pagetable_pte_dtor(page_ptdesc(pte));		\
		tlb_remove_ptdesc((tlb), page_ptdesc(pte));	\
	} while (0)
#define __pmd_free_tlb(tlb, pmd, addr)				\
	do {							\
		pagetable_pmd_dtor(virt_to_ptdesc(pmd));	\
		tlb_remove_ptdesc((tlb), virt_to_ptdesc(pmd));	\
	} while (0)
#define __pud_free_tlb(tlb, pud, addr)				\
	do {							\
		pagetable_pud_dtor(virt_to_ptdesc(pud));	\
		tlb_remove_ptdesc((tlb), virt_to_ptdesc(pud));	\
	} while (0)

#endif /* _ASM_UVMM_PGALLOC_H */
