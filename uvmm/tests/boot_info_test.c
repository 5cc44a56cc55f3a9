// SPDX-License-Identifier: GPL-2.0
/* initrd_place(), initrd_load() and boot_info_build(). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "setup/boot_info.h"
#include "setup/elf_load.h"
#include "setup/guest_mem.h"
#include "tap.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

/* Layout only: these guest_mems are never dereferenced. */
static struct guest_mem layout_mem(uint64_t size)
{
	struct guest_mem m = { .fd = -1, .size = size, .base = (unsigned char *)UVMM_PAGE_OFFSET };

	m.nr_ranges = guest_ram_layout(size, m.range);
	return m;
}

static void test_place(void)
{
	struct guest_mem m = layout_mem(64 * MiB);
	struct kernel_image k = { .phys_start = 2 * MiB, .phys_end = 10 * MiB + 123 };
	uint64_t phys = 0;
	char err[256];

	ok(initrd_place(&m, &k, 5 * MiB, &phys, err, sizeof(err)) == 0 && phys == 59 * MiB,
	   "5 MiB initrd ends at the top of 64 MiB RAM (0x%llx)", (unsigned long long)phys);
	ok(initrd_place(&m, &k, 5 * MiB + 1, &phys, err, sizeof(err)) == 0 &&
	   phys == 59 * MiB - 4096, "odd size: start page aligned, below the top");
	ok(initrd_place(&m, &k, 1, &phys, err, sizeof(err)) == 0 && phys == 64 * MiB - 4096,
	   "1 byte: last page");
	/* The kernel ends at 10 MiB + 123: the first free page is 10 MiB + 4 KiB. */
	ok(initrd_place(&m, &k, 54 * MiB - 4096, &phys, err, sizeof(err)) == 0 &&
	   phys == 10 * MiB + 4096, "the largest initrd starts right after the kernel");
	ok(initrd_place(&m, &k, 54 * MiB - 4095, &phys, err, sizeof(err)) == -1,
	   "one byte more overlaps the kernel");
	has_str(err, "initrd (54 MiB) does not fit in guest memory (64 MiB)", "message");
	ok(one_line(err), "one line");
	ok(initrd_place(&m, &k, 100 * MiB, &phys, err, sizeof(err)) == -1,
	   "larger than RAM refused");
	has_str(err, "initrd (100 MiB) does not fit in guest memory (64 MiB)", "message");
	ok(initrd_place(&m, &k, UINT64_MAX, &phys, err, sizeof(err)) == -1, "2^64-1 refused");

	/* No kernel bytes yet: the floor is the end of the reserved pages. */
	k.phys_start = k.phys_end = 0;
	ok(initrd_place(&m, &k, 64 * MiB - (UVMM_ACPI_PHYS + UVMM_ACPI_SIZE), &phys,
			err, sizeof(err)) == 0 &&
	   phys == UVMM_ACPI_PHYS + UVMM_ACPI_SIZE, "floor is the page after the ACPI tables");
	ok(initrd_place(&m, &k, 64 * MiB - UVMM_ACPI_PHYS, &phys, err, sizeof(err)) == -1,
	   "never over the ACPI page");
	ok(initrd_place(&m, &k, 64 * MiB - 0x1fff, &phys, err, sizeof(err)) == -1,
	   "never over the boot info page");

	/* More than 3 GiB of RAM: the initrd stays below the hole. */
	m = layout_mem(6 * GiB);
	k.phys_start = 2 * MiB;
	k.phys_end = 20 * MiB;
	ok(initrd_place(&m, &k, 8 * MiB, &phys, err, sizeof(err)) == 0 &&
	   phys == 3 * GiB - 8 * MiB, "with high RAM, the initrd ends at 3 GiB");
	ok(initrd_place(&m, &k, 3 * GiB, &phys, err, sizeof(err)) == -1,
	   "an initrd larger than low RAM is refused even with high RAM");
}

