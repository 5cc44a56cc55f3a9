// SPDX-License-Identifier: GPL-2.0
/*
 * Running guest user code. A task in user mode is a task whose kernel
 * stack holds only its pt_regs and this loop: uvmm runs the task's
 * registers in the host process of its mm until the code makes a system
 * call, faults, or an interrupt is pending, and we handle that the way
 * x86_64 Linux handles the same event from its entry code.
 */
#include <linux/entry-common.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <asm/entry.h>
#include <asm/gate.h>
#include <asm/syscall.h>
#include <asm/uvmm_fault.h>

/* An exception of user code: what its trap handler would do on x86_64. */
static void user_trap(struct pt_regs *regs, const struct uvmm_fault_info *f)
{
	irqentry_enter_from_user_mode(regs);
	local_irq_enable();

	if (f->signo == SIGSEGV && (f->code == SEGV_MAPERR || f->code == SEGV_ACCERR))
		uvmm_user_page_fault(regs, f->addr, f->code == SEGV_ACCERR);
	else if (f->code == SI_KERNEL)
		force_sig(f->signo);	/* #GP, int3: no address */
	else
		force_sig_fault(f->signo, f->code, (void __user *)f->addr);

	local_irq_disable();
	irqentry_exit_to_user_mode(regs);
}

/* The host process is gone (killed from outside uvmm): so is the task. */
static void user_process_lost(struct pt_regs *regs, long err)
{
	/*
	 * init ignores even SIGKILL, so it would come back here forever:
	 * without it the guest cannot go on, as when init dies on Linux.
	 */
	if (is_global_init(current))
		panic("uvmm: init's host process is gone (%ld)", err);
	irqentry_enter_from_user_mode(regs);
	local_irq_enable();
	pr_warn_ratelimited("uvmm: %s[%d]: its host process is gone (%ld)\n",
			    current->comm, task_pid_nr(current), err);
	force_sig(SIGKILL);
	local_irq_disable();
	irqentry_exit_to_user_mode(regs);
}

static void __noreturn user_loop(struct pt_regs *regs)
{
	struct thread_struct *t = &current->thread;

	for (;;) {
		long event;

		/* Interrupts are off and the exit-to-user work is done. */
		t->user_mm = current->mm->context.id;
		event = gate_user_run(t->user_mm, (struct uvmm_regs *)regs, &t->user);
		switch (event) {
		case UVMM_USER_SYSCALL:
			uvmm_syscall(regs);
			break;
		case UVMM_USER_FAULT:
			user_trap(regs, &t->user.fault);
			break;
		case UVMM_USER_INTERRUPT:
			uvmm_do_irq(regs);	/* may schedule, deliver signals */
			break;
		default:
			user_process_lost(regs, event);
			break;
		}
	}
}

/* A new task (after fork) or a kernel thread that has exec'd goes to user mode. */
asmlinkage void uvmm_ret_to_user(struct pt_regs *regs)
{
	uvmm_user_prefault(regs);	/* a fork child's new mm */
	syscall_exit_to_user_mode(regs);
	user_loop(regs);
}
