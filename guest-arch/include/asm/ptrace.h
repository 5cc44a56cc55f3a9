/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pt_regs is exactly the gate's struct uvmm_regs, whose order is x86_64's
 * user_regs_struct up to ss: uvmm writes it when it injects an interrupt
 * or fault, and the user ABI (ptrace, signal frames) copies it as is.
 */
#ifndef _ASM_UVMM_PTRACE_H
#define _ASM_UVMM_PTRACE_H

#include <asm/uvmm_gate.h>
#include <asm/ptrace-abi.h>
#include <asm/processor-flags.h>	/* x86's X86_EFLAGS_*, by reference */

/* Values of pt_regs->cs: which mode the context belongs to. */
#define UVMM_KERNEL_CS	0x10
#define UVMM_USER_CS	0x33
#define UVMM_USER_SS	0x2b

#ifndef __ASSEMBLY__

struct pt_regs {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	unsigned long ax, cx, dx, si, di, orig_ax;
	unsigned long ip, cs, flags, sp, ss;
};

#define user_mode(regs)			((regs)->cs == UVMM_USER_CS)
#define instruction_pointer(regs)	((regs)->ip)
#define profile_pc(regs)		instruction_pointer(regs)
#define user_stack_pointer(regs)	((regs)->sp)
#define regs_return_value(regs)		((regs)->ax)
#define current_pt_regs()		task_pt_regs(current)
#define arch_irqs_disabled_flags_regs(regs) (!((regs)->flags & X86_EFLAGS_IF))

static inline int regs_irqs_disabled(struct pt_regs *regs)
{
	return !(regs->flags & X86_EFLAGS_IF);
}

static inline unsigned long kernel_stack_pointer(struct pt_regs *regs)
{
	return regs->sp;
}

static inline void instruction_pointer_set(struct pt_regs *regs, unsigned long val)
{
	regs->ip = val;
}

static inline void regs_set_return_value(struct pt_regs *regs, unsigned long rc)
{
	regs->ax = rc;
}

static inline unsigned long frame_pointer(struct pt_regs *regs)
{
	return regs->bp;
}

/* Single steps are the host CPU's: the trap flag in the user's flags. */
#define arch_has_single_step()	(1)

void show_regs(struct pt_regs *regs);

#endif /* __ASSEMBLY__ */
#endif /* _ASM_UVMM_PTRACE_H */
