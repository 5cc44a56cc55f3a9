// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the kernel ELF loader on any file. The image goes
 * through a memfd, as a file would, and is loaded into fake guest RAM on
 * the heap, so that AddressSanitizer sees every byte the loader touches.
 * Whatever the input: no crash, no write outside RAM, one line of error.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "setup/elf_load.h"
#include "setup/guest_mem.h"

#define RAM_SIZE	(32ULL << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct guest_mem mem;
	static char path[64];
	static int fd = -1;
	struct kernel_image k;
	char err[512];

	if (fd < 0) {
		fd = memfd_create("fuzz-vmlinux", MFD_CLOEXEC);
		mem.base = malloc(RAM_SIZE);
		if (fd < 0 || !mem.base)
			abort();
		mem.fd = -1;
		mem.size = RAM_SIZE;
		mem.nr_ranges = 1;
		mem.range[0].size = RAM_SIZE;
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) < 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	err[0] = '\0';
	if (elf_load_kernel(path, &mem, &k, err, sizeof(err)) < 0 &&
	    (!err[0] || strchr(err, '\n')))
		abort();	/* every refusal is one line */
	return 0;
}
