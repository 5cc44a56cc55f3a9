// SPDX-License-Identifier: GPL-2.0
/*
 * Running guest user code, whichever way the process reaches uvmm: the
 * steps both paths share (the queued mapping changes, the FPU state, the
 * registers), then the tracer (tracer.c) or the fast gate (fast.c), and
 * what a signal of the guest task means for the guest kernel.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "guest_proc/internal.h"

#define VSYSCALL_PAGE	0xffffffffff600000UL

/* What this thread's guest_proc_run() runs, for guest_proc_interrupt(). */
static __thread pid_t running_pid;
static __thread int running_fast;

void guest_proc_running(const struct guest_proc *p)
{
	if (p)
		__atomic_store_n(&running_fast, p->fast, __ATOMIC_SEQ_CST);
	__atomic_store_n(&running_pid, p ? p->pid : 0, __ATOMIC_SEQ_CST);
}

void guest_proc_interrupt(void)
{
	pid_t pid = __atomic_load_n(&running_pid, __ATOMIC_SEQ_CST);
	int saved = errno;

	if (pid > 0 && __atomic_load_n(&running_fast, __ATOMIC_RELAXED))
		syscall(SYS_tgkill, pid, pid, STUB_SIG_PREEMPT);
	else if (pid > 0)
		syscall(SYS_ptrace, PTRACE_INTERRUPT, pid, 0, 0);
	errno = saved;
}

static int is_fault_signal(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL ||
	       sig == SIGFPE || sig == SIGTRAP;
}

static void set_fault(struct uvmm_user_thread *t, int signo, int code, uint64_t addr)
{
	memset(&t->fault, 0, sizeof(t->fault));
	t->fault.addr = addr;
	t->fault.signo = signo;
	t->fault.code = code;
	t->fault.trapno = UVMM_TRAP_UNKNOWN;
	t->fault.error_code = UVMM_TRAP_UNKNOWN;
}

/*
 * A call into the host's vsyscall page, trapped by the stub's filter
 * before the host could run it. The guest sees what x86_64 Linux with
 * vsyscall=none gives: a fault at the entry, SEGV_MAPERR.
 */
int guest_proc_vsyscall_fault(int signo, int code, uint64_t call_addr,
			      struct uvmm_user_thread *t)
{
	if (signo != SIGSYS || code != SYS_SECCOMP ||
	    (call_addr & ~0xfffUL) != VSYSCALL_PAGE)
		return 0;
	set_fault(t, SIGSEGV, SEGV_MAPERR, call_addr);
	return 1;
}

long guest_proc_signal_event(int signo, int code, uint64_t addr,
			     struct uvmm_user_thread *t)
{
	/* si_code <= 0: sent by someone (kill, tgkill), not a CPU exception. */
	if (!is_fault_signal(signo) || code <= 0)
		return UVMM_USER_INTERRUPT;	/* dropped: never delivered */
	set_fault(t, signo, code, addr);
	return UVMM_USER_FAULT;
}

/* The state the guest kernel passed could not be loaded: like XRSTOR's #GP. */
static long bad_state_fault(struct uvmm_user_thread *t)
{
	set_fault(t, SIGSEGV, SI_KERNEL, 0);
	return UVMM_USER_FAULT;
}

long guest_proc_run(struct guest_proc *p, struct uvmm_regs *regs,
		    struct uvmm_user_thread *t, const volatile uint64_t *irq_pending)
{
	int no_tsc;
	long err;

	if (!p->pid)
		return -ESRCH;
	if (p->broken)
		return p->broken;
	if (*irq_pending)
		return UVMM_USER_INTERRUPT;
	guest_proc_reap_ended();
	/*
	 * The thread's PR_SET_TSC, made by the host task that runs it: the
	 * handler does it on the fast gate, a batch under the tracer.
	 */
	no_tsc = !!(t->flags & UVMM_USER_THREAD_NO_TSC);
	if (p->fast)
		p->mbox->no_tsc = no_tsc;
	else if (no_tsc != p->no_tsc && (err = guest_proc_queue_tsc(p, no_tsc)))
		return err;
	if (p->in_handler)	/* the fault handler runs it on its way back */
		guest_proc_defer_batch(p);
	else if ((err = guest_proc_flush(p)))
		return err;
	err = guest_proc_fpu_load(p, t);
	if (!err)
		err = p->fast ? guest_proc_fast_load(p, regs, t) :
		      p->in_handler ? guest_proc_traced_load(p, regs, t) :
				      guest_proc_tracer_load(p, regs, t);
	if (err == -EINVAL)
		return bad_state_fault(t);
	if (err == -ENOMEM)
		return err;
	if (err) {
		guest_proc_reap(p);
		return -ESRCH;
	}
	guest_proc_pin(p);
	if (!p->fast)
		return guest_proc_tracer_resume(p, regs, t, irq_pending);
	err = guest_proc_fast_resume(p, regs, t, irq_pending);
	/* Guest code read a rewritten page: the original is back, again. */
	if (err == UVMM_USER_FAULT && guest_proc_rewrite_fault(p, t))
		return UVMM_USER_INTERRUPT;
	return err;
}
