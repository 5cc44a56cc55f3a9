/* SPDX-License-Identifier: GPL-2.0 */
/*
 * %gs and %fs belong to the host's libc on the vCPU threads, so current is
 * an ordinary variable, switched by __switch_to (one vCPU for now).
 */
#ifndef _ASM_UVMM_CURRENT_H
#define _ASM_UVMM_CURRENT_H

#ifndef __ASSEMBLY__

#include <linux/compiler.h>

struct task_struct;
extern struct task_struct *uvmm_current_task;

static __always_inline struct task_struct *get_current(void)
{
	return READ_ONCE(uvmm_current_task);
}

#define current get_current()

#endif
#endif
