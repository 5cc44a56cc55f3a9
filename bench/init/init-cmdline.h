/* SPDX-License-Identifier: GPL-2.0 */
/* The bench.* parameters of the kernel command line, as /init reads them. */
#ifndef BENCH_INIT_CMDLINE_H
#define BENCH_INIT_CMDLINE_H

#define MAX_WORKLOADS 32
#define MAX_WORKLOADS_STR "32"

struct bench_cmdline {
	char buf[4096];			/* /proc/cmdline; the fields point in here */
	char *workloads[MAX_WORKLOADS];
	int nworkloads;
	int runs;
	const char *time;		/* passed to the probes as -t, as given */
	const char *hostroot;		/* source of the host root to mount */
	const char *hostfs;		/* its filesystem type (default hostfs) */
	const char *probes;		/* probe directory inside that root */
	const char *src;		/* project directory inside that root */
	int needs_host_root;		/* make-project is in the list */
};

/*
 * Parse a kernel command line (copied into c->buf, at most 4095 bytes kept).
 * 0 on success; -1 with an "error: bench-init: ..." line on stderr on bad
 * bench.* values, after which c must not be used.
 */
int parse_bench_cmdline(struct bench_cmdline *c, const char *text);

/* parse_bench_cmdline() of /proc/cmdline. */
int read_bench_cmdline(struct bench_cmdline *c);

#endif
