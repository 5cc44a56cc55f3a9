// SPDX-License-Identifier: GPL-2.0
/* Memory: demand paging, munmap, mprotect, shared mappings between processes, mremap, stack growth. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include "tap.h"	/* tests/lib/tap.h: flushes each line, so fork() repeats nothing */

static sigjmp_buf back;
static void segv(int sig) { (void)sig; siglongjmp(back, 1); }

static int faults(volatile char *p, int write)
{
	if (sigsetjmp(back, 1))
		return 1;
	if (write)
		*p = 1;
	else
		(void)*p;
	return 0;
}

static int depth(int n)
{
	volatile char pad[1024];

	pad[0] = (char)n;
	return n ? depth(n - 1) + pad[0] - (char)n + 1 : 0;
}

int main(void)
{
	size_t len = 64 << 20;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int good = 1, status, fd;
	char *q, *s;

	signal(SIGSEGV, segv);
	ok(p != MAP_FAILED, "64 MiB anonymous mapping");
	for (size_t i = 0; i < len; i += 4096)
		p[i] = (char)(i >> 12);
	for (size_t i = 0; i < len; i += 4096)
		good &= p[i] == (char)(i >> 12);
	ok(good, "every page of it written and read back (demand paging)");

	ok(mprotect(p, 4096, PROT_READ) == 0 && faults(p, 1) && !faults(p, 0) && p[0] == 0,
	   "mprotect read-only: reads work, writes fault");
	ok(mprotect(p, 4096, PROT_NONE) == 0 && faults(p, 0), "PROT_NONE: reads fault");
	ok(munmap(p, len) == 0 && faults(p + 8192, 0), "after munmap the range faults");

	/* MAP_SHARED anonymous memory between parent and child */
	s = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	s[0] = 'a';
	if (fork() == 0) {
		s[0] = 'b';
		_exit(0);
	}
	wait(&status);
	ok(s[0] == 'b', "MAP_SHARED: the child's store is seen by the parent");

	/* A shared file mapping and write(): the same page cache */
	fd = open("/tmp/abi-map", O_RDWR | O_CREAT | O_TRUNC, 0600);
	ok(fd >= 0 && ftruncate(fd, 8192) == 0, "a tmpfs file of 8 KiB");
	q = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ok(q != MAP_FAILED && pwrite(fd, "hello", 5, 4096) == 5 && memcmp(q + 4096, "hello", 5) == 0,
	   "file MAP_SHARED sees write()");
	memcpy(q, "world", 5);
	{
		char buf[5];

		ok(pread(fd, buf, 5, 0) == 5 && memcmp(buf, "world", 5) == 0,
		   "read() sees stores to the MAP_SHARED file mapping");
	}
	q = mremap(q, 8192, 3 * 4096, MREMAP_MAYMOVE);
	ok(q != MAP_FAILED && memcmp(q + 4096, "hello", 5) == 0, "mremap keeps the contents");

	/* A MAP_PRIVATE file mapping: copy-on-write, the file unchanged */
	p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	memcpy(p, "XXXXX", 5);
	ok(memcmp(q, "world", 5) == 0 && memcmp(p, "XXXXX", 5) == 0,
	   "MAP_PRIVATE file mapping: stores stay private");

	ok(depth(4000) == 4000, "the stack grows to 4 MiB of recursion");
	return done_testing();
}
