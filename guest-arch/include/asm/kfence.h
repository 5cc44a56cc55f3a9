/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KFENCE on uvmm: the direct map is the memory file mapped in the uvmm
 * process, not page tables of ours, so a KFENCE page is taken out of
 * reach by uvmm (the direct_protect gate call: PROT_NONE on that page of
 * the host mapping) and an access to it is a host SIGSEGV, which reaches
 * kernel/traps.c as any kernel fault does. Nothing to split at init:
 * host mappings are protected a page at a time.
 */
#ifndef _ASM_UVMM_KFENCE_H
#define _ASM_UVMM_KFENCE_H

#include <linux/mm.h>
#include <asm/gate.h>

static inline bool arch_kfence_init_pool(void)
{
	return true;
}

static inline bool kfence_protect_page(unsigned long addr, bool protect)
{
	return !gate_direct_protect(addr & PAGE_MASK, PAGE_SIZE,
				    protect ? 0 : UVMM_PROT_DIRECT);
}

#endif
