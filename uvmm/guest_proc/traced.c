// SPDX-License-Identifier: GPL-2.0
/*
 * The tracer with the host's ptrace options (host-patches/: a host kernel
 * with PTRACE_O_NOSIGSTOP and PTRACE_O_ONESHOT; docs/host-patches.md).
 *
 * On a stock host a guest page fault costs the tracer two stops: the
 * SIGSEGV's signal-delivery-stop, then the batch that maps the page
 * (PTRACE_CONT to let the stub's syscalls run, and its closing int3 to get
 * back to PTRACE_SYSEMU). With the options, the stub's SIGSEGV handler
 * takes the fault without a stop (NOSIGSTOP), its first instruction (int3)
 * is the one stop, the signal frame it reports lies in the mailbox uvmm
 * shares, and uvmm answers by writing the registers to return to into
 * that frame and opening a shot (ONESHOT): the handler runs the queued
 * batch with real syscalls and returns to guest code through rt_sigreturn,
 * which ends the shot, so guest code is traced again from its first
 * instruction. Everything else (syscalls, other signals, interrupts,
 * batches outside a fault) is the plain tracer's (tracer.c, batch.c).
 *
 * While the process is stopped at the report, its frame is the live state
 * of the guest thread: its registers here, its FPU state through fpu.c
 * (the frame's XSAVE area, as on the fast gate).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest_proc/internal.h"

int guest_proc_traced_opts;


#define UC_FP_XSTATE		1
#define UC_SIGCONTEXT_SS	2
#define UC_STRICT_RESTORE_SS	4
#define ALT_LO	(STUB_MBOX_ADDR + STUB_ALT_OFF)
#define ALT_HI	(STUB_MBOX_ADDR + STUB_MBOX_SIZE)

/* Wholly inside the alternate stack, aligned: else a forged report. */
static int in_alt(uint64_t addr, uint64_t len)
{
	return addr >= ALT_LO && addr <= ALT_HI - len && addr % 8 == 0;
}

static struct stub_ucontext *live_uc(struct guest_proc *p)
{
	return (struct stub_ucontext *)((uint8_t *)p->mbox + p->uc_off);
}

int guest_proc_use_ptrace_options(int on, char *why, size_t whylen)
{
	pid_t pid;
	long r;
	int e;

	guest_proc_traced_opts = 0;
	if (!on) {
		snprintf(why, whylen, "not used (UVMM_NO_PTRACE_OPTIONS)");
		return -1;
	}
	/* The frame's FPU state is read and written as an XSAVE area. */
	if (guest_proc_xstate_size() <= 512) {
		snprintf(why, whylen, "the host has no XSAVE signal frames");
		return -1;
	}
	/*
	 * A stock kernel refuses unknown options: PTRACE_SEIZE with EIO,
	 * PTRACE_SETOPTIONS (where a shot is opened, on a stopped tracee)
	 * with EINVAL.
	 */
	pid = fork();
	if (pid < 0) {
		snprintf(why, whylen, "cannot probe them: fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		for (;;)
			pause();
	}
	r = ptrace(PTRACE_SEIZE, pid, 0, GUEST_PROC_PTRACE_OPTIONS | GUEST_PROC_O_NOSIGSTOP);
	if (r == 0) {
		r = ptrace(PTRACE_INTERRUPT, pid, 0, 0);
		while (r == 0 && waitpid(pid, NULL, __WALL) < 0)
			r = errno == EINTR ? 0 : -1;
		if (r == 0)
			r = ptrace(PTRACE_SETOPTIONS, pid, 0, GUEST_PROC_PTRACE_OPTIONS |
				   GUEST_PROC_O_NOSIGSTOP | GUEST_PROC_O_ONESHOT);
	}
	e = errno;
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, __WALL) < 0 && errno == EINTR)
		;
	if (r < 0) {
		snprintf(why, whylen, "not in the host kernel (%s)", strerror(e));
		return -1;
	}
	guest_proc_traced_opts = 1;
	return 0;
}

long guest_proc_traced_prepare(struct guest_proc *p, int *mbox_fd)
{
	long err = guest_proc_mbox_create(p, mbox_fd);

	if (err)
		return err;
	p->page->mode = STUB_MODE_TRACED;
	p->traced = 1;
	return 0;
}

/* The frame the stop at the report points at (rdx, rsi), checked. */
static int take_frame(struct guest_proc *p, const struct user_regs_struct *r,
		      struct stub_siginfo *si)
{
	uint64_t off;

	if (!in_alt(r->rdx, sizeof(struct stub_ucontext)) || !in_alt(r->rsi, sizeof(*si)))
		return -1;
	p->uc_off = r->rdx - STUB_MBOX_ADDR;
	memcpy(si, (uint8_t *)p->mbox + (r->rsi - STUB_MBOX_ADDR), sizeof(*si));
	off = guest_proc_frame_offset(live_uc(p)->fpstate);
	if (!off)
		return -1;
	p->frame_off = off;
	return 0;
}

