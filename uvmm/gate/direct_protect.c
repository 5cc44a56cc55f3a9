// SPDX-License-Identifier: GPL-2.0
/*
 * The direct_protect gate call (direct_protect.h): mprotect of whole
 * pages of the guest kernel's direct map of RAM, and a bit a page saying
 * that the guest asked for it, which is set before a page goes PROT_NONE
 * and cleared after it is back, so that every fault on such a page finds
 * its bit.
 */
#include <errno.h>
#include <sys/mman.h>

#include "gate/direct_protect.h"
#include "gate/gate.h"
#include "setup/guest_mem.h"
#include "vm.h"

#define PAGE		4096ull
#define DIRECT_MAX	(UVMM_MAX_RAM >> 12)	/* pages the direct map can have */

static unsigned long *protected_bits;		/* one per page of the direct map */

static bool bits_ready(void)
{
	unsigned long *b;

	if (__atomic_load_n(&protected_bits, __ATOMIC_ACQUIRE))
		return true;
	/* Only a kernel that protects pages pays for the bits, and only
	 * for the part it touches (MAP_NORESERVE). */
	b = mmap(NULL, DIRECT_MAX / 8, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (b == MAP_FAILED)
		return false;
	__atomic_store_n(&protected_bits, b, __ATOMIC_RELEASE);
	return true;
}

static void mark(uint64_t page, bool on)
{
	unsigned long bit = 1ul << (page % 64);

	if (on)
		__atomic_fetch_or(&protected_bits[page / 64], bit, __ATOMIC_SEQ_CST);
	else
		__atomic_fetch_and(&protected_bits[page / 64], ~bit, __ATOMIC_SEQ_CST);
}

long gate_direct_protect(__u64 virt, __u64 len, __u32 prot)
{
	uint64_t first, n;

	if ((virt | len) & (PAGE - 1) || !len ||
	    !guest_kernel_ptr(&the_vm->setup.mem, virt, len) ||
	    (prot != 0 && prot != UVMM_PROT_DIRECT))
		return -EINVAL;
	if (!bits_ready())
		return -ENOMEM;
	first = (virt - UVMM_PAGE_OFFSET) / PAGE;
	n = len / PAGE;
	if (!prot)
		for (uint64_t i = 0; i < n; i++)
			mark(first + i, true);
	if (mprotect((void *)(uintptr_t)virt, len,
		     prot ? PROT_READ | PROT_WRITE | PROT_EXEC : PROT_NONE))
		return -errno;	/* bits left set: harmless, a fault would find them */
	if (prot)
		for (uint64_t i = 0; i < n; i++)
			mark(first + i, false);
	return 0;
}

bool direct_protect_give_back(uint64_t addr)
{
	unsigned long *b = __atomic_load_n(&protected_bits, __ATOMIC_ACQUIRE);
	uint64_t page;

	if (!b || addr < UVMM_PAGE_OFFSET || addr - UVMM_PAGE_OFFSET >= UVMM_MAX_RAM)
		return false;
	page = (addr - UVMM_PAGE_OFFSET) / PAGE;
	if (!(__atomic_load_n(&b[page / 64], __ATOMIC_SEQ_CST) & (1ul << (page % 64))))
		return false;
	/* The bit stays: the guest clears it when it gives the page back. */
	return !mprotect((void *)(uintptr_t)(UVMM_PAGE_OFFSET + page * PAGE), PAGE,
			 PROT_READ | PROT_WRITE | PROT_EXEC);
}
