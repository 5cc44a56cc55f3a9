// SPDX-License-Identifier: GPL-2.0
/*
 * Making and ending processes off the guest's critical path.
 *
 * A guest fork or exec needs a new host process at once, and making one
 * (clone, exec of the stub, its setup until it is ready) costs about 0.5
 * ms of CPU here, most of it the child's own work, and ending one another
 * 0.1-0.2 ms (tearing down its mm). Even made ahead of need, that CPU time
 * is taken from the guest on a 2-core host: it was a third of a guest
 * fork+exit. So a process whose address space ends is kept for the next
 * one instead (up to MAX_KEPT of them), emptied by a batch that unmaps the
 * whole guest range, which its mapper runs while uvmm goes on; taking it
 * waits for that (UVMM_NO_REUSE=1 in the environment turns keeping off,
 * to compare).
 * Only where none is kept is a spare made: launched as soon as the last
 * one is taken, it gets ready on the guest's core while the guest goes
 * on, and the next create only collects it.
 * Ending a process is a SIGKILL; the exit itself is not waited for: the
 * process is reaped at a later create, end or run, and at the latest by
 * guest_proc_settle() at the end of the thread.
 * All stay tied to the thread as every process is (PR_SET_PDEATHSIG, and
 * PTRACE_O_EXITKILL while seized): if uvmm dies, so do they.
 *
 * What a kept process carries over to its next owner is nothing guest
 * code chose: every run loads all the registers, segment bases, the FPU
 * state (fpu_owner is cleared here) and the TSC setting, the mailbox
 * words the handler acts on are written by uvmm before each run, and the
 * unmap has run (and succeeded) before the next owner's first request is
 * queued
 * (docs/guest-processes.md; tested by the guest's abi_reuse).
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "guest_proc/internal.h"

static __thread struct guest_proc *spare;

/* Processes kept for the next address spaces, newest last. */
#define MAX_KEPT 4
static __thread struct guest_proc *kept[MAX_KEPT];
static __thread int nr_kept;
int guest_proc_reuse = 1;

/* Ended processes not reaped yet; one more waits for the oldest. */
#define MAX_DYING 16
static __thread pid_t dying[MAX_DYING];
static __thread int nr_dying;

/* Reap what has exited (all of it, waiting, if wait is set). */
static void collect(int wait)
{
	int i = 0, status;
	pid_t r;

	while (i < nr_dying) {
		do
			r = waitpid(dying[i], &status, __WALL | (wait ? 0 : WNOHANG));
		while (r < 0 && errno == EINTR);
		/* Gone (or never ours); a stop reported before the kill is not. */
		if (r < 0 || (r > 0 && (WIFEXITED(status) || WIFSIGNALED(status))))
			dying[i] = dying[--nr_dying];
		else if (r == 0 || !wait)
			i++;
	}
}

void guest_proc_end(struct guest_proc *p)
{
	if (!p->pid)
		return;
	if (nr_dying == MAX_DYING) {
		guest_proc_reap(p);
		return;
	}
	kill(p->pid, SIGKILL);
	dying[nr_dying++] = p->pid;
	p->pid = 0;
	collect(0);
}

/*
 * Can p serve another address space? It must be alive and whole, made for
 * the gate and options processes take now (and the memory file and
 * devices: guest_proc_drop_spare drops the kept ones when those change),
 * and parked where every run starts from: on the tracer with the host's
 * options, not inside its fault handler.
 */
static int reusable(const struct guest_proc *p)
{
	return p->pid && !p->broken && p->fast == guest_proc_fast_gate &&
	       p->traced == guest_proc_traced_opts && !p->in_handler && !p->in_shot &&
	       !p->batch_in_handler && !p->shot_interrupted;
}

/*
 * Nothing happened to a kept process since (a kill from outside, say):
 * our child, it has nothing new to report (the tracer's stop was taken).
 */
static int still_parked(struct guest_proc *p)
{
	int status;
	pid_t r;

	do
		r = waitpid(p->pid, &status, __WALL | WNOHANG);
	while (r < 0 && errno == EINTR);
	if (r > 0 && (WIFEXITED(status) || WIFSIGNALED(status)))
		p->pid = 0;	/* reaped */
	return r == 0;
}

int guest_proc_keep(struct guest_proc *p)
{
	if (!guest_proc_reuse || nr_kept == MAX_KEPT || !reusable(p) ||
	    guest_proc_unmap(p, 0, UVMM_USER_TOP) || guest_proc_flush_start(p))
		return 0;
	guest_proc_rewrite_reset(p);	/* no copies, no records: a new start */
	p->fpu_owner = NULL;		/* its thread may end, its address come back */
	p->preempt_blocked = 0;
	p->preempt_asleep = 0;
	if (p->fast)			/* guest code may have written it: uvmm's again */
		guest_proc_fast_reset_mbox(p);
	kept[nr_kept++] = p;
	return 1;
}

void guest_proc_launch_spare(void)
{
	struct guest_proc *p;

	if (spare || nr_kept)
		return;
	p = guest_proc_alloc();
	if (!p)
		return;
	if (guest_proc_launch(p)) {
		guest_proc_free(p);
		return;
	}
	/* To the core it will run on, so that its setup leaves ours alone. */
	guest_proc_pin(p);
	spare = p;
}

struct guest_proc *guest_proc_take_spare(void)
{
	struct guest_proc *p;

	while (nr_kept) {
		p = kept[--nr_kept];
		if (still_parked(p) && !guest_proc_flush_finish(p))
			return p;
		guest_proc_free(p);
	}
	p = spare;
	spare = NULL;
	if (!p)
		return NULL;
	/* Launched for the other gate (the choice changed since): useless. */
	if (p->fast != guest_proc_fast_gate || p->traced != guest_proc_traced_opts ||
	    guest_proc_finish(p)) {
		guest_proc_free(p);
		return NULL;
	}
	p->cpu = -1;	/* pinned again at its first run, with its mapper */
	return p;
}

void guest_proc_drop_spare(void)
{
	while (nr_kept)
		guest_proc_free(kept[--nr_kept]);
	if (spare) {
		guest_proc_free(spare);
		spare = NULL;
	}
}

void guest_proc_reap_ended(void)
{
	if (nr_dying)
		collect(0);
}

void guest_proc_settle(void)
{
	guest_proc_drop_spare();
	collect(1);
}
