/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_UVMM_TLBFLUSH_H
#define _ASM_UVMM_TLBFLUSH_H

#include <linux/mm_types.h>

/*
 * Kernel mappings are mirrored eagerly (arch_sync_kernel_mappings), so
 * there is nothing cached to flush for them; user mappings are mirrored
 * into guest processes, which do not exist yet.
 */
static inline void flush_tlb_all(void) { }
static inline void flush_tlb_mm(struct mm_struct *mm) { }
static inline void flush_tlb_page(struct vm_area_struct *vma, unsigned long addr) { }
static inline void flush_tlb_range(struct vm_area_struct *vma,
				   unsigned long start, unsigned long end) { }
static inline void flush_tlb_kernel_range(unsigned long start, unsigned long end) { }

#endif