static void test_load(const char *dir)
{
	struct guest_mem m = { .fd = -1, .size = 32 * MiB, .nr_ranges = 1 };
	struct kernel_image k = { .phys_start = 2 * MiB, .phys_end = 3 * MiB };
	char path[256], err[256];
	uint64_t phys = 0, size = 0;
	unsigned char data[10000];
	int fd;

	m.range[0].size = 32 * MiB;
	m.base = calloc(1, 32 * MiB);
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 7);
	snprintf(path, sizeof(path), "%s/initrd", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ok(fd >= 0 && write(fd, data, sizeof(data)) == (ssize_t)sizeof(data), "initrd file written");
	close(fd);
	ok(initrd_load(path, NULL, 0, &m, &k, &phys, &size, err, sizeof(err)) == 0, "initrd loads");
	ok(phys == 32 * MiB - 3 * 4096 && size == sizeof(data), "at the top of RAM, its size");
	ok(memcmp(m.base + phys, data, sizeof(data)) == 0, "contents copied");

	/* An extra archive follows on a 4-byte boundary, zeros between. */
	fd = open(path, O_WRONLY | O_TRUNC);
	ok(fd >= 0 && write(fd, data, 4097) == 4097, "4097-byte initrd written");
	close(fd);
	ok(initrd_load(path, "EXTRA", 5, &m, &k, &phys, &size, err, sizeof(err)) == 0,
	   "initrd with an extra archive loads");
	ok(size == 4100 + 5 && phys == 32 * MiB - 2 * 4096, "size covers both, placed for both");
	ok(memcmp(m.base + phys, data, 4097) == 0 && m.base[phys + 4097] == 0 &&
	   m.base[phys + 4099] == 0 && memcmp(m.base + phys + 4100, "EXTRA", 5) == 0,
	   "file, zero padding, then the extra bytes");

	ok(initrd_load("/nonexistent/initrd", NULL, 0, &m, &k, &phys, &size, err, sizeof(err)) == -1,
	   "missing initrd refused");
	has_str(err, "cannot open initrd /nonexistent/initrd", "message names the file");
	ok(initrd_load(dir, NULL, 0, &m, &k, &phys, &size, err, sizeof(err)) == -1, "directory refused");
	has_str(err, "not a regular file", "message says so");

	fd = open(path, O_WRONLY | O_TRUNC);
	close(fd);
	ok(initrd_load(path, NULL, 0, &m, &k, &phys, &size, err, sizeof(err)) == -1, "empty initrd refused");
	has_str(err, "is empty", "message says so");

	/* A sparse 40 MiB file: refused on its size, before any reading. */
	ok(truncate(path, 40 * MiB) == 0, "40 MiB sparse initrd prepared");
	ok(initrd_load(path, NULL, 0, &m, &k, &phys, &size, err, sizeof(err)) == -1, "too large refused");
	has_str(err, "(40 MiB) does not fit in guest memory (32 MiB)", "message gives both sizes");
	has_str(err, path, "message names the file");
	unlink(path);
	free(m.base);
}

