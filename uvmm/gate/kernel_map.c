// SPDX-License-Identifier: GPL-2.0
/* Mirroring the guest kernel's vmalloc mappings (see kernel_map.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "asm/uvmm_gate.h"

#include "setup/guest_mem.h"
#include "gate/kernel_map.h"

#define AREA_SIZE	(UVMM_VMALLOC_END - UVMM_VMALLOC_START)
#define PAGE_MASK_4K	4095UL

static int reserved;

int kernel_map_range_ok(uint64_t virt, uint64_t len)
{
	return len && !((virt | len) & PAGE_MASK_4K) && virt >= UVMM_VMALLOC_START &&
	       virt < UVMM_VMALLOC_END && len <= UVMM_VMALLOC_END - virt;
}

int kernel_map_reserve(char *err, size_t errlen)
{
	void *p = mmap((void *)UVMM_VMALLOC_START, AREA_SIZE, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE,
		       -1, 0);

	if (p != (void *)UVMM_VMALLOC_START) {
		snprintf(err, errlen, "cannot reserve the guest's vmalloc area at %#lx: %s",
			 UVMM_VMALLOC_START, strerror(errno));
		return -1;
	}
	reserved = 1;
	return 0;
}

void kernel_map_release(void)
{
	if (reserved)
		munmap((void *)UVMM_VMALLOC_START, AREA_SIZE);
	reserved = 0;
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

/*
 * Never refused for its arguments, so that no stale alias of a freed frame
 * can stay: rounded out to pages and cut to the vmalloc area.
 */
long kernel_unmap(uint64_t virt, uint64_t len)
{
	uint64_t end = len > UVMM_VMALLOC_END || virt >= UVMM_VMALLOC_END - len ?
		       UVMM_VMALLOC_END : virt + len;

	if (virt < UVMM_VMALLOC_START)
		virt = UVMM_VMALLOC_START;
	if (!len || virt >= end)
		return 0;
	virt &= ~PAGE_MASK_4K;
	end = (end + PAGE_MASK_4K) & ~PAGE_MASK_4K;
	len = end - virt;
	if (mmap((void *)virt, len, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0) == MAP_FAILED)
		return -errno;
	return 0;
}
