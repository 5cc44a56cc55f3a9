/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry from uvmm: called on a vCPU thread with %rdi = the boot info (a
 * direct-map pointer), interrupts virtually disabled, on a uvmm stack that
 * we leave at once for init's kernel stack.
 */
#include <linux/linkage.h>
#include <linux/init.h>
#include <asm/thread_info.h>
#include <asm/uvmm_gate.h>

	__HEAD
SYM_CODE_START(_start)
	leaq	init_stack + THREAD_SIZE(%rip), %rsp
	xorl	%ebp, %ebp
	call	uvmm_start_kernel
	ud2
SYM_CODE_END(_start)

/* uvmm refuses a kernel whose gate ABI version it does not speak. */
	.pushsection .note.uvmm, "a", @note
	.balign 4
	.long	5			/* name size, "uvmm\0" */
	.long	4			/* descriptor size */
	.long	1			/* type: gate ABI version */
	.asciz	"uvmm"
	.balign 4
	.long	UVMM_GATE_ABI_VERSION
#ifdef CONFIG_KASAN
	/* A KASAN kernel: uvmm maps its shadow before we run (asm/kasan.h). */
	.balign 4
	.long	5			/* name size */
	.long	0			/* no descriptor */
	.long	2			/* type: KASAN shadow wanted */
	.asciz	"uvmm"
	.balign 4
#endif
	.popsection