static void test_boot_info(void)
{
	struct uvmm_boot_info *bi = malloc(sizeof(*bi));
	struct guest_mem m = layout_mem(256 * MiB);
	char err[256];
	char *longline;
	int r;

	memset(bi, 0x5a, sizeof(*bi));
	r = boot_info_build(bi, &m, 1, "console=hvc0 quiet", 200 * MiB, 12345, 0, err, sizeof(err));
	ok(r == 0, "boot info for 256 MiB");
	ok(bi->magic == UVMM_BOOT_MAGIC && bi->abi_version == UVMM_GATE_ABI_VERSION,
	   "magic and ABI version");
	ok(bi->nr_vcpus == 1 && bi->ram_size == 256 * MiB, "vCPUs, RAM size");
	ok(bi->initrd_start == 200 * MiB && bi->initrd_size == 12345 && bi->acpi_rsdp == 0,
	   "initrd and RSDP");
	ok(strcmp(bi->cmdline, "console=hvc0 quiet") == 0, "command line");
	ok(bi->nr_mem_regions == 2, "two regions");
	ok(bi->mem[0].start == 0 && bi->mem[0].size == 256 * MiB && bi->mem[0].type == UVMM_MEM_RAM,
	   "RAM [0, 256 MiB)");
	ok(bi->mem[1].start == UVMM_BOOT_INFO_PHYS && bi->mem[1].size == 4096 &&
	   bi->mem[1].type == UVMM_MEM_RESERVED, "boot info page reserved");
	ok(bi->mem[2].start == 0 && bi->mem[2].type == 0 && bi->xstate_size == 0,
	   "unused entries zeroed, xstate size left to the caller");
	{
		/* The TSC flag says what the host's own clocksource is. */
		FILE *f = fopen("/sys/devices/system/clocksource/clocksource0/current_clocksource",
				"r");
		char name[32] = "";

		if (f) {
			if (!fgets(name, sizeof(name), f))
				name[0] = '\0';
			fclose(f);
		}
		name[strcspn(name, "\n")] = '\0';
		ok(!!(bi->flags & UVMM_BOOT_TSC_STABLE) == (strcmp(name, "tsc") == 0) &&
		   !(bi->flags & ~UVMM_BOOT_TSC_STABLE) && bi->reserved == 0,
		   "TSC flag as the host's clocksource (%s), no other flag", name);
	}

	m = layout_mem(6 * GiB);
	r = boot_info_build(bi, &m, 4, NULL, 0, 0, 0xe0000, err, sizeof(err));
	ok(r == 0 && bi->nr_mem_regions == 4, "6 GiB with ACPI: four regions");
	ok(bi->mem[0].start == 0 && bi->mem[0].size == 3 * GiB &&
	   bi->mem[1].type == UVMM_MEM_RESERVED &&
	   bi->mem[2].start == UVMM_ACPI_PHYS && bi->mem[2].size == UVMM_ACPI_SIZE &&
	   bi->mem[2].type == UVMM_MEM_RESERVED &&
	   bi->mem[3].start == 4 * GiB && bi->mem[3].size == 3 * GiB &&
	   bi->mem[3].type == UVMM_MEM_RAM,
	   "sorted: low RAM, boot info page, ACPI page, high RAM");
	ok(bi->ram_size == 6 * GiB, "ram_size is the amount of RAM (6 GiB), not the span");
	ok(bi->cmdline[0] == '\0' && bi->initrd_start == 0 && bi->initrd_size == 0 &&
	   bi->acpi_rsdp == 0xe0000 && bi->nr_vcpus == 4, "no cmdline, no initrd, RSDP, 4 vCPUs");

	longline = malloc(UVMM_CMDLINE_MAX + 1);
	memset(longline, 'x', UVMM_CMDLINE_MAX - 1);
	longline[UVMM_CMDLINE_MAX - 1] = '\0';
	r = boot_info_build(bi, &m, 1, longline, 0, 0, 0, err, sizeof(err));
	ok(r == 0 && strlen(bi->cmdline) == UVMM_CMDLINE_MAX - 1, "2047-byte command line fits");
	longline[UVMM_CMDLINE_MAX - 1] = 'x';
	longline[UVMM_CMDLINE_MAX] = '\0';
	r = boot_info_build(bi, &m, 1, longline, 0, 0, 0, err, sizeof(err));
	ok(r == -1, "2048-byte command line refused");
	has_str(err, "2048 bytes long: at most 2047", "message gives both lengths");
	ok(boot_info_build(bi, &m, 0, "", 0, 0, 0, err, sizeof(err)) == -1 &&
	   boot_info_build(bi, &m, UVMM_MAX_VCPUS + 1, "", 0, 0, 0, err, sizeof(err)) == -1,
	   "0 or too many vCPUs refused");
	free(longline);
	free(bi);
}

int main(void)
{
	const char *dir = tap_tmpdir("uvmm-boot-test");

	test_place();
	test_load(dir);
	test_boot_info();
	ok(rmdir(dir) == 0, "nothing left in the test directory");
	return done_testing();
}
