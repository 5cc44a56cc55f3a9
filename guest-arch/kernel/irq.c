// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual interrupts. uvmm sets bits in the vCPU's irq_pending word; we
 * take them either when uvmm injects an interrupt (uvmm_irq_entry, only
 * while the virtual flag is set) or when we set the flag again and find
 * bits pending (uvmm_irq_replay). Each bit is a hardware IRQ of one linear
 * irq domain.
 */
#include <linux/init.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/entry-common.h>
#include <linux/hardirq.h>
#include <asm/irq_regs.h>
#include <asm/irqflags.h>
#include <asm/entry.h>

static struct irq_domain *uvmm_irq_domain;

static void uvmm_irq_nop(struct irq_data *d)
{
}

static struct irq_chip uvmm_irq_chip = {
	.name		= "uvmm",
	.irq_mask	= uvmm_irq_nop,
	.irq_unmask	= uvmm_irq_nop,
};

static int uvmm_irq_map(struct irq_domain *d, unsigned int virq, irq_hw_number_t hw)
{
	irq_set_chip_and_handler(virq, &uvmm_irq_chip, handle_simple_irq);
	return 0;
}

static const struct irq_domain_ops uvmm_irq_domain_ops = {
	.map	= uvmm_irq_map,
	.xlate	= irq_domain_xlate_onecell,
};

void __init init_IRQ(void)
{
	uvmm_irq_domain = irq_domain_add_linear(NULL, UVMM_NR_IRQS,
						&uvmm_irq_domain_ops, NULL);
	if (!uvmm_irq_domain)
		panic("uvmm: cannot create the irq domain");
	irq_set_default_host(uvmm_irq_domain);
}

/* The Linux IRQ number of one of uvmm's virtual lines (UVMM_IRQ_*). */
unsigned int uvmm_irq_of_line(unsigned int line)
{
	return irq_create_mapping(uvmm_irq_domain, line);
}

/* Atomic against uvmm's threads, which OR bits in with lock or. */
static inline u64 take_pending(void)
{
	u64 bits = 0;

	asm volatile("xchgq %0, %1" : "+r" (bits), "+m" (uvmm_vcpu->irq_pending)
		     : : "memory");
	return bits;
}

static void uvmm_handle_pending(void)
{
	u64 bits;

	while ((bits = take_pending())) {
		while (bits) {
			unsigned int line = __ffs(bits);

			bits &= bits - 1;
			/* A line nobody has claimed yet is ignored, as on hardware. */
			if (generic_handle_domain_irq(uvmm_irq_domain, line))
				pr_debug("uvmm: unclaimed virtual irq %u\n", line);
		}
	}
}

/* Called from uvmm_irq_entry and uvmm_irq_replay, interrupts disabled. */
asmlinkage void uvmm_do_irq(struct pt_regs *regs)
{
	irqentry_state_t state = irqentry_enter(regs);
	struct pt_regs *old_regs;

	irq_enter_rcu();
	old_regs = set_irq_regs(regs);
	uvmm_handle_pending();
	set_irq_regs(old_regs);
	irq_exit_rcu();
	irqentry_exit(regs, state);
}

/* Before resuming a context: give it back its interrupt flag. */
asmlinkage void uvmm_prepare_return(struct pt_regs *regs)
{
	if (regs->flags & X86_EFLAGS_IF)
		arch_local_irq_enable();
}

/*
 * Interrupts were just enabled and some are pending: take them here, as
 * if they had arrived right after the enabling store.
 */
void uvmm_irq_replay(void)
{
	struct pt_regs regs;

	do {
		arch_local_irq_disable();
		memset(&regs, 0, sizeof(regs));
		regs.ip = _THIS_IP_;
		regs.sp = current_stack_pointer;
		regs.cs = UVMM_KERNEL_CS;
		regs.flags = X86_EFLAGS_IF;
		uvmm_do_irq(&regs);
		WRITE_ONCE(uvmm_vcpu->irq_enabled, 1);
		asm volatile("mfence" ::: "memory");
	} while (READ_ONCE(uvmm_vcpu->irq_pending));
}
