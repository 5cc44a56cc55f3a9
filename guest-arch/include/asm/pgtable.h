/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page tables. No MMU walks them: the guest's page tables are the truth,
 * and the port mirrors them into host mappings (kernel: the uvmm process,
 * through the gate's map/unmap; user: each guest process, later). So the
 * format is ours: four levels of 512 entries, 4 KiB pages, the physical
 * frame in bits 12..51 and the flags below. docs/memory-layout.md has it.
 */
#ifndef _ASM_UVMM_PGTABLE_H
#define _ASM_UVMM_PGTABLE_H

#include <asm/uvmm_layout.h>
#include <asm/page.h>
#include <asm-generic/pgtable-nop4d.h>

#define PGDIR_SHIFT	39
#define PTRS_PER_PGD	512
#define PUD_SHIFT	30
#define PTRS_PER_PUD	512
#define PMD_SHIFT	21
#define PTRS_PER_PMD	512
#define PTRS_PER_PTE	512

#define PGDIR_SIZE	(1UL << PGDIR_SHIFT)
#define PGDIR_MASK	(~(PGDIR_SIZE - 1))
#define PUD_SIZE	(1UL << PUD_SHIFT)
#define PUD_MASK	(~(PUD_SIZE - 1))
#define PMD_SIZE	(1UL << PMD_SHIFT)
#define PMD_MASK	(~(PMD_SIZE - 1))

#define _PAGE_PRESENT	(1UL << 0)
#define _PAGE_RW	(1UL << 1)
#define _PAGE_USER	(1UL << 2)
#define _PAGE_ACCESSED	(1UL << 5)
#define _PAGE_DIRTY	(1UL << 6)
#define _PAGE_SPECIAL	(1UL << 9)
#define _PAGE_PROTNONE	(1UL << 10)	/* present for the mm, no access */
#define _PAGE_SWP_EXCLUSIVE (1UL << 11)	/* only in swap entries */
/* Device memory that uvmm mapped at this kernel address (a passthrough
 * BAR): plain loads and stores reach the device; see kernel/mmio.c. */
#define _PAGE_UVMM_DIRECT (1UL << 8)
#define _PAGE_NX	(1UL << 63)

#define _PFN_MASK	(((1UL << 52) - 1) & PAGE_MASK)
#define _PAGE_CHG_MASK	(_PFN_MASK | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_SPECIAL)
#define _PAGE_TABLE	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)

#define PAGE_NONE	__pgprot(_PAGE_PROTNONE | _PAGE_ACCESSED)
#define PAGE_SHARED	__pgprot(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_NX)
#define PAGE_SHARED_EXEC __pgprot(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)
#define PAGE_COPY	__pgprot(_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | _PAGE_NX)
#define PAGE_COPY_EXEC	__pgprot(_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED)
#define PAGE_READONLY	PAGE_COPY
#define PAGE_READONLY_EXEC PAGE_COPY_EXEC
#define PAGE_KERNEL	__pgprot(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_NX)
#define PAGE_KERNEL_RO	__pgprot(_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_NX)
#define PAGE_KERNEL_EXEC __pgprot(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)
#define PAGE_KERNEL_RX	__pgprot(_PAGE_PRESENT | _PAGE_ACCESSED)
#define _PAGE_IOREMAP	pgprot_val(PAGE_KERNEL)

#define VMALLOC_START	UVMM_VMALLOC_START
#define VMALLOC_END	UVMM_IO_DIRECT_START	/* asm/uvmm_layout.h */

/*
 * Modules are built for the small code model as the kernel is, so they
 * live in the low 2 GiB too: a PC32 from a module reaches the kernel, an
 * absolute 32-bit address of the module's own data fits in its field.
 */
#define MODULES_VADDR	UVMM_MODULES_START
#define MODULES_END	UVMM_MODULES_END
#define MODULES_LEN	(MODULES_END - MODULES_VADDR)

/* The kernel's own addresses are not in any user range: see Kconfig. */
#define FIRST_USER_ADDRESS	0UL
#define USER_PTRS_PER_PGD	(TASK_SIZE / PGDIR_SIZE)

#ifndef __ASSEMBLY__

#include <linux/mm_types.h>

extern pgd_t swapper_pg_dir[PTRS_PER_PGD];
extern unsigned long empty_zero_page[PAGE_SIZE / sizeof(unsigned long)];
#define ZERO_PAGE(vaddr)	virt_to_page(empty_zero_page)

void paging_init(void);

/* Kernel mappings are mirrored into the uvmm process after they change. */
#define ARCH_PAGE_TABLE_SYNC_MASK	PGTBL_PTE_MODIFIED
void arch_sync_kernel_mappings(unsigned long start, unsigned long end);

/* pte */
#define pte_none(pte)		(!pte_val(pte))
#define pte_present(pte)	(pte_val(pte) & (_PAGE_PRESENT | _PAGE_PROTNONE))
#define pte_pfn(pte)		((pte_val(pte) & _PFN_MASK) >> PAGE_SHIFT)
#define pfn_pte(pfn, prot)	__pte(((unsigned long)(pfn) << PAGE_SHIFT) | pgprot_val(prot))
#define pte_page(pte)		pfn_to_page(pte_pfn(pte))
#define mk_pte(page, prot)	pfn_pte(page_to_pfn(page), (prot))
#define PFN_PTE_SHIFT		PAGE_SHIFT

static inline int pte_read(pte_t pte)	{ return pte_val(pte) & _PAGE_USER; }
static inline int pte_write(pte_t pte)	{ return pte_val(pte) & _PAGE_RW; }
static inline int pte_exec(pte_t pte)	{ return !(pte_val(pte) & _PAGE_NX); }
static inline int pte_dirty(pte_t pte)	{ return pte_val(pte) & _PAGE_DIRTY; }
static inline int pte_young(pte_t pte)	{ return pte_val(pte) & _PAGE_ACCESSED; }
static inline int pte_special(pte_t pte) { return pte_val(pte) & _PAGE_SPECIAL; }

#define PTE_SET(name, op) \
	static inline pte_t pte_##name(pte_t pte) { return __pte(pte_val(pte) op); }
PTE_SET(wrprotect, & ~_PAGE_RW)
PTE_SET(mkclean, & ~_PAGE_DIRTY)
PTE_SET(mkold, & ~_PAGE_ACCESSED)
PTE_SET(mkdirty, | _PAGE_DIRTY)
PTE_SET(mkyoung, | _PAGE_ACCESSED)
PTE_SET(mkspecial, | _PAGE_SPECIAL)
PTE_SET(mkexec, & ~_PAGE_NX)
#undef PTE_SET

static inline pte_t pte_mkwrite_novma(pte_t pte)
{
	return __pte(pte_val(pte) | _PAGE_RW);
}

static inline pte_t pte_modify(pte_t pte, pgprot_t newprot)
{
	return __pte((pte_val(pte) & _PAGE_CHG_MASK) |
		     (pgprot_val(newprot) & ~_PAGE_CHG_MASK));
}

static inline void set_pte(pte_t *ptep, pte_t pte)
{
	WRITE_ONCE(*ptep, pte);
}

static inline void pte_clear(struct mm_struct *mm, unsigned long addr, pte_t *ptep)
{
	set_pte(ptep, __pte(0));
}

/* pmd: points to a page of ptes (no huge pages) */
#define pmd_none(pmd)		(!pmd_val(pmd))
#define pmd_present(pmd)	(pmd_val(pmd) & _PAGE_PRESENT)
#define pmd_bad(pmd)		((pmd_val(pmd) & ~_PFN_MASK) != _PAGE_TABLE)
#define pmd_pfn(pmd)		((pmd_val(pmd) & _PFN_MASK) >> PAGE_SHIFT)
#define pmd_page(pmd)		pfn_to_page(pmd_pfn(pmd))
#define pmd_leaf(pmd)		0
#define pmd_page_vaddr(pmd)	((unsigned long)__va(pmd_val(pmd) & _PFN_MASK))

static inline void set_pmd(pmd_t *pmdp, pmd_t pmd)
{
	WRITE_ONCE(*pmdp, pmd);
}

static inline void pmd_clear(pmd_t *pmdp)
{
	set_pmd(pmdp, __pmd(0));
}

/* pud: points to a page of pmds */
#define pud_none(pud)		(!pud_val(pud))
#define pud_present(pud)	(pud_val(pud) & _PAGE_PRESENT)
#define pud_bad(pud)		((pud_val(pud) & ~_PFN_MASK) != _PAGE_TABLE)
#define pud_pfn(pud)		((pud_val(pud) & _PFN_MASK) >> PAGE_SHIFT)
#define pud_page(pud)		pfn_to_page(pud_pfn(pud))
#define pud_leaf(pud)		0
#define pud_pgtable(pud)	((pmd_t *)__va(pud_val(pud) & _PFN_MASK))

static inline void set_pud(pud_t *pudp, pud_t pud)
{
	WRITE_ONCE(*pudp, pud);
}

static inline void pud_clear(pud_t *pudp)
{
	set_pud(pudp, __pud(0));
}

/* p4d (the folded pgd level): points to a page of puds */
#define p4d_none(p4d)		(!p4d_val(p4d))
#define p4d_present(p4d)	(p4d_val(p4d) & _PAGE_PRESENT)
#define p4d_bad(p4d)		((p4d_val(p4d) & ~_PFN_MASK) != _PAGE_TABLE)
#define p4d_page(p4d)		pfn_to_page((p4d_val(p4d) & _PFN_MASK) >> PAGE_SHIFT)
#define p4d_pgtable(p4d)	((pud_t *)__va(p4d_val(p4d) & _PFN_MASK))

static inline void set_p4d(p4d_t *p4dp, p4d_t p4d)
{
	WRITE_ONCE(*p4dp, p4d);
}

static inline void p4d_clear(p4d_t *p4dp)
{
	set_p4d(p4dp, __p4d(0));
}

/* Swap entries: bit 0 clear; type in bits 1..5, offset from bit 12. */
#define __SWP_TYPE_SHIFT	1
#define __SWP_TYPE_BITS		5
#define __SWP_OFFSET_SHIFT	12
#define MAX_SWAPFILES_CHECK()	BUILD_BUG_ON(MAX_SWAPFILES_SHIFT > __SWP_TYPE_BITS)
#define __swp_type(x)		(((x).val >> __SWP_TYPE_SHIFT) & ((1UL << __SWP_TYPE_BITS) - 1))
#define __swp_offset(x)		(((x).val & ~_PAGE_SWP_EXCLUSIVE) >> __SWP_OFFSET_SHIFT)
#define __swp_entry(type, off)	((swp_entry_t) { ((type) << __SWP_TYPE_SHIFT) | \
						 ((off) << __SWP_OFFSET_SHIFT) })
