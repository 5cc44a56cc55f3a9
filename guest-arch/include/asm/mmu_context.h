/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel code always runs in the uvmm process, whatever mm is current, so
 * switching mm changes nothing here. Each user address space is its own
 * host process (created with the mm, destroyed with it), entered when a
 * task of that mm returns to user mode.
 */
#ifndef _ASM_UVMM_MMU_CONTEXT_H
#define _ASM_UVMM_MMU_CONTEXT_H

#include <linux/mm_types.h>

/*
 * Fork has copied oldmm's page tables, write-protecting what the two now
 * share, and flushes oldmm next: that flush need only drop the mappings
 * fork can have changed (mm/user_mirror.c). mm's first run is a fork
 * child's, not a new program's (uvmm_user_prefault).
 */
static inline int arch_dup_mmap(struct mm_struct *oldmm, struct mm_struct *mm)
{
	oldmm->context.forked = true;
	mm->context.fork_copy = true;
	return 0;
}

static inline void arch_exit_mmap(struct mm_struct *mm)
{
}

static inline bool arch_vma_access_permitted(struct vm_area_struct *vma, bool write,
					     bool execute, bool foreign)
{
	return true;
}

static inline void switch_mm(struct mm_struct *prev, struct mm_struct *next,
			     struct task_struct *tsk)
{
}

#define init_new_context init_new_context
int init_new_context(struct task_struct *tsk, struct mm_struct *mm);

#define destroy_context destroy_context
void destroy_context(struct mm_struct *mm);

#include <asm-generic/mmu_context.h>

#endif
