// SPDX-License-Identifier: GPL-2.0
/*
 * Faults in guest kernel code: uvmm catches the host signal on the vCPU
 * thread and injects it here with the guest's registers. A fault covered
 * by the exception table resumes at its fixup; a BUG() or WARN() (ud2
 * with a bug table entry, asm/bug.h) is reported with its file and line,
 * and a WARN resumes after it; anything else is an oops.
 */
#include <linux/bug.h>
#include <linux/entry-common.h>
#include <linux/extable.h>
#include <linux/kdebug.h>
#include <linux/kfence.h>
#include <linux/sched/debug.h>
#include <linux/sched/task_stack.h>
#include <linux/ptrace.h>
#include <linux/printk.h>
#include <linux/hardirq.h>
#include <asm/uvmm_gate.h>
#include <asm/stacktrace.h>
#include <asm/entry.h>

static bool show_entry(void *arg, unsigned long addr);

void show_regs(struct pt_regs *regs)
{
	show_regs_print_info(KERN_DEFAULT);
	pr_info("RIP: %016lx RSP: %016lx EFLAGS: %08lx CS: %lx\n",
		regs->ip, regs->sp, regs->flags, regs->cs);
	pr_info("RAX: %016lx RBX: %016lx RCX: %016lx\n", regs->ax, regs->bx, regs->cx);
	pr_info("RDX: %016lx RSI: %016lx RDI: %016lx\n", regs->dx, regs->si, regs->di);
	pr_info("RBP: %016lx R08: %016lx R09: %016lx\n", regs->bp, regs->r8, regs->r9);
	pr_info("R10: %016lx R11: %016lx R12: %016lx\n", regs->r10, regs->r11, regs->r12);
	pr_info("R13: %016lx R14: %016lx R15: %016lx\n", regs->r13, regs->r14, regs->r15);
	if (!user_mode(regs)) {
		printk(KERN_DEFAULT "Call Trace:\n");
		arch_stack_walk(show_entry, (void *)KERN_DEFAULT, current, regs);
	}
}

static bool show_entry(void *arg, unsigned long addr)
{
	printk("%s %pS\n", (const char *)arg, (void *)addr);
	return true;
}

/* sp is not needed: the walk starts from the task's own frames. */
void show_stack(struct task_struct *task, unsigned long *sp, const char *loglvl)
{
	printk("%sCall Trace:\n", loglvl);
	arch_stack_walk(show_entry, (void *)loglvl, task, NULL);
}

static bool uvmm_fixup_exception(struct pt_regs *regs)
{
	const struct exception_table_entry *e = search_exception_tables(regs->ip);

	if (!e)
		return false;
	regs->ip = e->fixup;
	return true;
}

int is_valid_bugaddr(unsigned long addr)
{
	u16 insn;

	return !get_kernel_nofault(insn, (u16 *)addr) && insn == UVMM_BUG_INSN;
}

/* A ud2 of BUG() or WARN(): true if it was a WARN, reported, to resume after. */
static bool handle_bug(struct pt_regs *regs, const struct uvmm_fault_info *info)
{
	if (info->signo != SIGILL || !is_valid_bugaddr(regs->ip))
		return false;
	if (report_bug(regs->ip, regs) != BUG_TRAP_TYPE_WARN)
		return false;
	regs->ip += UVMM_BUG_INSN_LEN;
	return true;
}

/* An access to a KFENCE page (asm/kfence.h): reported, and the access goes on. */
static bool kfence_fault(struct pt_regs *regs, const struct uvmm_fault_info *info)
{
	return info->signo == SIGSEGV &&
	       kfence_handle_page_fault(info->addr, info->error_code & 2, regs);
}

static void __noreturn kernel_oops(struct pt_regs *regs,
				   const struct uvmm_fault_info *info)
{
	console_verbose();
	bust_spinlocks(1);
	pr_alert("Oops: host signal %u (code %d) in guest kernel at %pS, address %#llx, trap %llu, error %#llx\n",
		 info->signo, info->code, (void *)regs->ip, info->addr,
		 info->trapno, info->error_code);
	print_modules();
	show_regs(regs);
	bust_spinlocks(0);
	add_taint(TAINT_DIE, LOCKDEP_NOW_UNRELIABLE);
	if (in_interrupt())
		panic("Fatal exception in interrupt");
	if (panic_on_oops)
		panic("Fatal exception");
	make_task_dead(SIGSEGV);
}

asmlinkage void uvmm_do_fault(struct pt_regs *regs, struct uvmm_fault_info *info)
{
	irqentry_state_t state = irqentry_enter(regs);

	if (!user_mode(regs) && !handle_bug(regs, info) && !kfence_fault(regs, info) &&
	    !uvmm_fixup_exception(regs))
		kernel_oops(regs, info);
	irqentry_exit(regs, state);
}
