// SPDX-License-Identifier: GPL-2.0
/*
 * Page fault on fresh anonymous memory: map 16 MiB, write one byte per 4 KiB
 * page, unmap, repeat. Only the touching is timed. Transparent huge pages are
 * refused for the region so every page is its own fault, as in a guest
 * without THP.
 */
#include "probe.h"

#include <errno.h>
#include <stddef.h>
#include <sys/mman.h>

#define W "page-fault"
#define REGION (16ul << 20)
#define PAGE 4096ul

int main(int argc, char **argv)
{
	struct probe_opts o;
	uint64_t start, touched_ns = 0, pages = 0;
	uint64_t min_ns;

	probe_parse(argc, argv, W, &o);
	min_ns = (uint64_t)(o.min_seconds * 1e9);
	start = probe_now_ns();
	do {
		volatile char *p = mmap(NULL, REGION, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		uint64_t t0;

		if (p == MAP_FAILED)
			probe_die(W, "mmap");
		/* EINVAL: a kernel without THP; nothing to refuse then. */
		if (madvise((void *)p, REGION, MADV_NOHUGEPAGE) && errno != EINVAL)
			probe_die(W, "madvise");
		t0 = probe_now_ns();
		for (unsigned long off = 0; off < REGION; off += PAGE)
			p[off] = 1;
		touched_ns += probe_now_ns() - t0;
		pages += REGION / PAGE;
		if (munmap((void *)p, REGION))
			probe_die(W, "munmap");
	} while (probe_now_ns() - start < min_ns);
	probe_result(W, (double)touched_ns / (double)pages / 1e3, "us");
	return 0;
}
