// SPDX-License-Identifier: GPL-2.0
/*
 * System calls of guest user code. uvmm stops the guest process at its
 * syscall instruction and hands us its registers: orig_ax holds the
 * number, ip points after the instruction, the arguments are in x86_64's
 * registers. We run the call like x86_64 Linux would and leave the result
 * in ax.
 */
#include <linux/entry-common.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/nospec.h>
#include <linux/sched.h>
#include <linux/syscalls.h>
#include <asm/prctl.h>
#include <asm/syscall.h>
#include <asm/syscalls.h>

/* x32 numbers have this bit set; the guest is a pure x86_64 machine. */
#define X32_SYSCALL_BIT	0x40000000

void uvmm_syscall(struct pt_regs *regs)
{
	unsigned long ip = regs->ip, orig = regs->orig_ax;
	/* As on x86_64, the number is rax's low 32 bits (ptrace sees all). */
	int nr = syscall_enter_from_user_mode(regs, (int)regs->orig_ax);

	uvmm_syscall_site(ip, orig);	/* as it came, before anyone changed it */

	if (likely((unsigned int)nr < NR_syscalls)) {
		nr = array_index_nospec(nr, NR_syscalls);
		regs->ax = sys_call_table[nr](regs->di, regs->si, regs->dx,
					      regs->r10, regs->r8, regs->r9);
	} else if (nr != -1) {
		/* -1: a tracer or seccomp skipped it and set ax itself. */
		regs->ax = -ENOSYS;
	}
	syscall_exit_to_user_mode(regs);
}

SYSCALL_DEFINE6(mmap, unsigned long, addr, unsigned long, len,
		unsigned long, prot, unsigned long, flags,
		unsigned long, fd, unsigned long, off)
{
	if (off & ~PAGE_MASK)
		return -EINVAL;
	return ksys_mmap_pgoff(addr, len, prot, flags, fd, off >> PAGE_SHIFT);
}

/*
 * TLS bases live with the thread; uvmm loads them when it runs it. As on
 * x86_64, setting a base clears its selector (a selector loaded later
 * would replace the base with its descriptor's).
 */
int uvmm_set_tls_base(struct task_struct *tsk, int option, unsigned long base)
{
	struct uvmm_user_thread *t = &tsk->thread.user;

	if (base >= TASK_SIZE)
		return -EPERM;
	if (option == ARCH_SET_FS) {
		t->fs_base = base;
		t->fs = 0;
	} else {
		t->gs_base = base;
		t->gs = 0;
	}
	return 0;
}

SYSCALL_DEFINE2(arch_prctl, int, option, unsigned long, arg2)
{
	struct uvmm_user_thread *t = &current->thread.user;

	switch (option) {
	case ARCH_SET_FS:
	case ARCH_SET_GS:
		return uvmm_set_tls_base(current, option, arg2);
	case ARCH_GET_FS:
		return put_user(t->fs_base, (unsigned long __user *)arg2);
	case ARCH_GET_GS:
		return put_user(t->gs_base, (unsigned long __user *)arg2);
	case ARCH_GET_CPUID:
		return 1;	/* cpuid is never made to fault */
	case ARCH_SET_CPUID:
		return -ENODEV;
	default:
		return -EINVAL;
	}
}

/* No port I/O and no LDT: the guest has neither. */
SYSCALL_DEFINE1(iopl, unsigned int, level)
{
	return level ? -EPERM : 0;
}

SYSCALL_DEFINE3(ioperm, unsigned long, from, unsigned long, num, int, on)
{
	return on ? -EPERM : 0;
}

SYSCALL_DEFINE3(modify_ldt, int, func, void __user *, ptr, unsigned long, bytecount)
{
	return -ENOSYS;
}

SYSCALL_DEFINE0(uretprobe)
{
	return -ENOSYS;
}
