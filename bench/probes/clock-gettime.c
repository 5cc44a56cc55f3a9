// SPDX-License-Identifier: GPL-2.0
/*
 * clock_gettime(CLOCK_MONOTONIC) through the C library, as programs read
 * the time: the vDSO where the kernel has one that can answer, else a
 * syscall.
 */
#include "probe.h"

#include <errno.h>
#include <time.h>

#define W "clock-gettime"
#define BATCH 1024

int main(int argc, char **argv)
{
	struct probe_opts o;
	uint64_t start, elapsed, calls = 0;
	struct timespec ts, last = { 0, 0 };

	probe_parse(argc, argv, W, &o);
	start = probe_now_ns();
	do {
		for (int i = 0; i < BATCH; i++) {
			clock_gettime(CLOCK_MONOTONIC, &ts);
			if (ts.tv_sec < last.tv_sec ||
			    (ts.tv_sec == last.tv_sec && ts.tv_nsec < last.tv_nsec)) {
				errno = 0;
				probe_die(W, "CLOCK_MONOTONIC went back");
			}
			last = ts;
		}
		calls += BATCH;
		elapsed = probe_now_ns() - start;
	} while (elapsed < (uint64_t)(o.min_seconds * 1e9));
	probe_result(W, (double)elapsed / (double)calls, "ns");
	return 0;
}
