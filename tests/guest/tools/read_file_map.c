// SPDX-License-Identifier: GPL-2.0
/*
 * read_file_map MIB [random]: writes a file of MIB MiB (each page numbered),
 * maps it read-only (after MADV_RANDOM with "random") and reads every page
 * in order, checking each, and prints "pages N faults F": F is how many
 * page faults the process took while reading (perf's software event
 * PAGE_FAULTS, counted where the fault trap comes in), which
 * tests/guest/fault-ahead.t compares with N, and "runs R": how many runs
 * of frames that follow each other the file's pages are in.
 */
#include <fcntl.h>
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
	static unsigned int buf[1024];
	const volatile unsigned int *p;
	long before, after;
	int fd = open("/tmp/read_file_map", O_RDWR | O_CREAT | O_TRUNC, 0600);

	if (fd < 0) {
		perror("FAIL: open");
		return 1;
	}
	unlink("/tmp/read_file_map");
	for (size_t i = 0; i < pages; i++) {
		buf[0] = (unsigned int)i + 1;
		if (write(fd, buf, sizeof(buf)) != sizeof(buf)) {
			perror("FAIL: write");
			return 1;
		}
	}
	p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED || (random && madvise((void *)p, len, MADV_RANDOM))) {
		perror("FAIL: mmap/madvise");
		return 1;
	}
	before = page_faults();
	for (size_t i = 0; i < pages; i++)
		if (p[i * 1024] != i + 1 || p[i * 1024 + 1] != 0) {
			printf("FAIL: page %zu holds %u\n", i, p[i * 1024]);
			return 1;
		}
	after = page_faults();
	if (before < 0 || after < 0) {
		perror("FAIL: perf_event_open/read");
		return 1;
	}
	printf("pages %zu faults %ld runs %ld\n", pages, after - before, frame_runs(p, pages));
	return 0;
}
