// SPDX-License-Identifier: GPL-2.0
/*
 * Carrying out a batch of queued map/unmap/protect operations. Under the
 * tracer: point the stopped process at the stub's batch entry, let it run
 * for real (PTRACE_CONT, its syscalls execute) and wait for its closing
 * int3; the guest's registers are not saved: guest_proc_run() loads them
 * afresh. On the fast gate the mapper task does it (fast.c).
 *
 * A failed operation makes the address space broken for good (sticky
 * -errno): what the guest kernel believes is mapped is no longer true, so
 * its only sane choice is to kill the process (docs/guest-processes.md).
 */
#include <cpuid.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>

#include "guest_proc/internal.h"

/*
 * The host ran out of mappings for the process (vm.max_map_count: guest
 * pages of scattered frames each take one): the mappings are only a cache
 * of the guest's page tables, so drop them all and go on with the
 * operations not done yet; the guest refaults what it uses.
 */
static uint64_t mappings_dropped;	/* times, all processes together */

static void restart_after_unmap_all(struct guest_proc *p)
{
	struct stub_page *pg = p->page;
	uint32_t left = pg->count - pg->done;

	__atomic_add_fetch(&mappings_dropped, 1, __ATOMIC_RELAXED);
	guest_proc_forget_mapped(p);	/* none of it is mapped any more */
	guest_proc_rewrite_forget_all(p);
	memmove(&pg->ops[1], &pg->ops[pg->done], left * sizeof(pg->ops[0]));
	pg->ops[0] = (struct stub_op){
		.op = STUB_OP_UNMAP, .addr = 0, .len = UVMM_USER_TOP,
	};
	pg->count = left + 1;
}

uint64_t guest_proc_mappings_dropped(void)
{
	return __atomic_load_n(&mappings_dropped, __ATOMIC_RELAXED);
}

bool guest_proc_host_has_pkeys(void)
{
	static int has = -1;
	unsigned int a, b, c, d;

	if (has < 0)
		has = __get_cpuid_count(7, 0, &a, &b, &c, &d) && (c & bit_OSPKE);
	return has;
}

/* The stub runs the batch for real under ptrace, ending in int3. */
static long tracer_batch(struct guest_proc *p)
{
	struct stub_page *pg = p->page;
	struct user_regs_struct r;
	uint64_t batches = pg->batches;
	siginfo_t si;
	int status;
	long err;

	memset(&r, 0, sizeof(r));
	r.rip = p->batch_entry;
	r.rsp = p->batch_stack;
	r.r12 = guest_proc_host_has_pkeys();	/* allow all keys for the batch (stub_entry.S) */
	r.cs = USER_CS;
	r.ss = USER_SS;
	r.eflags = 0x202;
	r.orig_rax = -1;
	pg->done = 0;
	pg->error = 0;
	if (ptrace(PTRACE_SETREGS, p->pid, 0, &r) < 0)
		goto gone;
	for (;;) {
		if (ptrace(PTRACE_CONT, p->pid, 0, 0) < 0)
			goto gone;
		err = guest_proc_wait(p, &status);
		if (err)
			return err;
		if ((status >> 16) != 0)
			continue;	/* an interrupt meant for a run, a group stop */
		if (ptrace(PTRACE_GETSIGINFO, p->pid, 0, &si) < 0)
			goto gone;
		if (si.si_code <= 0)
			continue;	/* a signal sent from outside: dropped */
		if (WSTOPSIG(status) == SIGTRAP && pg->batches == batches + 1)
			return 0;
		if (ptrace(PTRACE_GETREGS, p->pid, 0, &r) < 0)
			goto gone;
		/*
		 * Before the stub's first instruction: a fault of guest code
		 * still pending, because the stop uvmm took for an interrupt
		 * (PTRACE_INTERRUPT) came first. Drop it: the guest resumes at
		 * that instruction later and it faults again if it must.
		 */
		if (r.rip == p->batch_entry)
			continue;
		/* The same with the host's options: that fault went to the
		 * stub's handler, which goes back to the batch. */
		if (p->traced && guest_proc_traced_stale_fault(p))
			continue;
		/* The stub itself faulted: nothing to trust in it any more. */
		fprintf(stderr, "uvmm: guest process %d: its stub stopped with signal %d "
			"(code %d, address %p) at %#llx during a batch: ended\n", p->pid,
			WSTOPSIG(status), si.si_code, si.si_addr, (unsigned long long)r.rip);
		guest_proc_reap(p);
		return p->broken = -EFAULT;
	}
gone:
	guest_proc_reap(p);
	return -ESRCH;
}

