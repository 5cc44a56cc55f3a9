/* SPDX-License-Identifier: GPL-2.0 */
/* The vDSO's image, page-aligned in the kernel's data (kernel/vdso.c maps it). */
#include <linux/linkage.h>
#include <asm/page.h>

	__PAGE_ALIGNED_DATA

	.globl vdso_start, vdso_end
	.balign PAGE_SIZE
vdso_start:
	.incbin VDSO_IMAGE
	.balign PAGE_SIZE
vdso_end:

	.previous
