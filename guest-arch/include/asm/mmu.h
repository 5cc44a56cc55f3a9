/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_UVMM_MMU_H
#define _ASM_UVMM_MMU_H

#include <linux/types.h>

/* A user address space is a host process; uvmm names it by this id. */
typedef struct {
	u64 id;				/* 0 for init_mm and before creation */
	bool forked;			/* copied by fork; its flush is due (tlbflush.h) */
	bool fresh;			/* not run yet: prefault at its first run */
} mm_context_t;

#endif
