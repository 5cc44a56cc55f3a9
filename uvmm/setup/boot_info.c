// SPDX-License-Identifier: GPL-2.0
/* The boot info page: what a firmware would tell the kernel, in one struct. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "setup/boot_info.h"
#include "setup/guest_mem.h"

/* The struct must fit the page uvmm reserves for it. */
_Static_assert(sizeof(struct uvmm_boot_info) <= GUEST_PAGE_SIZE,
	       "struct uvmm_boot_info outgrew its page");

static void add_region(struct uvmm_boot_info *bi, uint64_t start, uint64_t size,
		       uint32_t type)
{
	unsigned int i = bi->nr_mem_regions;

	/* Keep the map sorted by start address: insertion, a few entries. */
	while (i > 0 && bi->mem[i - 1].start > start) {
		bi->mem[i] = bi->mem[i - 1];
		i--;
	}
	bi->mem[i] = (struct uvmm_mem_region){ .start = start, .size = size, .type = type };
	bi->nr_mem_regions++;
}

/*
 * Whether the host keeps its time by the TSC: then the TSC runs at one
 * rate and in step on every CPU (the host kernel checked it), and the
 * guest may keep its time by it too (UVMM_BOOT_TSC_STABLE).
 */
static bool host_tsc_stable(void)
{
	char name[32] = "";
	FILE *f = fopen("/sys/devices/system/clocksource/clocksource0/current_clocksource",
			"re");

	if (!f)
		return false;
	if (!fgets(name, sizeof(name), f))
		name[0] = '\0';
	fclose(f);
	return strcmp(name, "tsc\n") == 0;
}

int boot_info_build(struct uvmm_boot_info *bi, const struct guest_mem *m,
		    uint32_t nr_vcpus, const char *cmdline,
		    uint64_t initrd_phys, uint64_t initrd_size, uint64_t rsdp,
		    char *err, size_t errlen)
{
	size_t len = cmdline ? strlen(cmdline) : 0;
	struct timespec rt, mono;

	if (len >= UVMM_CMDLINE_MAX) {
		snprintf(err, errlen, "kernel command line is %zu bytes long: at most %d",
			 len, UVMM_CMDLINE_MAX - 1);
		return -1;
	}
	if (nr_vcpus == 0 || nr_vcpus > UVMM_MAX_VCPUS) {
		snprintf(err, errlen, "%u vCPUs: between 1 and %d", nr_vcpus, UVMM_MAX_VCPUS);
		return -1;
	}
	/* Room for every RAM range plus the reserved pages. */
	if (m->nr_ranges < 1 || m->nr_ranges + 2 > UVMM_MAX_MEM_REGIONS) {
		snprintf(err, errlen, "guest memory has %d RAM ranges", m->nr_ranges);
		return -1;
	}

	memset(bi, 0, sizeof(*bi));
	bi->magic = UVMM_BOOT_MAGIC;
	bi->abi_version = UVMM_GATE_ABI_VERSION;
	bi->nr_vcpus = nr_vcpus;
	for (int i = 0; i < m->nr_ranges; i++) {
		const struct guest_ram_range *r = &m->range[i];

		add_region(bi, r->phys, r->size, UVMM_MEM_RAM);
		bi->ram_size += r->size;
	}
	add_region(bi, UVMM_BOOT_INFO_PHYS, GUEST_PAGE_SIZE, UVMM_MEM_RESERVED);
	if (initrd_size) {
		bi->initrd_start = initrd_phys;
		bi->initrd_size = initrd_size;
	}
	if (rsdp)
		add_region(bi, UVMM_ACPI_PHYS, UVMM_ACPI_SIZE, UVMM_MEM_RESERVED);
	bi->acpi_rsdp = rsdp;
	if (len)
		memcpy(bi->cmdline, cmdline, len);
	bi->cmdline[len] = '\0';
	/* The guest's wall clock starts from the host's (gate clock_ns is
	 * CLOCK_MONOTONIC): read both, back to back. */
	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_MONOTONIC, &mono);
	bi->realtime_ns = (uint64_t)rt.tv_sec * 1000000000ULL + rt.tv_nsec;
	bi->realtime_at = (uint64_t)mono.tv_sec * 1000000000ULL + mono.tv_nsec;
	if (host_tsc_stable())
		bi->flags |= UVMM_BOOT_TSC_STABLE;
	return 0;
}
