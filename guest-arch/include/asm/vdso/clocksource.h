/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_UVMM_VDSO_CLOCKSOURCE_H
#define _ASM_UVMM_VDSO_CLOCKSOURCE_H

/* The one counter guest user code reads itself: the TSC (kernel/time.c). */
#define VDSO_ARCH_CLOCKMODES	VDSO_CLOCKMODE_UVMM_TSC

#endif
