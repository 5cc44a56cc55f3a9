/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_UVMM_MMU_H
#define _ASM_UVMM_MMU_H

/* Per-mm state of the port; the host process of the address space later. */
typedef struct {
	unsigned long unused;
} mm_context_t;

#endif
