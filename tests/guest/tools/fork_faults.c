// SPDX-License-Identifier: GPL-2.0
/*
 * fork_faults: the page faults a fork costs its parent and its child in
 * memory they shared before it: a small private mapping (16 pages, alone
 * in its 64 KiB) and a larger one (64 pages), both written before the fork.
 * Prints "parent-read faults N" (the parent reads both), "parent-write
 * faults N" (it writes the small one), "child-write faults N" (then the
 * child writes the small one; each writes its pages in no order), and
 * "child-after-kernel-write faults N" (the child reads a page of the larger
 * one that read() just wrote into, copying it on write: the kernel's own
 * access), and FAIL if either saw the other's writes or lost its own. tests/guest/fault-ahead.t expects none for the
 * reads (what fork write-protected is mirrored again, read-only) and one
 * for each small mapping written (written as a whole, copied on write),
 * and none for the page read() wrote (mirrored again at once).
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "page_faults.h"

#define PAGE	4096UL
#define WINDOW	(16 * PAGE)
#define LARGE	(64 * PAGE)

/* 16 pages alone in their 64 KiB: no neighbour to merge with. */
static unsigned char *small_mapping(void)
{
	unsigned char *p = mmap(NULL, 4 * WINDOW, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char *s;

	if (p == MAP_FAILED)
		return NULL;
	s = (unsigned char *)(((unsigned long)p + 2 * WINDOW - 1) & ~(WINDOW - 1));
	if (mprotect(p, s - p, PROT_NONE) ||
	    mprotect(s + WINDOW, p + 4 * WINDOW - (s + WINDOW), PROT_NONE))
		return NULL;
	return s;
}

static int all(const unsigned char *p, unsigned long len, unsigned char c)
{
	for (unsigned long i = 0; i < len; i += PAGE / 4)
		if (p[i] != c)
			return 0;
	return 1;
}

int main(void)
{
	unsigned char *small = small_mapping(), *large;
	volatile unsigned long sum = 0;
	int go[2], data[2], status, fail = 0;
	long before;
	pid_t pid;
	char c;

	large = mmap(NULL, LARGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!small || large == MAP_FAILED || pipe(go) || pipe(data) ||
	    write(data[1], "12345678", 8) != 8) {
		perror("FAIL: setup");
		return 1;
	}
	memset(small, 'P', WINDOW);
	memset(large, 'L', LARGE);
	page_faults();	/* the parent's counter, open before the fork */
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct perf_event_attr a = {
			.type = PERF_TYPE_SOFTWARE, .size = sizeof(a),
			.config = PERF_COUNT_SW_PAGE_FAULTS,
		};
		/* Its own counter (the fd it inherited counts the parent). */
		int fd = syscall(SYS_perf_event_open, &a, 0, -1, -1, 0);
		long long n0 = -1, n1 = -1;

		close(go[1]);
		if (fd < 0 || read(go[0], &c, 1) != 0)
			_exit(126);
		if (read(fd, &n0, sizeof(n0)) != sizeof(n0))
			_exit(125);
		for (unsigned long i = 0; i < 16; i++)
			small[((i * 7) % 16) * PAGE + 64] = 'C';
		if (read(fd, &n1, sizeof(n1)) != sizeof(n1))
			_exit(125);
		printf("child-write faults %lld\n", n1 - n0);
		/* The kernel writes a page shared copy-on-write, then the child reads it. */
		if (read(data[0], large + 3 * PAGE + 8, 8) != 8 || read(fd, &n0, sizeof(n0)) != sizeof(n0))
			_exit(125);
		sum += large[3 * PAGE + 8] + large[3 * PAGE];
		if (read(fd, &n1, sizeof(n1)) != sizeof(n1))
			_exit(125);
		printf("child-after-kernel-write faults %lld\n", n1 - n0);
		if (memcmp(large + 3 * PAGE + 8, "12345678", 8) || large[3 * PAGE] != 'L')
			printf("FAIL: the child's page written by read() holds %.8s\n",
			       (char *)large + 3 * PAGE + 8);
		/* The parent has written 'Q' over its copy by now. */
		if (!all(large, LARGE, 'L'))
			printf("FAIL: the child's larger mapping changed\n");
		for (unsigned long i = 0; i < 16; i++)
			if (small[i * PAGE + 64] != 'C' || small[i * PAGE] != 'P')
				printf("FAIL: the child's page %lu holds %c%c\n", i,
				       small[i * PAGE], small[i * PAGE + 64]);
		fflush(stdout);
		_exit(0);
	}
	close(go[0]);
	before = page_faults();
	for (unsigned long i = 0; i < WINDOW; i += PAGE / 4)
		sum += small[i];
	for (unsigned long i = 0; i < LARGE; i += PAGE / 4)
		sum += large[i];
	printf("parent-read faults %ld\n", page_faults() - before);
	before = page_faults();
	for (unsigned long i = 0; i < 16; i++)
		small[((i * 5) % 16) * PAGE] = 'Q';
	printf("parent-write faults %ld\n", page_faults() - before);
	fflush(stdout);
	close(go[1]);	/* the child goes on */
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		fail = printf("FAIL: child status %#x\n", status);
	for (unsigned long i = 0; i < 16; i++)
		if (small[i * PAGE] != 'Q' || small[i * PAGE + 64] != 'P')
			fail = printf("FAIL: the parent's page %lu holds %c%c\n", i,
				      small[i * PAGE], small[i * PAGE + 64]);
	if (!all(large, LARGE, 'L'))
		fail = printf("FAIL: the parent's larger mapping changed\n");
	return fail ? 1 : 0;
}
