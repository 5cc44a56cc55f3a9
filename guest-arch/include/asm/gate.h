/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Calls into uvmm through the gate table: a plain indirect call, since the
 * monitor runs in the same process. One typed gate_<name>() per call of
 * UVMM_GATE_CALLS (include/uapi/asm/uvmm_gate.h), generated from that list
 * so that its signature is the ABI's; uvmm's handler has the same name and
 * the same prototype.
 */
#ifndef _ASM_UVMM_GATE_H
#define _ASM_UVMM_GATE_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <asm/uvmm_gate.h>

void uvmm_irq_replay(void);

#define uvmm_gate_table	((const struct uvmm_gate *)UVMM_GATE_ADDR)

/*
 * An interrupt that arrives while the vCPU is inside uvmm stays pending
 * (uvmm injects only into guest code). Calls of kind irqs_on, such as
 * clock reads in a busy-wait or a device doorbell, take it on return when
 * interrupts are enabled, where a CPU would have taken it.
 */
static __always_inline void gate_take_pending_irqs(const int *unused)
{
	const struct uvmm_vcpu_state *vcpu = (const void *)UVMM_VCPU_STATE_ADDR;

	if (unlikely(READ_ONCE(vcpu->irq_pending)) && READ_ONCE(vcpu->irq_enabled))
		uvmm_irq_replay();
}

/*
 * The wrapper of each kind. The irqs_on one takes pending interrupts once
 * the call has returned (and its value is taken), through a cleanup
 * handler, so that one form serves calls with and without a value.
 */
#define GATE_ATTR_plain
#define GATE_ATTR_irqs_on
#define GATE_ATTR_noreturn	__noreturn
#define GATE_BODY_plain(name, args)	return uvmm_gate_table->name args;
#define GATE_BODY_irqs_on(name, args)					\
	const int irqs_on __cleanup(gate_take_pending_irqs) = 0;	\
	return uvmm_gate_table->name args;
#define GATE_BODY_noreturn(name, args)					\
	uvmm_gate_table->name args;						\
	__builtin_unreachable();

#define GATE_CALL(name, ret, params, args, kind)			\
static __always_inline GATE_ATTR_##kind ret gate_##name params		\
{									\
	GATE_BODY_##kind(name, args)					\
}
UVMM_GATE_CALLS(GATE_CALL)
#undef GATE_CALL

static_assert(sizeof(struct uvmm_gate) == 16 + 8 * UVMM_GATE_NR_CALLS);

#endif