static long report(struct guest_proc *p, const struct user_regs_struct *r,
		   struct uvmm_regs *regs, struct uvmm_user_thread *t)
{
	struct stub_siginfo si;

	/*
	 * Guest code can jump onto the int3 with registers and a "frame" of
	 * its choosing: what it gains is registers it could have had anyway
	 * (uvmm writes the whole frame before the handler goes on), unless
	 * the frame is not where the handler's stack is: then the process
	 * is killed.
	 */
	if (take_frame(p, r, &si) < 0) {
		guest_proc_reap(p);
		return -ESRCH;
	}
	guest_proc_frame_get_regs(live_uc(p)->gregs, regs);
	t->fs_base = p->at_report_base[0] = r->fs_base;
	t->gs_base = p->at_report_base[1] = r->gs_base;
	t->ds = p->at_report_sel[0] = (uint16_t)r->ds;
	t->es = p->at_report_sel[1] = (uint16_t)r->es;
	t->fs = p->at_report_sel[2] = (uint16_t)r->fs;
	t->gs = p->at_report_sel[3] = (uint16_t)r->gs;
	p->in_handler = 1;
	return guest_proc_signal_event(si.signo, si.code, si.addr, t);
}

int guest_proc_traced_stale_fault(struct guest_proc *p)
{
	struct user_regs_struct r;
	struct stub_siginfo si;

	if (ptrace(PTRACE_GETREGS, p->pid, 0, &r) < 0 || r.rip != p->traced_report ||
	    take_frame(p, &r, &si) < 0 || live_uc(p)->gregs[STUB_RIP] != p->batch_entry)
		return 0;
	/* Back to the batch as the frame left it; PTRACE_CONT runs it all. */
	p->mbox->ret_sp = STUB_MBOX_ADDR + p->uc_off;
	p->mbox->batch = 0;
	p->mbox->again = 0;
	return 1;
}

long guest_proc_traced_load(struct guest_proc *p, const struct uvmm_regs *regs,
			    const struct uvmm_user_thread *t)
{
	struct stub_ucontext *f = live_uc(p);
	uint16_t sel[4] = {
		guest_proc_user_selector(t->ds, 0), guest_proc_user_selector(t->es, 0),
		guest_proc_user_selector(t->fs, 0), guest_proc_user_selector(t->gs, 0),
	};
	struct user_regs_struct r;

	if (t->fs_base >= TASK_SIZE_MAX || t->gs_base >= TASK_SIZE_MAX)
		return -EINVAL;	/* what PTRACE_SETREGS refuses */
	/* The whole frame, whatever was there: rt_sigreturn takes all of it. */
	guest_proc_frame_put_regs(f->gregs, regs);
	f->gregs[STUB_ERR] = 0;
	f->gregs[STUB_TRAPNO] = 0;
	f->gregs[STUB_OLDMASK] = 0;
	f->gregs[STUB_CR2] = 0;
	f->flags = UC_FP_XSTATE | UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
	f->link = 0;
	f->ss_sp = ALT_LO;
	f->ss_flags = 0;
	f->ss_size = STUB_ALT_SIZE;
	f->fpstate = STUB_MBOX_ADDR + p->frame_off;
	f->sigmask = 0;
	/* All the handler reads, whatever guest code wrote there. */
	p->mbox->ret_sp = STUB_MBOX_ADDR + p->uc_off;
	p->mbox->batch = p->batch_in_handler;
	p->mbox->again = 0;
	/* rt_sigreturn does not restore these: set them in the task (rare). */
	if (t->fs_base == p->at_report_base[0] && t->gs_base == p->at_report_base[1] &&
	    !memcmp(sel, p->at_report_sel, sizeof(sel)))
		return 0;
	if (ptrace(PTRACE_GETREGS, p->pid, 0, &r) < 0)
		return -ESRCH;
	r.fs_base = t->fs_base;
	r.gs_base = t->gs_base;
	r.ds = sel[0];
	r.es = sel[1];
	r.fs = sel[2];
	r.gs = sel[3];
	if (ptrace(PTRACE_SETREGS, p->pid, 0, &r) < 0)
		return errno == EIO ? -EINVAL : -ESRCH;
	p->at_report_base[0] = t->fs_base;
	p->at_report_base[1] = t->gs_base;
	memcpy(p->at_report_sel, sel, sizeof(sel));
	return 0;
}

long guest_proc_traced_arm(struct guest_proc *p)
{
	if (ptrace(PTRACE_SETOPTIONS, p->pid, 0, GUEST_PROC_PTRACE_OPTIONS | GUEST_PROC_O_NOSIGSTOP |
		   GUEST_PROC_O_ONESHOT) < 0)
		return -ESRCH;
	p->in_handler = 0;
	p->in_shot = 1;
	p->shot_interrupted = 0;
	return 0;
}

