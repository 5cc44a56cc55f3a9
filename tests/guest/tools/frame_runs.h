/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How many runs of pages whose frames follow each other [p, p + pages) is
 * made of (/proc/self/pagemap; root only): each run is one host mapping
 * for uvmm. -1 if a page is not present or pagemap cannot tell. For the
 * tools that tests/guest/fault-ahead.t runs.
 */
#ifndef UVMM_TOOLS_FRAME_RUNS_H
#define UVMM_TOOLS_FRAME_RUNS_H

#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

static inline long frame_runs(const volatile void *p, size_t pages)
{
	int fd = open("/proc/self/pagemap", O_RDONLY);
	uint64_t *e = calloc(pages, sizeof(*e));
	ssize_t want = pages * sizeof(*e);
	long runs = -1;

	if (fd >= 0 && e && pread(fd, e, want, (uintptr_t)p / 4096 * sizeof(*e)) == want) {
		runs = 0;
		for (size_t i = 0; i < pages && runs >= 0; i++) {
			uint64_t pfn = e[i] & ((1ull << 55) - 1);

			if (!(e[i] >> 63))
				runs = -1;	/* not present: cannot tell */
			else
				runs += !i || pfn != (e[i - 1] & ((1ull << 55) - 1)) + 1;
		}
	}
	free(e);
	if (fd >= 0)
		close(fd);
	return runs;
}

#endif
