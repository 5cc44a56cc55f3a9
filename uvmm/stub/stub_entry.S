/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry points of the stub. Both switch to the stub's own stack first: at
 * start the exec stack is about to be unmapped, and a batch runs in a
 * process whose registers uvmm has just pointed here.
 */
	.section .text.entry, "ax"
	.globl stub_start
stub_start:
	lea	stub_stack_top(%rip), %rsp
	call	stub_init		/* never returns */
	ud2

	.globl stub_batch_entry
stub_batch_entry:
	lea	stub_stack_top(%rip), %rsp
	call	stub_batch
	int3				/* uvmm waits for this SIGTRAP */
	ud2

	.section .note.GNU-stack, "", @progbits
