// SPDX-License-Identifier: GPL-2.0
/* Null syscall: getppid(), the cheapest real round trip into the kernel. */
#include "probe.h"

#include <errno.h>
#include <unistd.h>

#define W "null-syscall"
#define BATCH 1024

int main(int argc, char **argv)
{
	struct probe_opts o;
	uint64_t start, elapsed, calls = 0;
	long sink = 0;

	probe_parse(argc, argv, W, &o);
	start = probe_now_ns();
	do {
		/* glibc's own wrapper (`mov $110, %eax; syscall`), as programs
		 * make the call: it caches nothing (syscall(SYS_getppid) would
		 * pass the number in a register, a site uvmm cannot rewrite). */
		for (int i = 0; i < BATCH; i++)
			sink += getppid();
		calls += BATCH;
		elapsed = probe_now_ns() - start;
	} while (elapsed < (uint64_t)(o.min_seconds * 1e9));
	if (sink <= 0) {
		errno = 0;
		probe_die(W, "getppid returned nonsense");
	}
	probe_result(W, (double)elapsed / (double)calls / 1e3, "us");
	return 0;
}
