/* SPDX-License-Identifier: GPL-2.0 */
/*
 * long uvmm_copy_nofault(void *dst, const void *src, unsigned long size)
 * A copy that may fault on either side: a fault on the rep movsb arrives
 * from uvmm as a guest fault, the exception table sends it to 2:, and we
 * return -EFAULT instead of oopsing.
 */
#include <linux/linkage.h>
#include <asm/errno.h>

	.text
SYM_FUNC_START(uvmm_copy_nofault)
	movq	%rdx, %rcx
1:	rep movsb
	xorl	%eax, %eax
	ret
2:	movq	$-EFAULT, %rax
	ret
SYM_FUNC_END(uvmm_copy_nofault)

	.pushsection __ex_table, "a"
	.balign 8
	.quad	1b, 2b
	.popsection
