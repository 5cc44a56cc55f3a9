/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every benchmark probe shares. A probe is a small static program that
 * runs one workload in a tight loop for at least a given time and prints one
 * machine-readable line:
 *
 *     result <workload> <value> <unit>
 *
 * The same binary runs on the host, in UML and in a uvmm guest, so the probes
 * use nothing but plain syscalls and libc.
 */
#ifndef BENCH_PROBE_H
#define BENCH_PROBE_H

#include <stdint.h>

struct probe_opts {
	double min_seconds;	/* -t: loop at least this long (default 0.5) */
	const char *dir;	/* -d: scratch directory (default $TMPDIR or /tmp) */
	const char *src;	/* -C: source tree (make-project only) */
	const char *out;	/* -o: output directory (make-project only) */
	int jobs;		/* -j: parallel jobs (make-project only) */
};

/* Parse the common options; prints usage and exits 2 on bad input. */
void probe_parse(int argc, char **argv, const char *workload,
		 struct probe_opts *o);

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t probe_now_ns(void);

/* Print the one result line and flush it (probes fork afterwards). */
void probe_result(const char *workload, double value, const char *unit);

/* Print "error: <workload>: <what>: <errno text>" and exit 1. */
void probe_die(const char *workload, const char *what)
	__attribute__((noreturn));

/* The directory this probe binary lives in (for siblings like exit-now). */
const char *probe_self_dir(const char *workload);

#endif
