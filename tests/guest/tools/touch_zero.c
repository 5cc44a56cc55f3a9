// SPDX-License-Identifier: GPL-2.0
/*
 * touch_zero MIB: read-faults every page of two fresh read-only anonymous
 * mappings of MIB MiB each (the guest maps its zero page at every address)
 * and checks that each reads as zero; then makes the second writable and
 * writes its first 64 pages (copy on write from the zero page), and checks
 * all of it again. Prints "touched N zero pages" and waits to be killed,
 * so that tests/uvmm/host-resources.t can count its host process's
 * mappings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define WRITTEN (64 * 4096)

/* Every page of p reads 0, but those below written, which read 7. */
static int check(const volatile char *p, size_t len, size_t written)
{
	for (size_t off = 0; off < len; off += 4096) {
		char want = off < written ? 7 : 0;

		if (p[off] != want) {
			printf("FAIL: byte at +%zu is %d, not %d\n", off, p[off], want);
			return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	size_t len = (argc > 1 ? strtoul(argv[1], NULL, 0) : 64) << 20;
	char *ro = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *rw = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (ro == MAP_FAILED || rw == MAP_FAILED || len < WRITTEN) {
		perror("FAIL: mmap");
		return 1;
	}
	if (check(ro, len, 0) || check(rw, len, 0))
		return 1;
	if (mprotect(rw, len, PROT_READ | PROT_WRITE)) {
		perror("FAIL: mprotect");
		return 1;
	}
	for (size_t off = 0; off < WRITTEN; off += 4096)
		rw[off] = 7;
	if (check(rw, len, WRITTEN) || check(ro, len, 0))
		return 1;
	printf("touched %zu zero pages\n", 2 * len / 4096);
	fflush(stdout);
	pause();
	return 0;
}
