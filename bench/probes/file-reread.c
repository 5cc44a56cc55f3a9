// SPDX-License-Identifier: GPL-2.0
/* read() throughput of a 64 MiB file that is already in the page cache. */
#include "probe.h"
#include "scratch-file.h"

#include <stdlib.h>
#include <unistd.h>

#define W "file-reread"
#define CHUNK (1ul << 20)

int main(int argc, char **argv)
{
	struct probe_opts o;
	uint64_t start, elapsed, bytes = 0;
	char *buf;
	int fd;

	probe_parse(argc, argv, W, &o);
	fd = scratch_file_open(W, o.dir);
	buf = malloc(CHUNK);
	if (!buf)
		probe_die(W, "malloc");
	start = probe_now_ns();
	do {
		for (unsigned long off = 0; off < SCRATCH_FILE_SIZE; off += CHUNK)
			if (pread(fd, buf, CHUNK, (off_t)off) != (ssize_t)CHUNK)
				probe_die(W, "pread");
		bytes += SCRATCH_FILE_SIZE;
		elapsed = probe_now_ns() - start;
	} while (elapsed < (uint64_t)(o.min_seconds * 1e9));
	probe_result(W, (double)bytes / (1 << 20) / ((double)elapsed / 1e9),
		     "MiB/s");
	free(buf);
	return 0;
}
