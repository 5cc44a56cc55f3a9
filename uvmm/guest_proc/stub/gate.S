/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The gate: how a rewritten syscall site reaches uvmm without a signal
 * (docs/fast-gate.md, "Syscall-site rewriting"). A site's copy jumps
 * through slot k of the site table to entry k here, which loads k and
 * comes to stub_gate with every register as the guest had it but rax
 * (the site's `mov $nr, %eax` is gone), rcx and r11 (which `syscall`
 * clobbers anyway). The gate saves the registers and the FPU state in
 * the mailbox, as the signal handler does with a frame, and
 * stub_gate_event() (fast.c) posts the event and waits for uvmm's
 * answer; the answer is loaded back, the flags first, and a jump
 * returns to guest code (an answer with the trap flag set, which must
 * stop on the guest's next instruction, returns through a signal
 * frame instead, as does one whose PKRU denies the stub its own pages).
 *
 * Guest code can jump to any byte here with registers of its choosing:
 * nothing is taken from them but the slot number, checked against the
 * table's size, and the registers themselves, which are the guest's to
 * choose anyway; the guest's stack is never touched. A signal that
 * arrives while the gate runs finds the handler (fast.c), which knows
 * these addresses: the first store (faults if the guest denied itself
 * key 0 with WRPKRU), the entries (a trap flag stops on the first), the
 * slow return (a PKRU that denies key 0 goes back through a frame).
 */
#include "stub_abi.h"

#define REG(r)		(STUB_MBOX_REGS_OFF + 8 * (r))
#define R8	0
#define R9	1
#define R10	2
#define R11	3
#define R12	4
#define R13	5
#define R14	6
#define R15	7
#define RDI	8
#define RSI	9
#define RBP	10
#define RBX	11
#define RDX	12
#define RAX	13
#define RCX	14
#define RSP	15
#define RIP	16
#define EFLAGS	17

/* The mailbox, reached rip-relative from here (it is 8 MiB away): the
 * linker's stub_mbox (stub.lds), STUB_MBOX_ADDR (fast.c checks). */
#define MB	stub_mbox

	.section .gate_text, "ax"
	.balign	4096
	.globl	stub_gate_entries, stub_gate_entries_end
stub_gate_entries:
	.set	slot, 0
	.rept	STUB_MAX_SITES
	movl	$slot, %eax
	jmp	stub_gate
	.balign	STUB_GATE_ENTRY_SIZE, 0xcc
	.set	slot, slot + 1
	.endr
stub_gate_entries_end:

	.globl	stub_gate, stub_gate_first_store, stub_gate_answered, stub_gate_slow_ret
	.globl	stub_gate_end
stub_gate:
	movabsq	$STUB_MBOX_ADDR, %r11
stub_gate_first_store:
	movq	%rsp, REG(RSP)(%r11)
	leaq	STUB_GATE_STACK_OFF(%r11), %rsp
	pushfq
	popq	%rcx
	movq	%rcx, REG(EFLAGS)(%r11)
	pushq	$2			/* DF, AC, TF clear for the stub's code */
	popfq
	movl	$STUB_GATE_POSTING, STUB_MBOX_PHASE_OFF(%r11)
	cmpl	$STUB_MAX_SITES, %eax
	jae	stub_gate_bad
	movl	%eax, STUB_MBOX_SLOT_OFF(%r11)
	movq	%r8, REG(R8)(%r11)
	movq	%r9, REG(R9)(%r11)
	movq	%r10, REG(R10)(%r11)
	movq	%r12, REG(R12)(%r11)
	movq	%r13, REG(R13)(%r11)
	movq	%r14, REG(R14)(%r11)
	movq	%r15, REG(R15)(%r11)
	movq	%rdi, REG(RDI)(%r11)
	movq	%rsi, REG(RSI)(%r11)
	movq	%rbp, REG(RBP)(%r11)
	movq	%rbx, REG(RBX)(%r11)
	movq	%rdx, REG(RDX)(%r11)
	movl	STUB_MBOX_FEATURES_OFF(%r11), %eax
	movl	STUB_MBOX_FEATURES_OFF + 4(%r11), %edx
	xsave	STUB_GATE_XSAVE_OFF(%r11)
	call	stub_gate_event
stub_gate_answered:
	testl	%eax, %eax
	jnz	stub_gate_slow_ret
	/*
	 * Back to guest code with nothing but moves after the flags (no
	 * trap flag: that answer took the slow return), addressed from here
	 * (rip-relative) so that no register is needed at the end. (iretq
	 * would do it in one, but QEMU's emulation kills a process that
	 * uses it in user mode.)
	 */
	pushq	MB + REG(EFLAGS)(%rip)
	popfq
	movl	MB + STUB_MBOX_FEATURES_OFF(%rip), %eax
	movl	MB + STUB_MBOX_FEATURES_OFF + 4(%rip), %edx
	xrstor	MB + STUB_GATE_XSAVE_OFF(%rip)
	movq	MB + REG(R8)(%rip), %r8
	movq	MB + REG(R9)(%rip), %r9
	movq	MB + REG(R10)(%rip), %r10
	movq	MB + REG(R11)(%rip), %r11
	movq	MB + REG(R12)(%rip), %r12
	movq	MB + REG(R13)(%rip), %r13
	movq	MB + REG(R14)(%rip), %r14
	movq	MB + REG(R15)(%rip), %r15
	movq	MB + REG(RDI)(%rip), %rdi
	movq	MB + REG(RSI)(%rip), %rsi
	movq	MB + REG(RBP)(%rip), %rbp
	movq	MB + REG(RBX)(%rip), %rbx
	movq	MB + REG(RDX)(%rip), %rdx
	movq	MB + REG(RAX)(%rip), %rax
	movq	MB + REG(RCX)(%rip), %rcx
	movq	MB + REG(RSP)(%rip), %rsp
	jmp	*MB + REG(RIP)(%rip)

/* The answer's PKRU denies key 0, its rip is not a user address, or its
 * trap flag is set: the handler returns through a signal frame (fast.c). */
stub_gate_slow_ret:
	ud2
stub_gate_bad:
	ud2
stub_gate_end:

	.section .note.GNU-stack, "", @progbits
