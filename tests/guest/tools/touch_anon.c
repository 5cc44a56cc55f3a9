// SPDX-License-Identifier: GPL-2.0
/*
 * touch_anon MIB [random]: writes every page of a fresh private anonymous
 * mapping of MIB MiB in order (after MADV_RANDOM with "random"), checks
 * that each page holds what was written to it, and prints
 * "pages N faults F": F is how many page faults the process took meanwhile
 * (perf's software event PAGE_FAULTS, counted where the fault trap comes
 * in; getrusage's minor faults would count the pages faulted ahead as
 * well), which tests/guest/fault-ahead.t compares with N, and "runs R":
 * how many runs of pages whose frames follow each other the mapping is
 * made of (/proc/self/pagemap), each a host mapping for uvmm.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "frame_runs.h"
#include "page_faults.h"

int main(int argc, char **argv)
{
	size_t len = (argc > 1 ? strtoul(argv[1], NULL, 0) : 16) << 20, pages = len / 4096;
	int random = argc > 2 && !strcmp(argv[2], "random");
	volatile unsigned int *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long before, after;

	if (p == MAP_FAILED || (random && madvise((void *)p, len, MADV_RANDOM))) {
		perror("FAIL: mmap/madvise");
		return 1;
	}
	before = page_faults();
	for (size_t i = 0; i < pages; i++)
		p[i * 1024] = (unsigned int)i + 1;
	after = page_faults();
	if (before < 0 || after < 0) {
		perror("FAIL: perf_event_open/read");
		return 1;
	}
	for (size_t i = 0; i < pages; i++)
		if (p[i * 1024] != i + 1 || p[i * 1024 + 1] != 0) {
			printf("FAIL: page %zu holds %u\n", i, p[i * 1024]);
			return 1;
		}
	printf("pages %zu faults %ld runs %ld\n", pages, after - before, frame_runs(p, pages));
	return 0;
}
