// SPDX-License-Identifier: GPL-2.0
/* Tasks: creating their first stack frame, idle, entering user mode. */
#include <linux/entry-common.h>
#include <linux/sched.h>
#include <linux/sched/debug.h>
#include <linux/sched/task.h>
#include <linux/sched/task_stack.h>
#include <linux/printk.h>
#include <linux/prctl.h>
#include <linux/uaccess.h>
#include <linux/sched/signal.h>
#include <asm/gate.h>
#include <asm/uvmm_fault.h>
#include <asm/prctl.h>
#include <asm/switch_to.h>
#include <asm/entry.h>
#include <asm/fpu.h>

asmlinkage void ret_from_fork(void);

/* What __switch_to pops for a task that has never run. */
struct fork_frame {
	unsigned long r15, r14, r13, r12, bx, bp;
	unsigned long ret_addr;
};

int copy_thread(struct task_struct *p, const struct kernel_clone_args *args)
{
	struct pt_regs *regs = task_pt_regs(p);
	struct fork_frame *frame = (struct fork_frame *)regs - 1;

	memset(frame, 0, sizeof(*frame));
	frame->ret_addr = (unsigned long)ret_from_fork;
	frame->r13 = (unsigned long)regs;
	p->thread.sp = (unsigned long)frame;

	if (args->fn) {
		memset(regs, 0, sizeof(*regs));
		frame->bx = (unsigned long)args->fn;
		frame->r12 = (unsigned long)args->fn_arg;
		regs->cs = UVMM_KERNEL_CS;
		regs->flags = X86_EFLAGS_IF;
		return 0;
	}

	/* A user task: the child returns from the same syscall with 0. */
	if (uvmm_fpu_copy(p, current))
		return -ENOMEM;
	*regs = *current_pt_regs();
	regs->ax = 0;
	memset(&p->thread.debugregs, 0, sizeof(p->thread.debugregs));	/* as x86's */
	if (args->stack)
		regs->sp = args->stack;
	if (args->flags & CLONE_SETTLS)
		uvmm_set_tls_base(p, ARCH_SET_FS, args->tls);
	return 0;
}

void start_thread(struct pt_regs *regs, unsigned long ip, unsigned long sp)
{
	memset(regs, 0, sizeof(*regs));
	regs->ip = ip;
	regs->sp = sp;
	regs->cs = UVMM_USER_CS;
	regs->ss = UVMM_USER_SS;
	regs->flags = X86_EFLAGS_IF;
	current->thread.user.fs_base = 0;
	current->thread.user.gs_base = 0;
	current->thread.user.ds = 0;
	current->thread.user.es = 0;
	current->thread.user.fs = 0;
	current->thread.user.gs = 0;
	uvmm_fpu_reset(current);
	if (!current->thread.user.xstate)
		force_sig(SIGKILL);	/* no memory for its FPU state */
	else
		uvmm_user_prefault(regs);	/* exec's new mm */
}

void flush_thread(void)
{
	/* exec: the debug registers start again from reset, as on x86. */
	memset(&current->thread.debugregs, 0, sizeof(current->thread.debugregs));
}

unsigned long __get_wchan(struct task_struct *p)
{
	return 0;
}

/* Called with interrupts disabled; the caller enables them again. */
void arch_cpu_idle(void)
{
	gate_idle();
}

/*
 * PR_SET_TSC: as x86 does with CR4.TSD, rdtsc and rdtscp in this thread
 * fault (SIGSEGV). uvmm has the host do it in the process that runs the
 * thread, while it runs (the flag travels in uvmm_user_thread). Kept
 * across fork and exec, as on x86.
 */
int uvmm_get_tsc_mode(unsigned long adr)
{
	unsigned int mode = current->thread.user.flags & UVMM_USER_THREAD_NO_TSC ?
			    PR_TSC_SIGSEGV : PR_TSC_ENABLE;

	return put_user(mode, (unsigned int __user *)adr);
}

int uvmm_set_tsc_mode(unsigned int val)
{
	if (val == PR_TSC_SIGSEGV)
		current->thread.user.flags |= UVMM_USER_THREAD_NO_TSC;
	else if (val == PR_TSC_ENABLE)
		current->thread.user.flags &= ~UVMM_USER_THREAD_NO_TSC;
	else
		return -EINVAL;
	return 0;
}
