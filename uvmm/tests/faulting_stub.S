/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A "stub" that faults at its first instruction, for the guest process
 * life test: uvmm must give up on it, not resume it forever.
 */
	.globl	_start
_start:
	xorl	%eax, %eax
	movq	(%rax), %rax
	ud2

	.section .note.GNU-stack, "", @progbits
