/* SPDX-License-Identifier: GPL-2.0 */
/*
 * __switch_to(prev, next): save prev's callee-saved registers on its kernel
 * stack, switch to next's and restore them. Returns prev (for "last").
 * A new task's stack is prepared by copy_thread so that this returns into
 * ret_from_fork.
 */
#include <linux/linkage.h>
#include <asm/asm-offsets.h>

	.text
SYM_FUNC_START(__switch_to)
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, TASK_THREAD_SP(%rdi)
	movq	TASK_THREAD_SP(%rsi), %rsp
	movq	%rsi, uvmm_current_task(%rip)
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	movq	%rdi, %rax
	ret
SYM_FUNC_END(__switch_to)

/*
 * First run of a new task: %rax = prev, %rbx = kernel thread function (or
 * 0 for a user task), %r12 = its argument, %r13 = the task's pt_regs.
 */
SYM_CODE_START(ret_from_fork)
	andq	$-16, %rsp
	movq	%rax, %rdi
	call	schedule_tail
	testq	%rbx, %rbx
	jz	1f
	movq	%r12, %rdi
	call	*%rbx
1:	movq	%r13, %rdi
	call	uvmm_ret_to_user
	ud2
SYM_CODE_END(ret_from_fork)
