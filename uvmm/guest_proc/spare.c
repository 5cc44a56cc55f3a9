// SPDX-License-Identifier: GPL-2.0
/*
 * Making and ending processes off the guest's critical path.
 *
 * A guest fork or exec needs a new host process at once, and making one
 * (fork, exec of the stub, its setup until it is ready) takes about 0.6 ms
 * here, most of it the child's own work. So each thread keeps one spare:
 * launched as soon as the last one is taken, it gets ready on the guest's
 * core while the guest goes on, and the next create only collects it.
 * Ending a process is a SIGKILL; the exit itself (tearing down its mm,
 * ~0.2 ms) is not waited for: the process is reaped at a later create,
 * end or run, and at the latest by guest_proc_settle() at the end of the
 * thread.
 * Both stay tied to the thread as every process is (PR_SET_PDEATHSIG, and
 * PTRACE_O_EXITKILL while seized): if uvmm dies, so do they.
 */
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>

#include "guest_proc/internal.h"

static __thread struct guest_proc *spare;

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

void guest_proc_launch_spare(void)
{
	struct guest_proc *p;

	if (spare)
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
	struct guest_proc *p = spare;

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
