/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel code always runs in the uvmm process, whatever mm is current, so
 * switching mm changes nothing here; each guest address space will be its
 * own host process, entered when a task returns to user mode.
 */
#ifndef _ASM_UVMM_MMU_CONTEXT_H
#define _ASM_UVMM_MMU_CONTEXT_H

#include <linux/mm_types.h>
#include <asm-generic/mm_hooks.h>

static inline void switch_mm(struct mm_struct *prev, struct mm_struct *next,
			     struct task_struct *tsk)
{
}

#include <asm-generic/mmu_context.h>

#endif
