/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One-byte ping-pong between this process and a forked child: the parent
 * writes to `pw` and reads the answer from `pr`; the child reads from `cr` and
 * answers on `cw`. Used by the pipe, AF_UNIX, TCP and context-switch probes,
 * so they differ only in the channel.
 */
#ifndef BENCH_PINGPONG_H
#define BENCH_PINGPONG_H

/* Mean nanoseconds per round trip over at least min_seconds. */
double pingpong_ns(const char *workload, int pr, int pw, int cr, int cw,
		   double min_seconds);

#endif
