/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Gate trampolines. The guest calls a gate entry directly on its own small
 * kernel stack; each trampoline moves to this vCPU thread's host stack
 * (uvmm_gate_stack, a thread-local set by uvmm_enter_guest), calls the C
 * handler with the guest's arguments untouched, and switches back.
 */
#include "asm/uvmm_gate.h"

	.text

.macro GATE name
	.globl	gate_entry_\name
	.type	gate_entry_\name, @function
gate_entry_\name:
	movq	%rsp, %rax
	movq	%fs:uvmm_gate_stack@tpoff, %rsp
	pushq	%rax
	subq	$8, %rsp
	call	gate_\name@PLT
	movq	8(%rsp), %rsp
	ret
	.size	gate_entry_\name, . - gate_entry_\name
.endm

/* One trampoline per call of the ABI's list. */
#define GATE_TRAMPOLINE(name, ret, params, args, kind)	GATE name ;
UVMM_GATE_CALLS(GATE_TRAMPOLINE)

/*
 * void uvmm_enter_guest(uint64_t entry, uint64_t arg): never returns (the
 * guest leaves through the halt gate, which long-jumps back). Gate calls
 * use this thread's stack from just below here.
 */
	.globl	uvmm_enter_guest
	.type	uvmm_enter_guest, @function
uvmm_enter_guest:
	leaq	-64(%rsp), %rax
	andq	$-16, %rax
	movq	%rax, %fs:uvmm_gate_stack@tpoff
	movq	%rdi, %rax
	movq	%rsi, %rdi
	jmp	*%rax
	.size	uvmm_enter_guest, . - uvmm_enter_guest

	.section .note.GNU-stack, "", @progbits
