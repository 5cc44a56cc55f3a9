// SPDX-License-Identifier: GPL-2.0
/*
 * vmalloc_big MIB [SECONDS]: makes the guest kernel vmalloc MIB MiB (a BPF
 * array map of page-sized values, allocated page by page), each run of
 * which uvmm must mirror with a host mapping of its own; touches every
 * value, says "allocated N MiB" and keeps it SECONDS (0).
 *
 * First it scatters the kernel's free pages: vmalloc takes unmovable
 * pages, and a fresh guest has them in large blocks, so the map would be
 * a few runs. Pipe buffers are unmovable pages too: written round-robin
 * to 1000 pipes, every other page belongs to every other pipe, and
 * closing those leaves single free pages between used ones.
 */
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NR_PIPES	1000
#define PAGES_PER_PIPE	16	/* a pipe's default capacity */

int main(int argc, char **argv)
{
	unsigned int mib = argc > 1 ? (unsigned int)strtoul(argv[1], NULL, 0) : 64;
	union bpf_attr a;
	char value[4096] = { 1 };
	struct rlimit nofile = { 4096, 4096 };
	static int pipes[NR_PIPES][2];
	int fd, i, round;

	if (setrlimit(RLIMIT_NOFILE, &nofile) < 0) {
		perror("FAIL: RLIMIT_NOFILE");
		return 1;
	}
	for (i = 0; i < NR_PIPES; i++)
		if (pipe(pipes[i]) < 0) {
			perror("FAIL: pipe");
			return 1;
		}
	for (round = 0; round < PAGES_PER_PIPE; round++)
		for (i = 0; i < NR_PIPES; i++)
			if (write(pipes[i][1], value, sizeof(value)) != sizeof(value)) {
				perror("FAIL: write");
				return 1;
			}
	for (i = 1; i < NR_PIPES; i += 2) {
		close(pipes[i][0]);
		close(pipes[i][1]);
	}
	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_ARRAY;
	a.key_size = 4;
	a.value_size = sizeof(value);
	a.max_entries = mib * 256;
	fd = syscall(SYS_bpf, BPF_MAP_CREATE, &a, sizeof(a));
	if (fd < 0) {
		perror("FAIL: BPF_MAP_CREATE");
		return 1;
	}
	for (unsigned int key = 0; key < a.max_entries; key++) {
		union bpf_attr u;

		memset(&u, 0, sizeof(u));
		u.map_fd = fd;
		u.key = (unsigned long)&key;
		u.value = (unsigned long)value;
		if (syscall(SYS_bpf, BPF_MAP_UPDATE_ELEM, &u, sizeof(u)) < 0) {
			perror("FAIL: BPF_MAP_UPDATE_ELEM");
			return 1;
		}
	}
	printf("allocated %u MiB\n", mib);
	fflush(stdout);
	sleep(argc > 2 ? (unsigned int)strtoul(argv[2], NULL, 0) : 0);
	return 0;
}
