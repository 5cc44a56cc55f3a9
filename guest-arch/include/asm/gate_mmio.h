/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The gate calls for emulated devices: MMIO to device memory that is not
 * guest RAM, and the end of a level-triggered interrupt. Kept apart from
 * asm/gate.h so that asm/io.h can use them without pulling in the rest.
 */
#ifndef _ASM_UVMM_GATE_MMIO_H
#define _ASM_UVMM_GATE_MMIO_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <asm/uvmm_gate.h>

void uvmm_irq_replay(void);

#define uvmm_gate_table	((const struct uvmm_gate *)UVMM_GATE_ADDR)

/*
 * A device access can raise an interrupt (a doorbell); uvmm leaves it
 * pending while it runs, so take it on return when interrupts are on, as a
 * CPU would right after the store.
 */
static __always_inline void gate_mmio_after_call(void)
{
	const struct uvmm_vcpu_state *vcpu = (const void *)UVMM_VCPU_STATE_ADDR;

	if (unlikely(READ_ONCE(vcpu->irq_pending)) && READ_ONCE(vcpu->irq_enabled))
		uvmm_irq_replay();
}

static inline u64 gate_mmio_read(phys_addr_t phys, u32 size)
{
	u64 v = ((u64 (*)(u64, u32))uvmm_gate_table->mmio_read)(phys, size);

	gate_mmio_after_call();
	return v;
}

static inline void gate_mmio_write(phys_addr_t phys, u64 value, u32 size)
{
	((void (*)(u64, u64, u32))uvmm_gate_table->mmio_write)(phys, value, size);
	gate_mmio_after_call();
}

static inline void gate_irq_eoi(u32 line)
{
	((void (*)(u32))uvmm_gate_table->irq_eoi)(line);
}

#endif
