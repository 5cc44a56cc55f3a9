/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest-physical memory is mapped linearly at PAGE_OFFSET in the uvmm
 * process: the direct map is that one mapping of the memory file.
 */
#ifndef _ASM_UVMM_PAGE_H
#define _ASM_UVMM_PAGE_H

#include <linux/const.h>
#include <asm/uvmm_gate.h>

#define PAGE_SHIFT		12
#define PAGE_SIZE		(_AC(1, UL) << PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE - 1))

#define PAGE_OFFSET		_AC(0x40000000, UL)	/* == UVMM_PAGE_OFFSET */
#define KERNEL_LOAD_PHYS	_AC(0x200000, UL)

#ifndef __ASSEMBLY__

#include <linux/types.h>

typedef struct { unsigned long pte; } pte_t;
typedef struct { unsigned long pmd; } pmd_t;
typedef struct { unsigned long pud; } pud_t;
typedef struct { unsigned long pgd; } pgd_t;
typedef struct { unsigned long pgprot; } pgprot_t;
typedef struct page *pgtable_t;

#define pte_val(x)	((x).pte)
#define pmd_val(x)	((x).pmd)
#define pud_val(x)	((x).pud)
#define pgd_val(x)	((x).pgd)
#define pgprot_val(x)	((x).pgprot)

#define __pte(x)	((pte_t) { (x) })
#define __pmd(x)	((pmd_t) { (x) })
#define __pud(x)	((pud_t) { (x) })
#define __pgd(x)	((pgd_t) { (x) })
#define __pgprot(x)	((pgprot_t) { (x) })

#define clear_page(page)	memset((page), 0, PAGE_SIZE)
#define copy_page(to, from)	memcpy((to), (from), PAGE_SIZE)
#define clear_user_page(page, vaddr, pg)	clear_page(page)
#define copy_user_page(to, from, vaddr, pg)	copy_page(to, from)

#define __pa(x)		((unsigned long)(x) - PAGE_OFFSET)
#define __va(x)		((void *)((unsigned long)(x) + PAGE_OFFSET))
#define __pa_symbol(x)	__pa(RELOC_HIDE((unsigned long)(x), 0))

#define ARCH_PFN_OFFSET		0UL
#define virt_to_pfn(kaddr)	(__pa(kaddr) >> PAGE_SHIFT)
#define pfn_to_kaddr(pfn)	__va((pfn) << PAGE_SHIFT)
#define virt_addr_valid(kaddr)	\
	((unsigned long)(kaddr) >= PAGE_OFFSET && pfn_valid(virt_to_pfn(kaddr)))

#define page_to_phys(page)	((phys_addr_t)page_to_pfn(page) << PAGE_SHIFT)
#define page_to_virt(page)	__va(page_to_pfn(page) << PAGE_SHIFT)
#define virt_to_page(kaddr)	pfn_to_page(virt_to_pfn(kaddr))

#include <asm-generic/memory_model.h>
#include <asm-generic/getorder.h>

/*
 * Anonymous pages faulted ahead for a window come from one block of
 * frames that follow each other, so that the window is one host mapping
 * (mm/user_mirror.c); every other caller gets what the generic one gives.
 */
struct folio;
struct vm_area_struct;
struct folio *vma_alloc_zeroed_movable_folio(struct vm_area_struct *vma,
					     unsigned long vaddr);
#define vma_alloc_zeroed_movable_folio vma_alloc_zeroed_movable_folio

#endif /* __ASSEMBLY__ */

#define VM_DATA_DEFAULT_FLAGS	VM_DATA_FLAGS_TSK_EXEC

#endif /* _ASM_UVMM_PAGE_H */
