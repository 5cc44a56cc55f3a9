/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Timer wake-up lateness: sleep for a fixed time with clock_nanosleep
 * (CLOCK_MONOTONIC, relative) again and again, and report the median of
 * how much later than asked each sleep ended, in microseconds. The default
 * timer slack (50 us for a normal thread) is part of it, on every target.
 */
#ifndef BENCH_SLEEP_LATE_H
#define BENCH_SLEEP_LATE_H

#include "probe.h"

#include <stdlib.h>
#include <time.h>

#define SLEEP_LATE_MAX 100000

static int sleep_late_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static inline int sleep_late_main(int argc, char **argv, const char *w, long ns)
{
	static uint64_t late[SLEEP_LATE_MAX];
	struct timespec ts = { ns / 1000000000L, ns % 1000000000L };
	struct probe_opts o;
	uint64_t start, t0, t1;
	size_t n = 0;

	probe_parse(argc, argv, w, &o);
	start = probe_now_ns();
	do {
		t0 = probe_now_ns();
		if (clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL))
			probe_die(w, "clock_nanosleep");
		t1 = probe_now_ns();
		late[n++] = t1 - t0 > (uint64_t)ns ? t1 - t0 - (uint64_t)ns : 0;
	} while (n < SLEEP_LATE_MAX && (t1 - start < (uint64_t)(o.min_seconds * 1e9) || n < 5));
	qsort(late, n, sizeof(late[0]), sleep_late_cmp);
	probe_result(w, (double)late[n / 2] / 1e3, "us");
	return 0;
}

#endif
