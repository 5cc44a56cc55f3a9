/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Calls into uvmm through the gate table (a plain indirect call: the
 * monitor runs in the same process). See include/uapi/asm/uvmm_gate.h.
 */
#ifndef _ASM_UVMM_GATE_H
#define _ASM_UVMM_GATE_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <asm/uvmm_gate.h>

void uvmm_irq_replay(void);

#define uvmm_gate	((const struct uvmm_gate *)UVMM_GATE_ADDR)

#define GATE_FN(name, ret, ...) \
	((ret (*)(__VA_ARGS__))uvmm_gate->name)

/*
 * An interrupt that arrives while the vCPU is inside uvmm stays pending
 * (uvmm injects only into guest code). Calls made with interrupts enabled,
 * such as clock reads in a busy-wait, take it on return, where a CPU would
 * have taken it.
 */
static __always_inline void gate_after_call(void)
{
	const struct uvmm_vcpu_state *vcpu = (const void *)UVMM_VCPU_STATE_ADDR;

	if (unlikely(READ_ONCE(vcpu->irq_pending)) && READ_ONCE(vcpu->irq_enabled))
		uvmm_irq_replay();
}

static inline long gate_console_write_stream(u32 stream, const char *buf, size_t len)
{
	long n = GATE_FN(console_write, long, const char *, u64, u32)(buf, len, stream);

	gate_after_call();
	return n;
}

static inline long gate_console_write(const char *buf, size_t len)
{
	return gate_console_write_stream(UVMM_CONSOLE_OUT, buf, len);
}

static inline long gate_console_read(char *buf, size_t len)
{
	return GATE_FN(console_read, long, char *, u64)(buf, len);
}

static inline void __noreturn gate_halt(u32 reason, u32 detail)
{
	GATE_FN(halt, void, u32, u32)(reason, detail);
	__builtin_unreachable();
}

static inline void gate_idle(void)
{
	GATE_FN(idle, void, void)();
}

static inline u64 gate_clock_ns(void)
{
	u64 ns = GATE_FN(clock_ns, u64, void)();

	gate_after_call();
	return ns;
}

static inline void gate_timer_set(u64 delta_ns)
{
	GATE_FN(timer_set, void, u64)(delta_ns);
}

static inline long gate_map(unsigned long virt, phys_addr_t phys,
			    unsigned long len, u32 prot)
{
	return GATE_FN(map, long, u64, u64, u64, u32)(virt, phys, len, prot);
}

static inline long gate_unmap(unsigned long virt, unsigned long len)
{
	return GATE_FN(unmap, long, u64, u64)(virt, len);
}

static inline void gate_set_entries(const struct uvmm_guest_entries *e)
{
	GATE_FN(set_entries, void, const struct uvmm_guest_entries *)(e);
}

/* Guest address spaces: each is a host process, named by an id. */
static inline long gate_mm_create(void)
{
	return GATE_FN(mm_create, long, void)();
}

static inline void gate_mm_destroy(u64 mm)
{
	GATE_FN(mm_destroy, void, u64)(mm);
}

static inline long gate_mm_map(u64 mm, unsigned long virt, phys_addr_t phys,
			       unsigned long len, u32 prot)
{
	return GATE_FN(mm_map, long, u64, u64, u64, u64, u32)(mm, virt, phys, len, prot);
}

static inline long gate_mm_unmap(u64 mm, unsigned long virt, unsigned long len)
{
	return GATE_FN(mm_unmap, long, u64, u64, u64)(mm, virt, len);
}

static inline long gate_mm_protect(u64 mm, unsigned long virt, unsigned long len,
				   u32 prot)
{
	return GATE_FN(mm_protect, long, u64, u64, u64, u32)(mm, virt, len, prot);
}

static inline long gate_user_run(u64 mm, struct uvmm_regs *regs,
				 struct uvmm_user_thread *t)
{
	return GATE_FN(user_run, long, u64, struct uvmm_regs *,
		       struct uvmm_user_thread *)(mm, regs, t);
}

static inline void gate_user_save_fpu(u64 mm, struct uvmm_user_thread *t)
{
	GATE_FN(user_save_fpu, void, u64, struct uvmm_user_thread *)(mm, t);
}

static inline void gate_user_forget(u64 mm, struct uvmm_user_thread *t)
{
	GATE_FN(user_forget, void, u64, struct uvmm_user_thread *)(mm, t);
}

#endif
