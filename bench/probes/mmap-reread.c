// SPDX-License-Identifier: GPL-2.0
/*
 * mmap re-read throughput: map a cached 64 MiB file, read every word, unmap,
 * repeat. Each pass maps afresh, so the page-table work of the mapping is part
 * of the figure, as it is for a program that maps a file it reads.
 */
#include "probe.h"
#include "scratch-file.h"

#include <errno.h>
#include <stddef.h>
#include <sys/mman.h>

#define W "mmap-reread"

int main(int argc, char **argv)
{
	struct probe_opts o;
	uint64_t start, elapsed, bytes = 0, sum = 0;
	int fd;

	probe_parse(argc, argv, W, &o);
	fd = scratch_file_open(W, o.dir);
	start = probe_now_ns();
	do {
		const uint64_t *p = mmap(NULL, SCRATCH_FILE_SIZE, PROT_READ,
					 MAP_SHARED, fd, 0);

		if (p == MAP_FAILED)
			probe_die(W, "mmap");
		for (unsigned long i = 0; i < SCRATCH_FILE_SIZE / 8; i++)
			sum += p[i];
		if (munmap((void *)p, SCRATCH_FILE_SIZE))
			probe_die(W, "munmap");
		bytes += SCRATCH_FILE_SIZE;
		elapsed = probe_now_ns() - start;
	} while (elapsed < (uint64_t)(o.min_seconds * 1e9));
	/* Using the sum keeps the compiler from dropping the reads. */
	if (sum == 0) {
		errno = 0;
		probe_die(W, "file read back as zeroes");
	}
	probe_result(W, (double)bytes / (1 << 20) / ((double)elapsed / 1e9),
		     "MiB/s");
	return 0;
}
