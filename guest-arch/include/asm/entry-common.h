/* SPDX-License-Identifier: GPL-2.0 */
/* Hooks of the generic entry code; the defaults cover the rest. */
#ifndef _ASM_UVMM_ENTRY_COMMON_H
#define _ASM_UVMM_ENTRY_COMMON_H

#include <linux/sched.h>
#include <asm/processor.h>

/* Are we on the current task's kernel stack (not an interrupt stack)? */
static __always_inline bool on_thread_stack(void)
{
	return !(((unsigned long)current->stack ^ current_stack_pointer) &
		 ~(THREAD_SIZE - 1));
}

#endif
