/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fast gate's mapper task (docs/fast-gate.md): the second task of a
 * guest process's mm, the only one that holds the memory file. It carries
 * out the map/unmap/protect batches uvmm writes into the request page.
 *
 * It runs on registers alone: its stack pointer is 16, so any use of a
 * stack faults, and it never stores to memory, so nothing guest code
 * writes into the shared mm can steer it. It only reads the request page,
 * which is read-only in the mm (uvmm writes it through its own mapping),
 * and reports through pwrite() into the request file, from the page of
 * constants: a batch done is one pwrite (done_seq: uvmm wrote done and
 * error as they are then), a failed one three (done, error, done_seq).
 * Its own seccomp filter (fast.c) allows nothing else.
 *
 * Registers: r12 the request page, r13 the last batch number done, rbx
 * the operation index, rbp the count, then the errno of a failure.
 */
#include "stub_abi.h"

#define NR_CLOSE	3
#define NR_PWRITE64	18
#define NR_MMAP		9
#define NR_MPROTECT	10
#define NR_MUNMAP	11
#define NR_CLONE	56
#define NR_PRCTL	157
#define NR_FUTEX	202
#define NR_SECCOMP	317
#define PR_SET_PDEATHSIG 1
#define SIGKILL		9
#define FUTEX_WAIT	0
#define FUTEX_WAKE	1
#define SECCOMP_SET_MODE_FILTER 1
#define MAP_SHARED_FIXED 0x11
#define MAP_PRIVATE_FIXED_ANON 0x32
#define PROT_WRITE	2
#define EINVAL		22
#define EFAULT		14

	.text
/* long stub_clone_mapper(void): the new task's tid, or -errno. */
	.globl stub_clone_mapper
stub_clone_mapper:
	movl	$STUB_MAPPER_CLONE_FLAGS, %edi
	movl	$16, %esi			/* no usable stack */
	xorl	%edx, %edx
	movabsq	$STUB_MBOX_ADDR, %r10		/* CLEARTID: the state word */
	xorl	%r8d, %r8d
	movl	$NR_CLONE, %eax
	syscall
	testq	%rax, %rax
	jz	mapper
	ret

mapper:
	movl	$NR_CLOSE, %eax			/* the memory and request files only */
	movl	$STUB_MBOX_FD, %edi
	syscall
	movl	$NR_PRCTL, %eax
	movl	$PR_SET_PDEATHSIG, %edi
	movl	$SIGKILL, %esi
	syscall
	movl	$NR_SECCOMP, %eax
	movl	$SECCOMP_SET_MODE_FILTER, %edi
	xorl	%esi, %esi
	leaq	stub_mapper_prog(%rip), %rdx
	syscall
	testq	%rax, %rax
	jnz	mapper_dead
	movabsq	$STUB_FAST_REQ_ADDR, %r12
	xorl	%r13d, %r13d			/* uvmm's first batch is number 1 */
mapper_wait:
	movl	STUB_PAGE_SEQ_OFF(%r12), %eax
	cmpl	%r13d, %eax
	jne	mapper_batch
	movl	$NR_FUTEX, %eax
	leaq	STUB_PAGE_SEQ_OFF(%r12), %rdi
	movl	$FUTEX_WAIT, %esi
	movl	%r13d, %edx
	xorl	%r10d, %r10d
	syscall
	jmp	mapper_wait

mapper_batch:
	movl	%eax, %r13d
	movl	STUB_PAGE_COUNT_OFF(%r12), %ebp
	cmpl	$STUB_MAPPER_MAX_OPS, %ebp
	jbe	1f
	movl	$STUB_MAPPER_MAX_OPS, %ebp
