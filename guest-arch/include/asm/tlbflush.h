/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Our "TLB" is the host mappings that mirror page tables. Kernel mappings
 * are mirrored eagerly (arch_sync_kernel_mappings): nothing to flush.
 * User mappings are mirrored lazily into the mm's host process, on faults;
 * a flush drops the mirrored range, so that the next access faults and
 * sees the page tables as they are now (mm/user_mirror.c).
 */
#ifndef _ASM_UVMM_TLBFLUSH_H
#define _ASM_UVMM_TLBFLUSH_H

#include <linux/mm_types.h>

void uvmm_user_flush(struct mm_struct *mm, unsigned long start, unsigned long end);
void uvmm_user_flush_forked(struct mm_struct *mm);

static inline void flush_tlb_all(void) { }

static inline void flush_tlb_mm(struct mm_struct *mm)
{
	if (mm->context.forked)
		uvmm_user_flush_forked(mm);
	else
		uvmm_user_flush(mm, 0, TASK_SIZE);
}

static inline void flush_tlb_page(struct vm_area_struct *vma, unsigned long addr)
{
	uvmm_user_flush(vma->vm_mm, addr, addr + PAGE_SIZE);
}

static inline void flush_tlb_range(struct vm_area_struct *vma,
				   unsigned long start, unsigned long end)
{
	uvmm_user_flush(vma->vm_mm, start, end);
}

static inline void flush_tlb_kernel_range(unsigned long start, unsigned long end) { }

#endif
