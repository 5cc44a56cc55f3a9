/* SPDX-License-Identifier: GPL-2.0 */
/* Finding the page-table page that maps an address (mm/walk.c). */
#ifndef _ASM_UVMM_WALK_H
#define _ASM_UVMM_WALK_H

#include <linux/mm.h>

/* The pmd entry covering addr below pgd, or NULL where a level is empty. */
pmd_t *uvmm_walk_to_pmd(pgd_t *pgd, unsigned long addr);

/* The kernel pte of addr (vmalloc and ioremap area), or NULL. */
pte_t *uvmm_kernel_pte(unsigned long addr);

#endif
