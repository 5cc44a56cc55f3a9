/* SPDX-License-Identifier: GPL-2.0 */
/* The TSC as the kernel's clocksource (kernel/time.c) and the vDSO read it. */
#ifndef _ASM_UVMM_VDSO_TSC_H
#define _ASM_UVMM_VDSO_TSC_H

#ifndef __ASSEMBLY__

#include <linux/types.h>

/*
 * LFENCE first: the TSC is read after everything before it (a seqcount
 * read of the vDSO's data page included), AMD's and Intel's rule for an
 * ordered RDTSC.
 */
static __always_inline u64 uvmm_rdtsc_ordered(void)
{
	u32 lo, hi;

	asm volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) :: "memory");
	return (u64)hi << 32 | lo;
}

#endif

#endif
