// SPDX-License-Identifier: GPL-2.0
/*
 * The mirror of the guest kernel's vmalloc mappings (gate/kernel_map.c):
 * maps checked, and unmaps that are never refused, rounded out to whole
 * pages and cut to the area, so that no stale alias of a freed guest frame
 * can stay behind.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "gate/kernel_map.h"
#include "setup/guest_mem.h"
#include "tap.h"

#define PAGE	4096UL
#define MiB	(1UL << 20)

/* The permissions /proc/self/maps shows for the page at addr ("rw-s"). */
static const char *perms_at(uint64_t addr)
{
	static char perms[8];
	char line[512];
	unsigned long start, end;
	FILE *f = fopen("/proc/self/maps", "r");

	strcpy(perms, "none");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx %7s", &start, &end, perms) == 3 &&
		    addr >= start && addr < end)
			break;
		else
			strcpy(perms, "none");
	if (f)
		fclose(f);
	return perms;
}

int main(void)
{
	const uint64_t v = UVMM_VMALLOC_START + 16 * PAGE;
	struct guest_mem m;
	char err[256];

	if (guest_mem_create(&m, 32 * MiB, NULL, err, sizeof(err)) < 0)
		bail_out("%s", err);
	if (kernel_map_reserve(err, sizeof(err)) < 0)
		bail_out("%s", err);

	is(kernel_map(&m, v, 8 * MiB, 2 * PAGE, UVMM_PROT_READ | UVMM_PROT_WRITE), 0,
	   "two pages mapped");
	has_str(perms_at(v + PAGE), "rw-s", "the second is the memory file, read-write");
	is(kernel_map(&m, v + 1, 8 * MiB, PAGE, UVMM_PROT_READ), (uint64_t)-EINVAL,
	   "an unaligned map is refused");
	is(kernel_map(&m, UVMM_VMALLOC_START - PAGE, 0, PAGE, UVMM_PROT_READ), (uint64_t)-EINVAL,
	   "a map outside the area is refused");

	is(kernel_unmap(v + 100, 10), 0, "unmap 10 bytes inside the first page");
	has_str(perms_at(v), "---p", "the whole first page is dropped");
	has_str(perms_at(v + PAGE), "rw-s", "the second stays");
	is(kernel_unmap(v + 2 * PAGE - 1, 1), 0, "unmap the second's last byte");
	has_str(perms_at(v + PAGE), "---p", "the second is dropped");

	is(kernel_unmap(UVMM_VMALLOC_START - PAGE, 2 * PAGE), 0,
	   "an unmap from below the area is cut to it");
	has_str(perms_at(UVMM_VMALLOC_START - PAGE), "none", "nothing below the area was touched");
	is(kernel_unmap(UVMM_VMALLOC_END - PAGE, ~0UL), 0, "a wrapping length is cut at the end");
	is(kernel_unmap(UVMM_VMALLOC_END, PAGE), 0, "past the area: nothing to do");
	has_str(perms_at(UVMM_VMALLOC_END), "none", "nothing above the area was touched");
	is(kernel_unmap(v, 0), 0, "zero length: nothing to do");

	/* The module area: low, executable, and nothing around it touched. */
	is(kernel_map(&m, UVMM_MODULES_START, 8 * MiB, PAGE,
		      UVMM_PROT_READ | UVMM_PROT_WRITE | UVMM_PROT_EXEC), 0,
	   "a module page mapped");
	has_str(perms_at(UVMM_MODULES_START), "rwxs", "executable, from the memory file");
	is(kernel_map(&m, UVMM_MODULES_END - PAGE, 8 * MiB, 2 * PAGE, UVMM_PROT_READ),
	   (uint64_t)-EINVAL, "a map running past the module area is refused");
	is(kernel_map(&m, UVMM_MODULES_END - PAGE, 8 * MiB, PAGE, UVMM_PROT_READ), 0,
	   "its last page is the area's");
	is(kernel_unmap(0, UVMM_VMALLOC_END), 0, "an unmap of everything is cut to the areas");
	has_str(perms_at(UVMM_MODULES_START), "---p", "the module page is dropped");
	has_str(perms_at(UVMM_MODULES_END - PAGE), "---p", "and the last one");
	has_str(perms_at(UVMM_MODULES_START - PAGE), "none", "nothing below the module area was touched");
	has_str(perms_at(UVMM_MODULES_END), "none", "nothing above it (the gate table) was touched");
	has_str(perms_at(UVMM_VMALLOC_START - PAGE), "none", "nor between the areas");

	kernel_map_release();
	guest_mem_destroy(&m);
	return done_testing();
}