/*
 * A stop in the stub's code while its handler runs in a shot (an
 * interrupt, a signal from outside): let it go on; it is finite and ends
 * in guest code or at the report. 1: resumed, 0: not such a stop.
 *
 * For an interrupt the handler must not return to guest code, which may
 * spin: it is told to report again at its end (again), and that report
 * ends the run with UVMM_USER_INTERRUPT. Interrupting it once more at
 * each stop instead would stop it again inside each of its syscalls.
 * Only in its last four instructions, where it may already have looked,
 * does it get another PTRACE_INTERRUPT (which catches it at the latest
 * at guest code's first instruction).
 */
int guest_proc_traced_in_stub(struct guest_proc *p, int status,
			      const volatile uint64_t *irq_pending)
{
	struct user_regs_struct r;
	siginfo_t si;

	/* Syscalls are guest code's; the only int3 in a shot is the report. */
	if (WSTOPSIG(status) == (SIGTRAP | 0x80) ||
	    (WSTOPSIG(status) == SIGTRAP && (status >> 16) == 0) ||
	    ptrace(PTRACE_GETREGS, p->pid, 0, &r) < 0)
		return 0;
	/*
	 * At the report's int3, or just after it with its SIGTRAP still
	 * pending (an interrupt's stop comes before a signal's): the fault's
	 * report is next, and then the run ends, the interrupt still
	 * pending. Taken for an interrupt here, the handler's registers
	 * would become the guest thread's.
	 */
	if (r.rip != p->traced_report - 1 && r.rip != p->traced_report &&
	    (!p->in_shot || r.rip < UVMM_USER_TOP || r.rip >= STUB_END))
		return 0;
	/* The stub faulted: classify() reports it, and the caller ends it. */
	if ((status >> 16) == 0 && (ptrace(PTRACE_GETSIGINFO, p->pid, 0, &si) < 0 ||
				    si.si_code > 0))
		return 0;
	if (p->in_shot && *irq_pending) {
		p->mbox->again = 1;
		p->shot_interrupted = 1;
	}
	if (ptrace(PTRACE_SYSEMU, p->pid, 0, 0) < 0)
		return 0;
	if (p->in_shot && *irq_pending && r.rip >= p->traced_tail && r.rip < p->traced_tail + 32)
		ptrace(PTRACE_INTERRUPT, p->pid, 0, 0);
	return 1;
}

/*
 * A batch while uvmm holds the fault (the request page filled up): the
 * handler runs it in a shot and reports again instead of returning.
 */
long guest_proc_traced_batch(struct guest_proc *p, const volatile uint64_t *no_irq)
{
	struct stub_page *pg = p->page;
	uint64_t batches = pg->batches;
	int status;
	long err;

	pg->done = 0;
	pg->error = 0;
	p->mbox->ret_sp = STUB_MBOX_ADDR + p->uc_off;
	p->mbox->batch = 1;
	p->mbox->again = 1;
	err = guest_proc_traced_arm(p);
	if (!err && ptrace(PTRACE_SYSEMU, p->pid, 0, 0) < 0)
		err = -ESRCH;
	while (!err) {
		err = guest_proc_wait(p, &status);
		if (err)
			break;
		if (guest_proc_traced_in_stub(p, status, no_irq))
			continue;
		if (WSTOPSIG(status) == SIGTRAP && (status >> 16) == 0 &&
		    pg->batches == batches + 1) {
			struct user_regs_struct r;

			if (ptrace(PTRACE_GETREGS, p->pid, 0, &r) == 0 &&
			    r.rip == p->traced_report)
				break;	/* reported again, the frame as it was */
		}
		fprintf(stderr, "uvmm: guest process %d: its stub stopped (status %#x) "
			"during a batch in its fault handler: ended\n", p->pid, status);
		guest_proc_reap(p);
		return p->broken = -EFAULT;
	}
	p->mbox->batch = 0;
	p->mbox->again = 0;
	p->in_shot = 0;
	p->in_handler = 1;
	return err;
}

/* A stop of a run: the handler's report (its event), or -ENOENT. */
long guest_proc_traced_event(struct guest_proc *p, int status, struct uvmm_regs *regs,
			     struct uvmm_user_thread *t)
{
	struct user_regs_struct r;
	int again = p->shot_interrupted;

	/* Whatever this stop is, an interrupt's "again" is answered by it. */
	p->shot_interrupted = 0;
	if (WSTOPSIG(status) != SIGTRAP || (status >> 16) != 0)
		return -ENOENT;
	if (ptrace(PTRACE_GETREGS, p->pid, 0, &r) < 0)
		return -ESRCH;
	if (r.rip != p->traced_report)
		return -ENOENT;
	if (again) {
		/* The handler, stopped for an interrupt, reports again: the
		 * frame is as uvmm wrote it, the fault long answered. */
		p->mbox->again = 0;
		p->in_handler = 1;
		guest_proc_frame_get_regs(live_uc(p)->gregs, regs);
		return UVMM_USER_INTERRUPT;
	}
	return report(p, &r, regs, t);
}