static const volatile uint64_t no_irq;

/*
 * What a batch left in the page: 0 (all done), 1 (run it again: the rest
 * after dropping every mapping), or the sticky error.
 */
static long batch_result(struct guest_proc *p, int retried)
{
	struct stub_page *pg = p->page;

	if (pg->error == -ENOMEM && !retried && pg->done < pg->count) {
		restart_after_unmap_all(p);
		return 1;
	}
	if (pg->error) {
		p->broken = pg->error < 0 && pg->error >= -4095 ? pg->error : -EIO;
		return p->broken;
	}
	pg->count = 0;
	return 0;
}

/*
 * The tracer with the host's options, stopped in the fault handler: the
 * batch is carried out by the handler on its way back to guest code, in
 * the shot of the coming run (traced.c), with no stop of its own.
 */
void guest_proc_defer_batch(struct guest_proc *p)
{
	struct stub_page *pg = p->page;

	/* Said afresh at each run: an earlier run may have been cut short
	 * (an interrupt before it started) and its queue flushed since. */
	p->batch_in_handler = 0;
	p->mbox->batch = 0;
	if (!pg->count || p->broken)
		return;
	pg->done = 0;
	pg->error = 0;
	p->batches_before = pg->batches;
	p->batch_in_handler = 1;
	p->mbox->batch = 1;
}

long guest_proc_deferred_batch_done(struct guest_proc *p)
{
	long r;

	if (!p->batch_in_handler)
		return 0;
	p->batch_in_handler = 0;
	p->mbox->batch = 0;
	if (p->page->batches != p->batches_before + 1)
		return p->broken = -EIO;	/* the handler did not finish it */
	r = batch_result(p, 0);
	/* Out of mappings: the rest goes with the next run, from scratch. */
	return r == 1 ? 0 : r;
}

long guest_proc_flush(struct guest_proc *p)
{
	struct stub_page *pg = p->page;
	int retried = 0;
	uint32_t n;
	long err;

	if (p->broken)
		return p->broken;
	if (!pg->count)
		return 0;
	if (!p->pid)
		return -ESRCH;
again:
	if (p->fast)
		err = guest_proc_fast_batch(p);
	else if (p->in_handler)	/* the fault's handler holds the frame */
		err = guest_proc_traced_batch(p, &no_irq);
	else
		err = tracer_batch(p);
	if (err == -EIO)
		p->broken = err;
	n = pg->count;
	if (!err)
		err = batch_result(p, retried);
	if (err == 1) {
		retried = 1;
		goto again;
	}
	/* The fast gate's page is readable in the process: leave no offsets. */
	if (p->fast)
		memset(pg->ops, 0, n * sizeof(pg->ops[0]));
	return err;
}

/*
 * A batch nobody waits for yet (a kept process's emptying, spare.c): the
 * mapper runs it while uvmm goes on, and guest_proc_flush_finish() waits
 * and checks before the process is used again. No restart after running
 * out of host mappings: a failure leaves the process broken.
 */
long guest_proc_flush_start(struct guest_proc *p)
{
	if (!p->fast)
		return guest_proc_flush(p);
	if (p->broken)
		return p->broken;
	if (!p->pid)
		return -ESRCH;
	if (!p->page->count)
		return 0;
	guest_proc_fast_batch_start(p);
	p->batch_running = 1;
	return 0;
}

long guest_proc_flush_finish(struct guest_proc *p)
{
	struct stub_page *pg = p->page;
	uint32_t n = pg->count;
	long err;

	if (!p->batch_running)
		return p->broken;
	p->batch_running = 0;
	err = guest_proc_fast_batch_wait(p);
	if (err == -EIO)
		p->broken = err;
	if (!err)
		err = batch_result(p, 1);
	memset(pg->ops, 0, n * sizeof(pg->ops[0]));	/* no offsets left: as flush */
	return err;
}
