/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtual interrupt flag is a word in the vCPU state page shared with
 * uvmm: disabling interrupts is a store. uvmm only injects an interrupt
 * while the flag is set; one that arrives while it is clear stays pending,
 * and the guest takes it itself when it sets the flag again (after a full
 * fence, so that uvmm's "set pending, then look at the flag" and our "set
 * the flag, then look at pending" cannot both miss).
 */
#ifndef _ASM_UVMM_IRQFLAGS_H
#define _ASM_UVMM_IRQFLAGS_H

#include <asm/uvmm_gate.h>
#include <asm/ptrace.h>

#ifndef __ASSEMBLY__

#include <linux/compiler.h>

#define uvmm_vcpu	((struct uvmm_vcpu_state *)UVMM_VCPU_STATE_ADDR)

void uvmm_irq_replay(void);

static __always_inline unsigned long arch_local_save_flags(void)
{
	return READ_ONCE(uvmm_vcpu->irq_enabled) ? X86_EFLAGS_IF : 0;
}

static __always_inline int arch_irqs_disabled_flags(unsigned long flags)
{
	return !(flags & X86_EFLAGS_IF);
}

static __always_inline int arch_irqs_disabled(void)
{
	return !READ_ONCE(uvmm_vcpu->irq_enabled);
}

static __always_inline void arch_local_irq_disable(void)
{
	barrier();
	WRITE_ONCE(uvmm_vcpu->irq_enabled, 0);
	barrier();
}

static __always_inline void arch_local_irq_enable(void)
{
	barrier();
	WRITE_ONCE(uvmm_vcpu->irq_enabled, 1);
	asm volatile("mfence" ::: "memory");
	if (unlikely(READ_ONCE(uvmm_vcpu->irq_pending)))
		uvmm_irq_replay();
}

static __always_inline unsigned long arch_local_irq_save(void)
{
	unsigned long flags = arch_local_save_flags();

	arch_local_irq_disable();
	return flags;
}

static __always_inline void arch_local_irq_restore(unsigned long flags)
{
	if (flags & X86_EFLAGS_IF)
		arch_local_irq_enable();
	else
		arch_local_irq_disable();
}

#endif /* __ASSEMBLY__ */
#endif /* _ASM_UVMM_IRQFLAGS_H */
