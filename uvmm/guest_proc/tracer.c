// SPDX-License-Identifier: GPL-2.0
/*
 * The tracer: running guest user code in its process under PTRACE_SYSEMU
 * until a syscall, a fault or an interrupt stops it, with the guest's
 * registers loaded before and read back after. The fast gate (fast.c) is
 * the other way of doing this; run.c has what both share.
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
#include <linux/audit.h>

#include "guest_proc/internal.h"

/* guest regs + t -> the host's view; cs and ss are always 64-bit user ones. */
long guest_proc_tracer_load(struct guest_proc *p, const struct uvmm_regs *regs,
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
	r.ds = guest_proc_user_selector(t->ds, 0);
	r.es = guest_proc_user_selector(t->es, 0);
	r.fs = guest_proc_user_selector(t->fs, 0);
	r.gs = guest_proc_user_selector(t->gs, 0);
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
	t->ds = (uint16_t)r.ds;
	t->es = (uint16_t)r.es;
	t->fs = (uint16_t)r.fs;
	t->gs = (uint16_t)r.gs;
	return 0;
}

/*
 * What the stop in status means for the guest. *vsyscall is set to the
 * entry of a trapped vsyscall call: the host has already emulated its
 * `ret` (ip at the caller, sp above the return address), which the caller
 * undoes so that the fault is at the entry, as on a CPU.
 */
/*
 * Whether the syscall p stopped at is an x86_64 one: int $0x80 (or a
 * syscall from compat mode) stops PTRACE_SYSEMU just the same. The first
 * two fields of the kernel's struct ptrace_syscall_info.
 */
static int native_syscall(struct guest_proc *p)
{
	struct {
		uint8_t op, pad[3];
		uint32_t arch;
	} info;

	if (ptrace(PTRACE_GET_SYSCALL_INFO, p->pid, (void *)sizeof(info), &info) < 0)
		return 1;	/* kernels before 5.3: as before, the guest's */
	return info.arch == AUDIT_ARCH_X86_64;
}

static long classify(struct guest_proc *p, int status,
		     struct uvmm_user_thread *t, uint64_t *vsyscall, int *compat)
{
	int sig = WSTOPSIG(status);
	siginfo_t si;

	*vsyscall = 0;
	*compat = 0;
	if (sig == (SIGTRAP | 0x80)) {
		if (native_syscall(p))
			return UVMM_USER_SYSCALL;
		/* No 32-bit ABI in the guest kernel: #GP at the instruction,
		 * as the fast gate reports it too (fast.c). */
		*compat = 1;
		return guest_proc_signal_event(SIGSEGV, SI_KERNEL, 0, t);
	}
	if ((status >> 16) != 0)
		return UVMM_USER_INTERRUPT;	/* PTRACE_INTERRUPT, a group stop */
	if (ptrace(PTRACE_GETSIGINFO, p->pid, 0, &si) < 0)
		return -ESRCH;
	if (guest_proc_vsyscall_fault(si.si_signo, si.si_code,
				      (uint64_t)(uintptr_t)si.si_call_addr, t)) {
		*vsyscall = t->fault.addr;
		return UVMM_USER_FAULT;
	}
	return guest_proc_signal_event(sig, si.si_code, (uint64_t)(uintptr_t)si.si_addr, t);
}

/*
 * An interrupt's stop (PTRACE_INTERRUPT) comes before the signal of a
 * fault that guest code's last instruction raised: the host delivers the
 * fault after the stop, at the next resume, whatever registers are loaded
 * then. Ending the run there would hand that fault to the next guest
 * thread to run in this process (one of them, just back from clone3 with
 * its signals blocked, died of another thread's rdtsc). So the fault goes
 * first, as on a CPU, where the exception of an instruction comes before
 * the interrupt after it: 1 if p was resumed to report it (the interrupt
 * stays pending and ends the next run).
 */
static int fault_behind_interrupt(struct guest_proc *p, int status)
{
	struct __ptrace_peeksiginfo_args first = { .off = 0, .flags = 0, .nr = 1 };
	siginfo_t si;

	if ((status >> 16) == 0 ||
	    ptrace(PTRACE_PEEKSIGINFO, p->pid, &first, &si) != 1 || si.si_code <= 0)
		return 0;
	return ptrace(PTRACE_SYSEMU, p->pid, 0, 0) == 0;
}

/* Run p under PTRACE_SYSEMU until the next stop; the registers are loaded. */
long guest_proc_tracer_resume(struct guest_proc *p, struct uvmm_regs *regs,
			      struct uvmm_user_thread *t,
			      const volatile uint64_t *irq_pending)
{
	uint64_t vsyscall;
	long err, ev;
	int status, compat;

	/*
	 * Published before *irq_pending is read: an interrupt signal that
	 * comes after the check finds the pid and stops the run; one that
	 * came before it set *irq_pending, which we see.
	 */
	guest_proc_running(p);
	if (*irq_pending) {
		guest_proc_running(NULL);
		return UVMM_USER_INTERRUPT;
	}
	/* Stopped in the fault handler (traced.c): it returns in a shot. */
	if ((p->in_handler && guest_proc_traced_arm(p) < 0) ||
	    ptrace(PTRACE_SYSEMU, p->pid, 0, 0) < 0) {
		guest_proc_running(NULL);
		goto gone;
	}
	do
		err = guest_proc_wait(p, &status);
	while (!err && ((p->traced && guest_proc_traced_in_stub(p, status, irq_pending)) ||
			fault_behind_interrupt(p, status)));
	guest_proc_running(NULL);
	if (err)
		return err;
	p->in_shot = 0;
	if (p->traced) {
		err = guest_proc_deferred_batch_done(p);
		if (err)
			return err;
		ev = guest_proc_traced_event(p, status, regs, t);
		if (ev != -ENOENT)
			return ev;	/* the fault handler's report */
	}
	ev = classify(p, status, t, &vsyscall, &compat);
	if (ev < 0)
		goto gone;
	if (store_regs(p, regs, t) < 0)
		goto gone;
	if (vsyscall) {
		regs->ip = vsyscall;
		regs->sp -= 8;
	}
	if (compat) {
		regs->ip -= 2;	/* int $0x80, syscall, sysenter: 2 bytes */
		regs->orig_ax = -1;
	}
	return ev;
gone:
	guest_proc_reap(p);
	return -ESRCH;
}
