/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry points of the stub. Both switch to the stub's own stack first: at
 * start the exec stack is about to be unmapped, and a batch runs in a
 * process whose registers uvmm has just pointed here.
 *
 * Between batches all of the stub's data (its stack, the request page) is
 * PROT_NONE, so that guest code, which runs in this process, finds nothing
 * of the stub's to read or write above UVMM_USER_TOP (a store there faults
 * as on any x86_64 Linux). Only the code stays, read-only: a guest jump
 * into it gets nowhere, since under PTRACE_SYSEMU its syscalls are the
 * guest's and the first use of the stack faults.
 */
#include "stub_abi.h"

#define NR_MPROTECT	10
#define PROT_NONE	0
#define PROT_RW		3

#define NR_EXIT_GROUP	231

/*
 * mprotect(stub_data, stub_end - stub_data, prot) without touching memory.
 * If it fails, the stub's data would stay in reach of guest code: the
 * stub stops dead instead.
 */
.macro DATA_PROT prot
	movl	$NR_MPROTECT, %eax
	leaq	stub_data(%rip), %rdi
	leaq	stub_end(%rip), %rsi
	subq	%rdi, %rsi
	movl	$\prot, %edx
	syscall
	testq	%rax, %rax
	jnz	stub_dead
.endm

	.section .text.entry, "ax"
	.globl stub_start
stub_start:
	lea	stub_stack_top(%rip), %rsp
	call	stub_init
	testl	%eax, %eax
	jnz	fast_start
	DATA_PROT PROT_NONE
1:	int3				/* ready; uvmm never resumes here */
	jmp	1b

/*
 * The fast gate: from here on the stub's stack is the alternate signal
 * stack in the mailbox (the stub's own data is hidden like the tracer's).
 * The first int3 is the ready stop uvmm sees under ptrace; it detaches,
 * and the next one is the first event through the signal handler, where
 * the guest task then waits for its first guest registers.
 */
fast_start:
	movabsq	$(STUB_MBOX_ADDR + STUB_MBOX_SIZE), %rsp
	DATA_PROT PROT_NONE
	call	stub_fast_arm
	.globl stub_fast_ready
stub_fast_ready:
	int3
	jmp	stub_fast_ready

/*
 * A batch (the tracer's). Guest code may have denied itself key 0, every
 * page's protection key, with WRPKRU, and its PKRU is live in this
 * process: where the host has protection keys (uvmm says so in r12) the
 * batch runs with all keys allowed and gives the guest its PKRU back
 * (r13 holds it; the C code keeps both callee-saved registers).
 */
	.globl stub_batch_entry
stub_batch_entry:
	testq	%r12, %r12
	jz	1f
	xorl	%ecx, %ecx
	rdpkru
	movl	%eax, %r13d
	xorl	%eax, %eax
	xorl	%edx, %edx
	wrpkru
1:	DATA_PROT PROT_RW
	lea	stub_stack_top(%rip), %rsp
	call	stub_batch
	DATA_PROT PROT_NONE
	testq	%r12, %r12
	jz	2f
	movl	%r13d, %eax
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	wrpkru
2:	int3				/* uvmm waits for this SIGTRAP */
	ud2

/*
 * The tracer with the host's ptrace options (traced.c): the SIGSEGV
 * handler, entered with every signal blocked on the alternate stack in
 * the mailbox (rdx: the ucontext). Its int3 is the report; uvmm resumes
 * it in a shot (real syscalls up to the rt_sigreturn) after writing the
 * frame's registers, the stack pointer to return with (the ucontext's
 * address: rt_sigreturn finds the frame just below it), whether to run
 * the queued batch, and whether to report again after it (a batch while
 * uvmm still holds the fault: the request page was full) into the mailbox. Nothing from before the stop is
 * used: guest code can jump onto the int3 with any registers.
 */
	.globl stub_traced_handler, stub_traced_report
stub_traced_handler:
	int3
stub_traced_report:
	movabsq	$(STUB_MBOX_ADDR + STUB_MBOX_RET_SP_OFF), %rax
	movq	(%rax), %rsp
	movabsq	$(STUB_MBOX_ADDR + STUB_MBOX_BATCH_OFF), %rax
	cmpl	$0, (%rax)
	je	1f
	DATA_PROT PROT_RW
	call	stub_batch
	DATA_PROT PROT_NONE
/* Four instructions from guest code: uvmm asks again for an interrupt
 * that stops the shot here (traced.c). */
	.globl stub_traced_tail
stub_traced_tail:
1:	movabsq	$(STUB_MBOX_ADDR + STUB_MBOX_AGAIN_OFF), %rax
	cmpl	$0, (%rax)
	jne	stub_traced_handler
	movl	$15, %eax		/* rt_sigreturn: the frame is just below rsp */
	syscall
	ud2

stub_dead:
	movl	$NR_EXIT_GROUP, %eax
	movl	$127, %edi
	syscall
	jmp	stub_dead

	.section .note.GNU-stack, "", @progbits
