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
static void restart_after_unmap_all(struct guest_proc *p)
{
	struct stub_page *pg = p->page;
	uint32_t left = pg->count - pg->done;

	guest_proc_forget_mapped(p);	/* none of it is mapped any more */
	memmove(&pg->ops[1], &pg->ops[pg->done], left * sizeof(pg->ops[0]));
	pg->ops[0] = (struct stub_op){
		.op = STUB_OP_UNMAP, .addr = 0, .len = UVMM_USER_TOP,
	};
	pg->count = left + 1;
}

/* Has the host protection keys (CR4.PKE, seen as CPUID's OSPKE)? */
static bool host_has_pkeys(void)
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
	r.r12 = host_has_pkeys();	/* allow all keys for the batch (stub_entry.S) */
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

long guest_proc_flush(struct guest_proc *p)
{
	struct stub_page *pg = p->page;
	int retried = 0;
	long err;

	if (p->broken)
		return p->broken;
	if (!pg->count)
		return 0;
	if (!p->pid)
		return -ESRCH;
again:
	err = p->fast ? guest_proc_fast_batch(p) : tracer_batch(p);
	if (err == -EIO)
		p->broken = err;
	if (!err && pg->error == -ENOMEM && !retried && pg->done < pg->count) {
		restart_after_unmap_all(p);
		retried = 1;
		goto again;
	}
	/* The fast gate's page is readable in the process: leave no offsets. */
	if (p->fast)
		memset(pg->ops, 0, pg->count * sizeof(pg->ops[0]));
	if (err)
		return err;
	if (pg->error) {
		p->broken = pg->error < 0 && pg->error >= -4095 ? pg->error : -EIO;
		return p->broken;
	}
	pg->count = 0;
	return 0;
}
