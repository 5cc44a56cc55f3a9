/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_UVMM_STACKTRACE_H
#define _ASM_UVMM_STACKTRACE_H

#include <linux/stacktrace.h>

struct task_struct;

/*
 * Report every word on a kernel stack, from sp up to the stack's end, that
 * is an address in kernel text: no frame pointers or unwind tables needed,
 * at the price of stale entries (printed like x86's "?" ones would be).
 */
void uvmm_stack_scan(struct task_struct *task, unsigned long sp,
		     stack_trace_consume_fn consume, void *cookie);

#endif
