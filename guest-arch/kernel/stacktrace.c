// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel stack traces. With frame pointers (the port wants them,
 * CONFIG_FRAME_POINTER), the chain of saved %rbp: each frame holds its
 * caller's %rbp and, above it, the return address. Without, a scan of the
 * stack for words that are text addresses, stale ones included.
 */
#include <linux/kallsyms.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/stacktrace.h>
#include <linux/uaccess.h>
#include <asm/ptrace.h>
#include <asm/stacktrace.h>
#include <asm/switch_to.h>

static bool on_stack(struct task_struct *task, unsigned long addr, unsigned long len)
{
	unsigned long base = (unsigned long)task_stack_page(task);

	return addr >= base && addr <= base + THREAD_SIZE - len;
}

#ifdef CONFIG_FRAME_POINTER
/* Up the chain from frame fp; every frame must be higher on the same stack. */
static void walk_frames(struct task_struct *task, unsigned long fp,
			stack_trace_consume_fn consume, void *cookie)
{
	while (!(fp & 7) && on_stack(task, fp, 2 * sizeof(long))) {
		unsigned long next = READ_ONCE_NOCHECK(((unsigned long *)fp)[0]);
		unsigned long ret = READ_ONCE_NOCHECK(((unsigned long *)fp)[1]);

		if (!__kernel_text_address(ret) || !consume(cookie, ret) || next <= fp)
			return;
		fp = next;
	}
}

/*
 * A function interrupted before it made its frame, or one that makes none
 * (gcc leaves %rbp alone in a leaf that needs no frame): its caller's
 * return address is at regs->sp, and the chain of %rbp skips it. Taken
 * when it is one, and only then: the instruction before it is a direct
 * call of the very function regs->ip is in.
 */
static bool frameless_return(struct task_struct *task, struct pt_regs *regs,
			     unsigned long *ret)
{
	unsigned long size, offset, r;
	u8 op;
	s32 rel;

	if (!on_stack(task, regs->sp, sizeof(long)) ||
	    !kallsyms_lookup_size_offset(regs->ip, &size, &offset))
		return false;
	r = READ_ONCE_NOCHECK(*(unsigned long *)regs->sp);
	if (!__kernel_text_address(r) ||
	    copy_from_kernel_nofault(&op, (void *)(r - 5), 1) || op != 0xe8 ||
	    copy_from_kernel_nofault(&rel, (void *)(r - 4), 4))
		return false;
	*ret = r;
	return r + rel == regs->ip - offset;
}

/* switch.S: a switched-out task's stack holds %r15 ... %rbx, %rbp, then
 * the return into __schedule. */
#define SWITCH_FRAME_BP		5
#define SWITCH_FRAME_RET	6

void noinline arch_stack_walk(stack_trace_consume_fn consume, void *cookie,
			      struct task_struct *task, struct pt_regs *regs)
{
	unsigned long *sp;

	if (!task)
		task = current;
	if (regs) {
		unsigned long ret;

		if (user_mode(regs) || !consume(cookie, regs->ip))
			return;
		if (frameless_return(task, regs, &ret) && !consume(cookie, ret))
			return;
		walk_frames(task, regs->bp, consume, cookie);
	} else if (task == current) {
		/* The first return address is our caller's, as callers expect. */
		walk_frames(task, (unsigned long)__builtin_frame_address(0), consume, cookie);
	} else {
		sp = (unsigned long *)task->thread.sp;
		if (on_stack(task, (unsigned long)sp, (SWITCH_FRAME_RET + 1) * sizeof(long)) &&
		    consume(cookie, READ_ONCE_NOCHECK(sp[SWITCH_FRAME_RET])))
			walk_frames(task, READ_ONCE_NOCHECK(sp[SWITCH_FRAME_BP]), consume, cookie);
	}
}
#else
/* Every word from sp up to the stack's end that is a text address. */
static void scan_stack(struct task_struct *task, unsigned long sp,
		       stack_trace_consume_fn consume, void *cookie)
{
	unsigned long *p;

	if (!sp)
		sp = task == current ? current_stack_pointer : task->thread.sp;
	if (!on_stack(task, sp, sizeof(long)))
		return;
	/* The whole stack, KASAN's redzones included: unchecked reads. */
	for (p = (unsigned long *)sp; on_stack(task, (unsigned long)p, sizeof(long)); p++) {
		unsigned long word = READ_ONCE_NOCHECK(*p);

		if (__kernel_text_address(word) && !consume(cookie, word))
			return;
	}
}

void arch_stack_walk(stack_trace_consume_fn consume, void *cookie,
		     struct task_struct *task, struct pt_regs *regs)
{
	if (!task)
		task = current;
	if (regs) {
		if (!user_mode(regs) && consume(cookie, regs->ip))
			scan_stack(task, regs->sp, consume, cookie);
		return;
	}
	scan_stack(task, 0, consume, cookie);
}
#endif
