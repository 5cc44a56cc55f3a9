// SPDX-License-Identifier: GPL-2.0
/*
 * The tracer: running guest user code in its process under PTRACE_SYSEMU
 * until a syscall, a fault or an interrupt stops it, with the guest's
 * registers loaded before and read back after. The fast gate will be the
 * other way of doing this, beside it.
 */
#include <errno.h>
#include <stddef.h>
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest_proc/internal.h"

/* The pid this thread's guest_proc_run() runs, for guest_proc_interrupt(). */
static __thread pid_t running_pid;

void guest_proc_interrupt(void)
{
	pid_t pid = __atomic_load_n(&running_pid, __ATOMIC_RELAXED);
	int saved = errno;

	if (pid > 0)
		syscall(SYS_ptrace, PTRACE_INTERRUPT, pid, 0, 0);
	errno = saved;
}

/* guest regs + t -> the host's view; segments are always user ones. */
static long load_regs(struct guest_proc *p, const struct uvmm_regs *regs,
		      const struct uvmm_user_thread *t)
{
	struct user_regs_struct r;

	_Static_assert(sizeof(*regs) == offsetof(struct user_regs_struct, fs_base),
		       "struct uvmm_regs is user_regs_struct up to ss");
	memset(&r, 0, sizeof(r));
	memcpy(&r, regs, sizeof(*regs));
	r.cs = USER_CS;
	r.ss = USER_SS;
	/*
	 * Never a syscall number: the host must not apply its own syscall
	 * restart (-ERESTART* in ax) to what the guest kernel returns.
	 */
	r.orig_rax = -1;
	r.fs_base = t->fs_base;
	r.gs_base = t->gs_base;
	if (ptrace(PTRACE_SETREGS, p->pid, 0, &r) < 0)
		return errno == EIO ? -EINVAL : -ESRCH;	/* EIO: a base >= TASK_SIZE */
	return 0;
}

static long store_regs(struct guest_proc *p, struct uvmm_regs *regs,
		       struct uvmm_user_thread *t)
{
	struct user_regs_struct r;

	if (ptrace(PTRACE_GETREGS, p->pid, 0, &r) < 0)
		return -ESRCH;
	memcpy(regs, &r, sizeof(*regs));
	t->fs_base = r.fs_base;
	t->gs_base = r.gs_base;
	return 0;
}

static int is_fault_signal(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL ||
	       sig == SIGFPE || sig == SIGTRAP;
}

#define VSYSCALL_PAGE	0xffffffffff600000UL
#ifndef SYS_SECCOMP
#define SYS_SECCOMP	1	/* si_code of a seccomp SIGSYS */
#endif

/*
 * A call into the host's vsyscall page, trapped by the stub's filter
 * (stub.c) before the host could run it. The guest sees what x86_64
 * Linux with vsyscall=none gives: a fault at the entry, SEGV_MAPERR.
 */
static int vsyscall_fault(const siginfo_t *si, struct uvmm_user_thread *t)
{
	uint64_t entry = (uint64_t)(uintptr_t)si->si_call_addr;

	if (si->si_signo != SIGSYS || si->si_code != SYS_SECCOMP ||
	    (entry & ~0xfffUL) != VSYSCALL_PAGE)
		return 0;
	t->fault.addr = entry;
	t->fault.signo = SIGSEGV;
	t->fault.code = SEGV_MAPERR;
	t->fault.trapno = UVMM_TRAP_UNKNOWN;
	t->fault.error_code = UVMM_TRAP_UNKNOWN;
	return 1;
}

/*
 * What the stop in status means for the guest. *vsyscall is set to the
 * entry of a trapped vsyscall call: the host has already emulated its
 * `ret` (ip at the caller, sp above the return address), which the caller
 * undoes so that the fault is at the entry, as on a CPU.
 */
static long classify(struct guest_proc *p, int status,
		     struct uvmm_user_thread *t, uint64_t *vsyscall)
{
	int sig = WSTOPSIG(status);
	siginfo_t si;

	*vsyscall = 0;
	if (sig == (SIGTRAP | 0x80))
		return UVMM_USER_SYSCALL;
	if ((status >> 16) != 0)
		return UVMM_USER_INTERRUPT;	/* PTRACE_INTERRUPT, a group stop */
	if (ptrace(PTRACE_GETSIGINFO, p->pid, 0, &si) < 0)
		return -ESRCH;
	if (vsyscall_fault(&si, t)) {
		*vsyscall = t->fault.addr;
		return UVMM_USER_FAULT;
	}
	/* si_code <= 0: sent by someone (kill, tgkill), not a CPU exception. */
	if (!is_fault_signal(sig) || si.si_code <= 0)
		return UVMM_USER_INTERRUPT;	/* dropped: never delivered */
	t->fault.addr = (uint64_t)(uintptr_t)si.si_addr;
	t->fault.signo = sig;
	t->fault.code = si.si_code;
	t->fault.trapno = UVMM_TRAP_UNKNOWN;
	t->fault.error_code = UVMM_TRAP_UNKNOWN;
	return UVMM_USER_FAULT;
}

/* The state the guest kernel passed could not be loaded: like XRSTOR's #GP. */
static long bad_state_fault(struct uvmm_user_thread *t)
{
	memset(&t->fault, 0, sizeof(t->fault));
	t->fault.signo = SIGSEGV;
	t->fault.code = SI_KERNEL;
	t->fault.trapno = UVMM_TRAP_UNKNOWN;
	t->fault.error_code = UVMM_TRAP_UNKNOWN;
	return UVMM_USER_FAULT;
}

long guest_proc_run(struct guest_proc *p, struct uvmm_regs *regs,
		    struct uvmm_user_thread *t, const volatile uint64_t *irq_pending)
{
	uint64_t vsyscall;
	long err, ev;
	int status;

	if (!p->pid)
		return -ESRCH;
	if (p->broken)
		return p->broken;
	if (*irq_pending)
		return UVMM_USER_INTERRUPT;
	err = guest_proc_flush(p);
	if (err)
		return err;
	err = guest_proc_fpu_load(p, t);
	if (!err)
		err = load_regs(p, regs, t);
	if (err == -EINVAL)
		return bad_state_fault(t);
	if (err == -ENOMEM)
		return err;
	if (err)
		goto gone;
	guest_proc_pin(p);

	/*
	 * Published before *irq_pending is read: an interrupt signal that
	 * comes after the check finds the pid and stops the run; one that
	 * came before it set *irq_pending, which we see.
	 */
	__atomic_store_n(&running_pid, p->pid, __ATOMIC_SEQ_CST);
	if (*irq_pending) {
		__atomic_store_n(&running_pid, 0, __ATOMIC_SEQ_CST);
		return UVMM_USER_INTERRUPT;
	}
	if (ptrace(PTRACE_SYSEMU, p->pid, 0, 0) < 0) {
		__atomic_store_n(&running_pid, 0, __ATOMIC_SEQ_CST);
		goto gone;
	}
	err = guest_proc_wait(p, &status);
	__atomic_store_n(&running_pid, 0, __ATOMIC_SEQ_CST);
	if (err)
		return err;
	ev = classify(p, status, t, &vsyscall);
	if (ev < 0)
		goto gone;
	if (store_regs(p, regs, t) < 0)
		goto gone;
	if (vsyscall) {
		regs->ip = vsyscall;
		regs->sp -= 8;
	}
	return ev;
gone:
	guest_proc_reap(p);
	return -ESRCH;
}

