/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where uvmm injects interrupts and faults. It saved the interrupted
 * registers as a struct pt_regs on the interrupted kernel stack, left the
 * 8 bytes just below the interrupted %rsp free, cleared the virtual
 * interrupt flag and jumped here with %rsp = %rdi = that pt_regs (16-byte
 * aligned) and, for faults, %rsi = a struct uvmm_fault_info.
 */
#include <linux/linkage.h>
#include <asm/asm-offsets.h>

	.text
SYM_CODE_START(uvmm_irq_entry)
	call	uvmm_do_irq
	jmp	uvmm_return_to_regs
SYM_CODE_END(uvmm_irq_entry)

SYM_CODE_START(uvmm_fault_entry)
	call	uvmm_do_fault
	jmp	uvmm_return_to_regs
SYM_CODE_END(uvmm_fault_entry)

/*
 * Resume the context in the pt_regs at %rsp. The interrupt flag is set
 * (if the context had it) before the registers are reloaded, so an
 * interrupt may be injected in the middle of this sequence: every step
 * leaves a consistent stack (nothing live below %rsp), so that is safe.
 * The final "pop %rsp; ret" returns through the free slot below the
 * interrupted %rsp.
 */
SYM_CODE_START(uvmm_return_to_regs)
	movq	%rsp, %rdi
	call	uvmm_prepare_return
	movq	PT_IP(%rsp), %rax
	movq	PT_SP(%rsp), %rcx
	movq	%rax, -8(%rcx)
	subq	$8, PT_SP(%rsp)
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rax
	popq	%rcx
	popq	%rdx
	popq	%rsi
	popq	%rdi
	addq	$24, %rsp		/* orig_ax, ip, cs */
	popfq
	popq	%rsp
	ret
SYM_CODE_END(uvmm_return_to_regs)
