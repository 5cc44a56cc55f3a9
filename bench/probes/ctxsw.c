// SPDX-License-Identifier: GPL-2.0
/*
 * Context switch between two processes on one CPU, the lmbench way: both
 * processes are pinned to the same CPU and pass a token through pipes; the
 * cost of the pipe operations themselves, measured in one process without
 * any switch, is subtracted. Result: time per switch.
 */
#include "pingpong.h"
#include "probe.h"

#include <errno.h>
#include <sched.h>
#include <unistd.h>

#define W "ctxsw"
#define BATCH 64

/* Nanoseconds for one write + one read of a byte on a pipe, no switch. */
static double pipe_overhead_ns(double min_seconds)
{
	uint64_t start, elapsed, ops = 0;
	int p[2];
	char c = 'x';

	if (pipe(p))
		probe_die(W, "pipe");
	start = probe_now_ns();
	do {
		for (int i = 0; i < BATCH; i++)
			if (write(p[1], &c, 1) != 1 || read(p[0], &c, 1) != 1)
				probe_die(W, "pipe write/read");
		ops += BATCH;
		elapsed = probe_now_ns() - start;
	} while (elapsed < (uint64_t)(min_seconds * 1e9));
	close(p[0]);
	close(p[1]);
	return (double)elapsed / (double)ops;
}

int main(int argc, char **argv)
{
	struct probe_opts o;
	int to_child[2], to_parent[2];
	double rtt, overhead, per_switch;
	cpu_set_t one;
	int cpu;

	probe_parse(argc, argv, W, &o);
	cpu = sched_getcpu();
	if (cpu < 0)
		cpu = 0;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	/* The child inherits the mask: every round trip is two switches. */
	if (sched_setaffinity(0, sizeof(one), &one))
		probe_die(W, "sched_setaffinity");
	overhead = pipe_overhead_ns(o.min_seconds / 4);
	if (pipe(to_child) || pipe(to_parent))
		probe_die(W, "pipe");
	rtt = pingpong_ns(W, to_parent[0], to_child[1], to_child[0],
			  to_parent[1], o.min_seconds);
	per_switch = (rtt - 2 * overhead) / 2;
	if (per_switch <= 0) {
		errno = 0;
		probe_die(W, "round trip cheaper than its pipe operations; clock broken?");
	}
	probe_result(W, per_switch / 1e3, "us");
	return 0;
}
