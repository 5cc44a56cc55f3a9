/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What page-fault and fault-roundtrip share: map a fresh anonymous region,
 * advise it (transparent huge pages always refused, so every page is its
 * own fault, as in a guest without THP), write one byte per 4 KiB page,
 * unmap, repeat for the probe's time. Only the touching is timed; the
 * result is the time per page.
 */
#ifndef FRESH_PAGES_H
#define FRESH_PAGES_H

#include "probe.h"

#include <errno.h>
#include <stddef.h>
#include <sys/mman.h>

#define FRESH_PAGE 4096ul

static inline int touch_fresh_pages(int argc, char **argv, const char *w,
				    size_t region, int advice)
{
	struct probe_opts o;
	uint64_t start, touched_ns = 0, pages = 0;
	uint64_t min_ns;

	probe_parse(argc, argv, w, &o);
	min_ns = (uint64_t)(o.min_seconds * 1e9);
	start = probe_now_ns();
	do {
		volatile char *p = mmap(NULL, region, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		uint64_t t0;

		if (p == MAP_FAILED)
			probe_die(w, "mmap");
		if (advice != MADV_NORMAL && madvise((void *)p, region, advice))
			probe_die(w, "madvise");
		/* EINVAL: a kernel without THP; nothing to refuse then. */
		if (madvise((void *)p, region, MADV_NOHUGEPAGE) && errno != EINVAL)
			probe_die(w, "madvise");
		t0 = probe_now_ns();
		for (unsigned long off = 0; off < region; off += FRESH_PAGE)
			p[off] = 1;
		touched_ns += probe_now_ns() - t0;
		pages += region / FRESH_PAGE;
		if (munmap((void *)p, region))
			probe_die(w, "munmap");
	} while (probe_now_ns() - start < min_ns);
	probe_result(w, (double)touched_ns / (double)pages / 1e3, "us");
	return 0;
}

#endif
