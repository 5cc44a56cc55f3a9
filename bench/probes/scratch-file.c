// SPDX-License-Identifier: GPL-2.0
/* A cached, already unlinked 64 MiB scratch file for the re-read probes. */
#include "scratch-file.h"
#include "probe.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK (1ul << 20)

int scratch_file_open(const char *workload, const char *dir)
{
	char path[PATH_MAX];
	char *buf;
	int fd;

	snprintf(path, sizeof(path), "%s/bench-%s.XXXXXX", dir, workload);
	fd = mkstemp(path);
	if (fd < 0)
		probe_die(workload, "create scratch file (see -d)");
	unlink(path);
	buf = malloc(CHUNK);
	if (!buf)
		probe_die(workload, "malloc");
	for (unsigned long off = 0; off < SCRATCH_FILE_SIZE; off += CHUNK) {
		/* Not all zeroes, so no layer can treat the file as sparse. */
		memset(buf, (int)(off / CHUNK) | 1, CHUNK);
		if (pwrite(fd, buf, CHUNK, (off_t)off) != (ssize_t)CHUNK)
			probe_die(workload, "write scratch file");
	}
	for (unsigned long off = 0; off < SCRATCH_FILE_SIZE; off += CHUNK)
		if (pread(fd, buf, CHUNK, (off_t)off) != (ssize_t)CHUNK)
			probe_die(workload, "read scratch file");
	free(buf);
	return fd;
}
