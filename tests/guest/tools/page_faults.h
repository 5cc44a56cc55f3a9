/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The page faults this process took so far: perf's software event
 * PAGE_FAULTS, counted where the fault trap comes in (getrusage's minor
 * faults would count the pages faulted ahead as well); -1 if perf cannot
 * tell. For the tools that tests/guest/fault-ahead.t runs.
 */
#ifndef UVMM_TOOLS_PAGE_FAULTS_H
#define UVMM_TOOLS_PAGE_FAULTS_H

#include <linux/perf_event.h>
#include <sys/syscall.h>
#include <unistd.h>

static inline long page_faults(void)
{
	static int counter = -1;
	long long n;

	if (counter < 0) {
		struct perf_event_attr a = {
			.type = PERF_TYPE_SOFTWARE, .size = sizeof(a),
			.config = PERF_COUNT_SW_PAGE_FAULTS,
		};

		counter = syscall(SYS_perf_event_open, &a, 0, -1, -1, 0);
		if (counter < 0)
			return -1;
	}
	return read(counter, &n, sizeof(n)) == sizeof(n) ? n : -1;
}

#endif