#define __pte_to_swp_entry(pte)	((swp_entry_t) { pte_val(pte) })
#define __swp_entry_to_pte(x)	__pte((x).val)

static inline int pte_swp_exclusive(pte_t pte)
{
	return pte_val(pte) & _PAGE_SWP_EXCLUSIVE;
}

static inline pte_t pte_swp_mkexclusive(pte_t pte)
{
	return __pte(pte_val(pte) | _PAGE_SWP_EXCLUSIVE);
}

static inline pte_t pte_swp_clear_exclusive(pte_t pte)
{
	return __pte(pte_val(pte) & ~_PAGE_SWP_EXCLUSIVE);
}

/* Mirrors of user mappings are refreshed when the guest process runs. */
static inline void update_mmu_cache_range(struct vm_fault *vmf,
		struct vm_area_struct *vma, unsigned long address,
		pte_t *ptep, unsigned int nr)
{
}
#define update_mmu_cache(vma, addr, ptep) \
	update_mmu_cache_range(NULL, vma, addr, ptep, 1)

#define pgprot_noncached(prot)		(prot)
#define pgprot_writecombine(prot)	(prot)

#define pte_ERROR(e)	pr_err("%s:%d: bad pte %016lx\n", __FILE__, __LINE__, pte_val(e))
#define pmd_ERROR(e)	pr_err("%s:%d: bad pmd %016lx\n", __FILE__, __LINE__, pmd_val(e))
#define pud_ERROR(e)	pr_err("%s:%d: bad pud %016lx\n", __FILE__, __LINE__, pud_val(e))
#define pgd_ERROR(e)	pr_err("%s:%d: bad pgd %016lx\n", __FILE__, __LINE__, pgd_val(e))

#endif /* __ASSEMBLY__ */
#endif /* _ASM_UVMM_PGTABLE_H */
