/* SPDX-License-Identifier: GPL-2.0 */
/* What the generic vDSO code needs of the processor, kernel and vDSO alike. */
#ifndef _ASM_UVMM_VDSO_PROCESSOR_H
#define _ASM_UVMM_VDSO_PROCESSOR_H

#ifndef __ASSEMBLY__

static __always_inline void cpu_relax(void)
{
	asm volatile("pause" ::: "memory");
}

#endif

#endif
