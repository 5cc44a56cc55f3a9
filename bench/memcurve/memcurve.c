// SPDX-License-Identifier: GPL-2.0
/*
 * The working-set curve (issue 17): what a page of memory costs as a
 * process's working set grows from 64 MiB to 4 GiB, on the host and in a
 * guest, where every guest page the host has not mapped yet is a fault
 * into uvmm and every run of frames that are not next to each other is a
 * host mapping (of which a host process may hold vm.max_map_count).
 *
 *   memcurve anon [--fragment MIB] [--random] MIB...
 *	For each size: map that much fresh anonymous memory (huge pages
 *	refused), write a word into every 4 KiB page (first touch, timed),
 *	read every page back and check it (again, timed), unmap. With
 *	--fragment, a child first takes MIB of memory, gives every other
 *	page back and holds the rest until the end, so that the kernel's
 *	free pages are single frames with a neighbour in use. With
 *	--random, the memory is advised MADV_RANDOM: no fault-ahead, each
 *	page faulted alone and given whatever frame comes (after
 *	--fragment, the scattered ones first).
 *   memcurve file DIR MIB
 *	Write a file of MIB in DIR (not timed), map it shared, read one word
 *	of every page (first touch: faults on page-cache pages, timed), read
 *	them again (timed), check them, unlink.
 *
 * One line per size on stdout:
 *	curve <anon[-random][-fragmented]|file> <MIB> <first us/page> <again us/page>
 * A wrong word read back is "error: ..." and exit status 1: the curve is
 * also a test that memory holds what was written (tests/guest/memory-curve.t).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096ul
#define MIB (1ul << 20)

static void die(const char *what)
{
	printf("error: memcurve: %s: %s\n", what, strerror(errno));
	exit(1);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static unsigned long parse_mib(const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v == 0 || v > (1ul << 20)) {
		printf("error: memcurve: bad size '%s' (MiB, 1..1048576)\n", s);
		exit(2);
	}
	return v;
}

/* The word each page holds: its index, mixed with a tag per pass. */
static uint64_t stamp(unsigned long page, uint64_t tag)
{
	return (page * 0x9e3779b97f4a7c15ull) ^ tag;
}

/* Read the first word of every page back; die at the first wrong one. */
static uint64_t check_pages(const volatile uint64_t *p, unsigned long pages,
			    uint64_t tag)
{
	uint64_t t0 = now_ns();

	for (unsigned long i = 0; i < pages; i++) {
		uint64_t want = stamp(i, tag), got = p[i * (PAGE / 8)];

		if (got != want) {
			printf("error: memcurve: page %lu of %lu holds %#llx, not %#llx\n",
			       i, pages, (unsigned long long)got,
			       (unsigned long long)want);
			exit(1);
		}
	}
	return now_ns() - t0;
}

static void report(const char *kind, unsigned long mib, uint64_t first_ns,
		   uint64_t again_ns, unsigned long pages)
{
	printf("curve %s %lu %.3f %.3f\n", kind, mib, first_ns / 1e3 / pages,
	       again_ns / 1e3 / pages);
	fflush(stdout);
}

/*
 * A child that leaves MIB of memory as single free frames: it has all of
 * it allocated, gives back every other page, tells the parent and holds
 * the rest until the parent closes *hold (or dies). Returns its pid.
 */
