/* SPDX-License-Identifier: GPL-2.0 */
/* The bench.* parameters of the kernel command line, as /init reads them. */
#ifndef BENCH_INIT_CMDLINE_H
#define BENCH_INIT_CMDLINE_H

#define MAX_WORKLOADS 32

struct bench_cmdline {
	char buf[4096];			/* /proc/cmdline; the fields point in here */
	char *workloads[MAX_WORKLOADS];
	int nworkloads;
	int runs;
	const char *time;		/* passed to the probes as -t, as given */
	const char *hostroot;		/* hostfs path of the host root to mount */
	const char *probes;		/* probe directory inside that root */
	const char *src;		/* project directory inside that root */
	int needs_host_root;		/* make-project is in the list */
};

/* 0 on success; -1 with a printed "error: bench-init: ..." line. */
int read_bench_cmdline(struct bench_cmdline *c);

#endif
