// SPDX-License-Identifier: GPL-2.0
/*
 * vm_setup_probe [uvmm run options]: run vm_setup() as uvmm would, then
 * check what it built against its inputs and print it, one key=value per
 * line, for tests/uvmm/vm-setup.t. Exit 0 if all is consistent, 1 if a check
 * fails, 125 with uvmm's one-line error if vm_setup refuses.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/options.h"
#include "setup/vm_setup.h"

static int bad;

static void check(int cond, const char *what)
{
	if (!cond) {
		printf("FAIL=%s\n", what);
		bad = 1;
	}
}

/* The initrd in guest memory must be the file, byte for byte. */
static int same_as_file(const char *path, const unsigned char *mem, uint64_t size)
{
	unsigned char buf[65536];
	uint64_t off = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	while (off < size) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n <= 0 || memcmp(buf, mem + off, (size_t)n) != 0)
			break;
		off += (uint64_t)n;
	}
	close(fd);
	return off == size;
}

int main(int argc, char **argv)
{
	struct uvmm_options o;
	struct vm_setup s;
	struct uvmm_boot_info *bi;
	char err[512];
	struct stat st;

	argv[0] = "run";
	if (options_parse(argc, argv, &o, err, sizeof(err)) != 0) {
		fprintf(stderr, "uvmm run: %s\n", err);
		return 125;
	}
	if (vm_setup(&o, &s, err, sizeof(err)) < 0) {
		fprintf(stderr, "uvmm: %s\n", err);
		return 125;
	}
	bi = s.boot_info;
	printf("entry=0x%llx\n", (unsigned long long)s.kernel.entry);
	printf("phys=0x%llx-0x%llx\n", (unsigned long long)s.kernel.phys_start,
	       (unsigned long long)s.kernel.phys_end);
	printf("text=0x%llx-0x%llx\n", (unsigned long long)s.kernel.text_start,
	       (unsigned long long)s.kernel.text_end);
	printf("gate_abi=%u\n", s.kernel.gate_abi);
	printf("initrd=0x%llx+%llu\n", (unsigned long long)s.initrd_phys,
	       (unsigned long long)s.initrd_size);
	printf("ram_size=%llu\n", (unsigned long long)bi->ram_size);
	printf("regions=%u\n", bi->nr_mem_regions);
	printf("cmdline=%s\n", bi->cmdline);
	printf("mem_file=%s\n", o.mem_file && stat(o.mem_file, &st) == 0 ? "present" : "none");

	check((unsigned char *)bi == (unsigned char *)UVMM_PAGE_OFFSET + UVMM_BOOT_INFO_PHYS &&
	      s.boot_info_virt == (uint64_t)(uintptr_t)bi, "boot info at UVMM_PAGE_OFFSET + 0x1000");
	check(bi->magic == UVMM_BOOT_MAGIC && bi->abi_version == UVMM_GATE_ABI_VERSION,
	      "boot info magic and ABI version");
	check(bi->initrd_start == s.initrd_phys && bi->initrd_size == s.initrd_size,
	      "boot info initrd matches");
	check(strcmp(bi->cmdline, o.cmdline) == 0, "boot info command line");
	check(s.kernel.entry >= s.kernel.text_start && s.kernel.entry < s.kernel.text_end,
	      "entry inside text");
	if (o.initrd) {
		check(s.initrd_phys >= s.kernel.phys_end &&
		      s.initrd_phys + s.initrd_size <= s.mem.range[0].size &&
		      s.initrd_phys % 4096 == 0, "initrd above the kernel, inside low RAM, aligned");
		check(same_as_file(o.initrd, guest_phys_ptr(&s.mem, s.initrd_phys, s.initrd_size),
				   s.initrd_size), "initrd contents in guest memory");
	}
	vm_teardown(&s);
	vm_teardown(&s);	/* twice is harmless */
	return bad;
}
