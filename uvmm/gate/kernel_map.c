// SPDX-License-Identifier: GPL-2.0
/* Mirroring the guest kernel's vmalloc and module mappings (see kernel_map.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "asm/uvmm_gate.h"

#include "setup/guest_mem.h"
#include "gate/kernel_map.h"

#define PAGE_MASK_4K	4095UL

/* The areas whose pages the guest kernel maps as its page tables say. */
static const struct area {
	uint64_t start, end;
	const char *what;
} areas[] = {
	{ UVMM_VMALLOC_START, UVMM_VMALLOC_END, "vmalloc area" },
	{ UVMM_MODULES_START, UVMM_MODULES_END, "module area" },
};
#define NR_AREAS	(sizeof(areas) / sizeof(areas[0]))

static int reserved, shadow;

int kernel_map_range_ok(uint64_t virt, uint64_t len)
{
	if (!len || ((virt | len) & PAGE_MASK_4K))
		return 0;
	for (size_t i = 0; i < NR_AREAS; i++)
		if (virt >= areas[i].start && virt < areas[i].end &&
		    len <= areas[i].end - virt)
			return 1;
	return 0;
}

int kernel_map_reserve(char *err, size_t errlen)
{
	for (size_t i = 0; i < NR_AREAS; i++) {
		void *want = (void *)areas[i].start;
		void *p = mmap(want, areas[i].end - areas[i].start, PROT_NONE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE,
			       -1, 0);

		if (p != want) {
			snprintf(err, errlen, "cannot reserve the guest's %s at %#lx: %s",
				 areas[i].what, (unsigned long)areas[i].start,
				 p == MAP_FAILED ? strerror(errno) : "address taken");
			if (p != MAP_FAILED)
				munmap(p, areas[i].end - areas[i].start);
			while (i--)
				munmap((void *)areas[i].start, areas[i].end - areas[i].start);
			return -1;
		}
	}
	reserved = 1;
	return 0;
}

int kernel_map_kasan_shadow(char *err, size_t errlen)
{
	void *want = (void *)UVMM_KASAN_SHADOW_OFFSET;
	void *p = mmap(want, UVMM_KASAN_SHADOW_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE,
		       -1, 0);

	if (p != want) {
		snprintf(err, errlen, "cannot map the KASAN kernel's shadow at %#lx: %s",
			 UVMM_KASAN_SHADOW_OFFSET, p == MAP_FAILED ? strerror(errno) : "address taken");
		if (p != MAP_FAILED)
			munmap(p, UVMM_KASAN_SHADOW_SIZE);
		return -1;
	}
	/* A child uvmm forks (a device's helper) has no use for it. */
	madvise(p, UVMM_KASAN_SHADOW_SIZE, MADV_DONTFORK);
	shadow = 1;
	return 0;
}

void kernel_map_release(void)
{
	if (reserved)
		for (size_t i = 0; i < NR_AREAS; i++)
			munmap((void *)areas[i].start, areas[i].end - areas[i].start);
	if (shadow)
		munmap((void *)UVMM_KASAN_SHADOW_OFFSET, UVMM_KASAN_SHADOW_SIZE);
	reserved = shadow = 0;
}

long kernel_map(const struct guest_mem *m, uint64_t virt, uint64_t phys,
		uint64_t len, uint32_t prot)
{
	int host_prot = ((prot & UVMM_PROT_READ) ? PROT_READ : 0) |
			((prot & UVMM_PROT_WRITE) ? PROT_WRITE : 0) |
			((prot & UVMM_PROT_EXEC) ? PROT_EXEC : 0);
	uint64_t off;

	if (!kernel_map_range_ok(virt, len) || (phys & PAGE_MASK_4K) || guest_phys_to_file(m, phys, len, &off))
		return -EINVAL;
	if (mmap((void *)virt, len, host_prot, MAP_SHARED | MAP_FIXED, m->fd, off) == MAP_FAILED)
		return -errno;
	return 0;
}

/* [virt, virt + len) cut to one area and rounded out to pages, made PROT_NONE. */
static long unmap_in(const struct area *a, uint64_t virt, uint64_t len)
{
	uint64_t end = len > a->end || virt >= a->end - len ? a->end : virt + len;

	if (virt < a->start)
		virt = a->start;
	if (!len || virt >= end)
		return 0;
	virt &= ~PAGE_MASK_4K;
	end = (end + PAGE_MASK_4K) & ~PAGE_MASK_4K;
	if (mmap((void *)virt, end - virt, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0) == MAP_FAILED)
		return -errno;
	return 0;
}

/*
 * Never refused for its arguments, so that no stale alias of a freed frame
 * can stay: rounded out to pages and cut to the areas.
 */
long kernel_unmap(uint64_t virt, uint64_t len)
{
	long err = 0;

	for (size_t i = 0; i < NR_AREAS; i++) {
		long e = unmap_in(&areas[i], virt, len);

		if (e && !err)
			err = e;
	}
	return err;
}
