// SPDX-License-Identifier: GPL-2.0
/* Stack traces by scanning the kernel stack for text addresses. */
#include <linux/kallsyms.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/stacktrace.h>
#include <asm/stacktrace.h>
#include <asm/switch_to.h>

void uvmm_stack_scan(struct task_struct *task, unsigned long sp,
		     stack_trace_consume_fn consume, void *cookie)
{
	unsigned long base, end, *p;

	if (!task)
		task = current;
	base = (unsigned long)task_stack_page(task);
	end = base + THREAD_SIZE;
	if (!sp)
		sp = task == current ? current_stack_pointer : task->thread.sp;
	if (sp < base || sp >= end)
		return;
	/* The whole stack, KASAN's redzones included: unchecked reads. */
	for (p = (unsigned long *)sp; (unsigned long)p < end; p++) {
		unsigned long word = READ_ONCE_NOCHECK(*p);

		if (__kernel_text_address(word) && !consume(cookie, word))
			return;
	}
}

void arch_stack_walk(stack_trace_consume_fn consume_entry, void *cookie,
		     struct task_struct *task, struct pt_regs *regs)
{
	if (regs) {
		if (!consume_entry(cookie, regs->ip))
			return;
		uvmm_stack_scan(task, regs->sp, consume_entry, cookie);
		return;
	}
	uvmm_stack_scan(task, 0, consume_entry, cookie);
}
