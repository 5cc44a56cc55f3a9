// SPDX-License-Identifier: GPL-2.0
/*
 * kcov_read: collects the guest kernel's coverage of one read() of
 * /proc/version with KCOV, as a syzkaller-style fuzzer does
 * (Documentation/dev-tools/kcov.rst), and of getppid() on the same fd to
 * compare. Prints "kcov read N getppid M", N and M the PCs each collected,
 * then every distinct PC of the read, one per line in hex (the test looks
 * them up in /proc/kallsyms). Exits 1 with a line if KCOV is missing.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define KCOV_INIT_TRACE	_IOR('c', 1, unsigned long)
#define KCOV_ENABLE	_IO('c', 100)
#define KCOV_DISABLE	_IO('c', 101)
#define KCOV_TRACE_PC	0
#define COVER_SIZE	(64 << 10)

static unsigned long *cover;

/* Coverage of fn(): the number of PCs, which stay in cover[1..]. */
static unsigned long collect(void (*fn)(void))
{
	__atomic_store_n(&cover[0], 0, __ATOMIC_RELAXED);
	fn();
	return __atomic_load_n(&cover[0], __ATOMIC_RELAXED);
}

static void do_read(void)
{
	char buf[256];
	int fd = open("/proc/version", O_RDONLY);

	if (fd < 0 || read(fd, buf, sizeof(buf)) <= 0)
		exit(2);
	close(fd);
}

static void do_getppid(void)
{
	getppid();
}

static int cmp(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

int main(void)
{
	unsigned long n, m, i;
	int kcov = open("/sys/kernel/debug/kcov", O_RDWR);

	if (kcov < 0) {
		perror("kcov_read: /sys/kernel/debug/kcov");
		return 1;
	}
	if (ioctl(kcov, KCOV_INIT_TRACE, COVER_SIZE))
		return perror("KCOV_INIT_TRACE"), 1;
	cover = mmap(NULL, COVER_SIZE * sizeof(unsigned long), PROT_READ | PROT_WRITE,
		     MAP_SHARED, kcov, 0);
	if (cover == MAP_FAILED)
		return perror("mmap kcov"), 1;
	if (ioctl(kcov, KCOV_ENABLE, KCOV_TRACE_PC))
		return perror("KCOV_ENABLE"), 1;
	m = collect(do_getppid);
	n = collect(do_read);
	if (ioctl(kcov, KCOV_DISABLE, 0))
		return perror("KCOV_DISABLE"), 1;
	if (n >= COVER_SIZE)
		n = COVER_SIZE - 1;
	printf("kcov read %lu getppid %lu\n", n, m);
	qsort(cover + 1, n, sizeof(*cover), cmp);
	for (i = 1; i <= n; i++)
		if (i == 1 || cover[i] != cover[i - 1])
			printf("%016lx\n", cover[i]);
	return 0;
}