static pid_t fragment(unsigned long mib, int *hold_fd)
{
	int ready[2], hold[2];
	char c;
	pid_t pid;

	if (pipe(ready) || pipe(hold))
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		size_t len = mib * MIB;
		char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		close(ready[0]);
		close(hold[1]);
		if (p == MAP_FAILED)
			die("mmap (fragment)");
		madvise(p, len, MADV_NOHUGEPAGE);
		/*
		 * Filled by the kernel, not by stores: in a guest, no page of
		 * it is then mapped in the host process, whose mappings every
		 * other page given back would split one by one (and the child
		 * would meet vm.max_map_count itself).
		 */
		if (madvise(p, len, MADV_POPULATE_WRITE))
			for (size_t off = 0; off < len; off += PAGE)
				p[off] = 1;
		for (size_t off = 0; off < len; off += 2 * PAGE)
			if (madvise(p + off, PAGE, MADV_DONTNEED))
				die("madvise (fragment)");
		if (write(ready[1], "r", 1) != 1)
			die("write");
		/* Hold the other half until the parent is done. */
		while (read(hold[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(ready[1]);
	close(hold[0]);
	if (read(ready[0], &c, 1) != 1) {
		printf("error: memcurve: the fragmenting child died\n");
		exit(1);
	}
	close(ready[0]);
	*hold_fd = hold[1];
	return pid;
}

static int curve_anon(int argc, char **argv)
{
	int random = 0, i = 0, hold = -1;
	char kind[40];
	pid_t child = 0;

	if (i + 1 < argc && strcmp(argv[i], "--fragment") == 0) {
		child = fragment(parse_mib(argv[i + 1]), &hold);
		i += 2;
	}
	if (i < argc && strcmp(argv[i], "--random") == 0) {
		random = 1;
		i++;
	}
	snprintf(kind, sizeof(kind), "anon%s%s", random ? "-random" : "",
		 child ? "-fragmented" : "");
	if (i >= argc) {
		printf("error: memcurve: anon: no sizes\n");
		return 2;
	}
	for (; i < argc; i++) {
		unsigned long mib = parse_mib(argv[i]), pages = mib * MIB / PAGE;
		uint64_t tag = now_ns(), t0, first;
		volatile uint64_t *p = mmap(NULL, mib * MIB, PROT_READ | PROT_WRITE,
					    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			die("mmap");
		/* EINVAL: a kernel without THP, nothing to refuse. */
		if (madvise((void *)p, mib * MIB, MADV_NOHUGEPAGE) && errno != EINVAL)
			die("madvise");
		if (random && madvise((void *)p, mib * MIB, MADV_RANDOM))
			die("madvise");
		t0 = now_ns();
		for (unsigned long pg = 0; pg < pages; pg++)
			p[pg * (PAGE / 8)] = stamp(pg, tag);
		first = now_ns() - t0;
		report(kind, mib, first, check_pages(p, pages, tag), pages);
		if (munmap((void *)p, mib * MIB))
			die("munmap");
	}
	if (child) {
		close(hold);
		waitpid(child, NULL, 0);
	}
	return 0;
}

static int curve_file(int argc, char **argv)
{
	static uint64_t chunk[MIB / 8];
	char path[4096];
	unsigned long mib, pages;
	uint64_t tag = now_ns(), t0, first, again;
	volatile uint64_t *p;
	int fd;

	if (argc != 2) {
		printf("error: memcurve: file: want DIR MIB\n");
		return 2;
	}
	mib = parse_mib(argv[1]);
	pages = mib * MIB / PAGE;
	snprintf(path, sizeof(path), "%s/memcurve.%d", argv[0], (int)getpid());
	fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		die(path);
	for (unsigned long m = 0; m < mib; m++) {
		for (unsigned long j = 0; j < MIB / PAGE; j++)
			chunk[j * (PAGE / 8)] = stamp(m * (MIB / PAGE) + j, tag);
		if (write(fd, chunk, sizeof(chunk)) != (ssize_t)sizeof(chunk)) {
			unlink(path);
			die("write");
		}
	}
	p = mmap(NULL, mib * MIB, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		unlink(path);
		die("mmap");
	}
	t0 = now_ns();
	for (unsigned long pg = 0; pg < pages; pg++)
		(void)p[pg * (PAGE / 8)];
	first = now_ns() - t0;
	again = check_pages(p, pages, tag);
	report("file", mib, first, again, pages);
	munmap((void *)p, mib * MIB);
	close(fd);
	unlink(path);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "anon") == 0)
		return curve_anon(argc - 2, argv + 2);
	if (argc >= 2 && strcmp(argv[1], "file") == 0)
		return curve_file(argc - 2, argv + 2);
	printf("usage: memcurve anon [--fragment MIB] [--random] MIB... | memcurve file DIR MIB\n");
	return 2;
}