1:	xorl	%ebx, %ebx
mapper_op:
	cmpl	%ebp, %ebx
	jae	mapper_report			/* all done: uvmm preset done, error */
	movl	%ebx, %ecx
	shll	$5, %ecx			/* sizeof(struct stub_op) */
	leaq	STUB_PAGE_OPS_OFF(%r12,%rcx), %rcx
	movq	8(%rcx), %rdi			/* addr */
	movq	16(%rcx), %rsi			/* len */
	movl	4(%rcx), %edx			/* prot */
	movzwl	(%rcx), %eax			/* op */
	cmpl	$1, %eax
	je	mapper_map
	cmpl	$2, %eax
	je	mapper_unmap
	cmpl	$3, %eax
	je	mapper_protect
	cmpl	$5, %eax
	je	mapper_zero
	movq	$-EINVAL, %rax
	jmp	mapper_fail
mapper_zero:					/* anonymous zeros, never writable */
	andl	$~PROT_WRITE, %edx
	movl	$MAP_PRIVATE_FIXED_ANON, %r10d
	movq	$-1, %r8
	xorl	%r9d, %r9d
	jmp	mapper_mmap
mapper_map:
	movl	$MAP_SHARED_FIXED, %r10d
	movzwl	2(%rcx), %r8d			/* fd */
	movq	24(%rcx), %r9			/* off */
mapper_mmap:
	movl	$NR_MMAP, %eax
	syscall
	movl	%ebx, %ecx
	shll	$5, %ecx
	cmpq	STUB_PAGE_OPS_OFF + 8(%r12,%rcx), %rax
	je	mapper_next
	cmpq	$-4096, %rax
	ja	mapper_fail
	movq	$-EFAULT, %rax
	jmp	mapper_fail
mapper_unmap:
	movl	$NR_MUNMAP, %eax
	syscall
	testq	%rax, %rax
	jnz	mapper_fail
	jmp	mapper_next
mapper_protect:
	movl	$NR_MPROTECT, %eax
	syscall
	testq	%rax, %rax
	jnz	mapper_fail
mapper_next:
	incl	%ebx
	jmp	mapper_op

mapper_fail:					/* rax: -errno; rbx: ops done */
	negq	%rax
	cmpq	$STUB_NR_CONSTS - 1, %rax
	jbe	2f
	movl	$STUB_NR_CONSTS - 1, %eax
2:	movq	%rax, %rbp
	/* done = rbx, error = errno (positive) */
	movl	$NR_PWRITE64, %eax
	movl	$4, %edi			/* STUB_REQ_FD */
	movabsq	$STUB_CONSTS_ADDR, %rsi
	leaq	(%rsi,%rbx,8), %rsi
	movl	$4, %edx
	movl	$STUB_PAGE_DONE_OFF, %r10d
	syscall
	movl	$NR_PWRITE64, %eax
	movl	$4, %edi
	movabsq	$STUB_CONSTS_ADDR, %rsi
	leaq	(%rsi,%rbp,8), %rsi
	movl	$8, %edx
	movl	$STUB_PAGE_ERROR_OFF, %r10d
	syscall
mapper_report:					/* then done_seq = seq */
	movl	$NR_PWRITE64, %eax
	movl	$4, %edi
	leaq	STUB_PAGE_SEQ_OFF(%r12), %rsi
	movl	$4, %edx
	movl	$STUB_PAGE_DONE_SEQ_OFF, %r10d
	syscall
	movl	$NR_FUTEX, %eax
	leaq	STUB_PAGE_DONE_SEQ_OFF(%r12), %rdi
	movl	$FUTEX_WAKE, %esi
	movl	$2, %edx			/* uvmm and the guest task's handler */
	syscall
	jmp	mapper_wait

mapper_dead:
	ud2			/* all signals blocked: the whole process dies */

/* The mapper's filter program (struct sock_fprog), read-only with the code. */
	.balign 8
	.globl stub_mapper_prog
stub_mapper_prog:
	.short	STUB_MAPPER_FILTER_LEN, 0, 0, 0
	.quad	stub_mapper_filter

	.section .note.GNU-stack, "", @progbits
