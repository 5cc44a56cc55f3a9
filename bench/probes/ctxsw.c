// SPDX-License-Identifier: GPL-2.0
/*
 * Context switch between two processes on one CPU: both are pinned to the
 * same CPU and call sched_yield() in a loop; a shared page records which of
 * them ran last, so only switches that really happened are counted (a yield
 * that returns to the caller is not one). Result: time per switch, the
 * sched_yield() call included.
 */
#include "probe.h"

#include <errno.h>
#include <sched.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define W "ctxsw"
#define BATCH 64

struct shared {
	int last;		/* 1: parent ran last, 2: child */
	int stop;
	unsigned long switches;
};

/* Run one turn; count a switch when the other process ran since ours. */
static void turn(struct shared *s, int me)
{
	if (__atomic_load_n(&s->last, __ATOMIC_ACQUIRE) != me) {
		__atomic_store_n(&s->last, me, __ATOMIC_RELEASE);
		__atomic_add_fetch(&s->switches, 1, __ATOMIC_RELAXED);
	}
	sched_yield();
}

int main(int argc, char **argv)
{
	struct probe_opts o;
	struct shared *s;
	uint64_t start, elapsed;
	unsigned long counted;
	cpu_set_t one;
	int cpu, status;
	pid_t pid;

	probe_parse(argc, argv, W, &o);
	cpu = sched_getcpu();
	CPU_ZERO(&one);
	CPU_SET(cpu < 0 ? 0 : cpu, &one);
	/* The child inherits the mask: the two can only take turns. */
	if (sched_setaffinity(0, sizeof(one), &one))
		probe_die(W, "sched_setaffinity");
	s = mmap(NULL, sizeof(*s), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (s == MAP_FAILED)
		probe_die(W, "mmap");
	s->last = 1;
	pid = fork();
	if (pid < 0)
		probe_die(W, "fork");
	if (pid == 0) {
		while (!__atomic_load_n(&s->stop, __ATOMIC_ACQUIRE))
			turn(s, 2);
		_exit(0);
	}
	/* Let the child start before the clock does. */
	while (__atomic_load_n(&s->last, __ATOMIC_ACQUIRE) != 2)
		sched_yield();
	__atomic_store_n(&s->switches, 0, __ATOMIC_RELAXED);
	start = probe_now_ns();
	do {
		for (int i = 0; i < BATCH; i++)
			turn(s, 1);
		elapsed = probe_now_ns() - start;
	} while (elapsed < (uint64_t)(o.min_seconds * 1e9));
	counted = __atomic_load_n(&s->switches, __ATOMIC_RELAXED);
	__atomic_store_n(&s->stop, 1, __ATOMIC_RELEASE);
	if (waitpid(pid, &status, 0) != pid)
		probe_die(W, "waitpid");
	if (counted == 0) {
		errno = 0;
		probe_die(W, "no switch between the two processes happened");
	}
	probe_result(W, (double)elapsed / (double)counted / 1e3, "us");
	return 0;
}
