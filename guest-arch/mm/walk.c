// SPDX-License-Identifier: GPL-2.0
/*
 * The one page-table walk the port needs in several places: the kernel
 * mirror, the MMIO accessors and the user mirror all look up the pte page
 * of an address without creating anything on the way.
 */
#include <linux/mm.h>
#include <asm/uvmm_walk.h>

pmd_t *uvmm_walk_to_pmd(pgd_t *pgd, unsigned long addr)
{
	p4d_t *p4d;
	pud_t *pud;
	pmd_t *pmd;

	if (pgd_none(*pgd))
		return NULL;
	p4d = p4d_offset(pgd, addr);
	if (p4d_none(*p4d))
		return NULL;
	pud = pud_offset(p4d, addr);
	if (pud_none(*pud))
		return NULL;
	pmd = pmd_offset(pud, addr);
	return pmd_none(*pmd) ? NULL : pmd;
}

pte_t *uvmm_kernel_pte(unsigned long addr)
{
	pmd_t *pmd = uvmm_walk_to_pmd(pgd_offset_k(addr), addr);

	return pmd ? pte_offset_kernel(pmd, addr) : NULL;
}
