/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_UVMM_MMU_H
#define _ASM_UVMM_MMU_H

#include <linux/types.h>

/* Syscall sites seen trapping lately (mm/syscall_sites.c). */
#define UVMM_SITE_COUNT_BITS	4
struct uvmm_site_count {
	unsigned long ip;
	unsigned int count;
};

/* A user address space is a host process; uvmm names it by this id. */
typedef struct {
	u64 id;				/* 0 for init_mm and before creation */
	unsigned long vdso;		/* where its vDSO's code is (kernel/vdso.c) */
	bool forked;			/* copied by fork; its flush is due (tlbflush.h) */
	bool fresh;			/* not run yet: prefault at its first run */
	bool fork_copy;			/* a fork child's, not a new program's */
	bool no_rewrite;		/* uvmm rewrites no more of its syscall sites */
	struct uvmm_site_count sites[1 << UVMM_SITE_COUNT_BITS];
} mm_context_t;

#endif
