// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual interrupts. uvmm sets bits in the vCPU's irq_pending word; we
 * take them either when uvmm injects an interrupt (uvmm_irq_entry, only
 * while the virtual flag is set) or when we set the flag again and find
 * bits pending (uvmm_irq_replay).
 *
 * Lines below UVMM_IRQ_FIRST_MSI are wired: the timer, the console, and
 * ACPI GSIs (line n = GSI n), all in one linear domain that ACPI's GSI
 * mapping uses. A wired line can be level-triggered (PCI INTx): uvmm raises
 * it once when it goes high, and again at each EOI or unmask while the
 * device still holds it (gate irq_eoi), as an interrupt controller resamples
 * a level input; a masked level line that arrives is dropped for the same
 * reason. Lines from UVMM_IRQ_FIRST_MSI up are MSI vectors (kernel/msi.c).
 */
#include <linux/acpi.h>
#include <linux/init.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/entry-common.h>
#include <linux/hardirq.h>
#include <asm/irq_regs.h>
#include <asm/irqflags.h>
#include <asm/entry.h>
#include <asm/gate.h>
#include <asm/uvmm_irq.h>

static struct irq_domain *uvmm_irq_domain;
static struct fwnode_handle *uvmm_irq_fwnode;
/* Wired lines configured level-triggered, and those of them masked now. */
static unsigned long level_lines, level_masked;

static void uvmm_irq_nop(struct irq_data *d)
{
}

static void uvmm_irq_mask(struct irq_data *d)
{
	if (test_bit(d->hwirq, &level_lines))
		set_bit(d->hwirq, &level_masked);
}

/* Unmasking a level line samples it again: uvmm re-raises it if high. */
static void uvmm_irq_unmask(struct irq_data *d)
{
	if (test_bit(d->hwirq, &level_lines) &&
	    test_and_clear_bit(d->hwirq, &level_masked))
		gate_irq_eoi(d->hwirq);
}

static void uvmm_irq_eoi(struct irq_data *d)
{
	if (test_bit(d->hwirq, &level_lines) && !test_bit(d->hwirq, &level_masked))
		gate_irq_eoi(d->hwirq);
}

static int uvmm_irq_set_type(struct irq_data *d, unsigned int type)
{
	if (type & IRQ_TYPE_LEVEL_MASK) {
		/* Masked until started, so that startup samples the line. */
		set_bit(d->hwirq, &level_masked);
		set_bit(d->hwirq, &level_lines);
		irq_set_handler_locked(d, handle_fasteoi_irq);
	} else if (type & IRQ_TYPE_EDGE_BOTH) {
		clear_bit(d->hwirq, &level_lines);
		clear_bit(d->hwirq, &level_masked);
		irq_set_handler_locked(d, handle_edge_irq);
	} else {
		return -EINVAL;
	}
	return IRQ_SET_MASK_OK;
}

/* An edge the core left pending while the line was disabled: raise it. */
static int uvmm_irq_retrigger(struct irq_data *d)
{
	uvmm_irq_retrigger_line(d->hwirq);
	return 1;
}

static struct irq_chip uvmm_irq_chip = {
	.name		= "uvmm",
	.irq_ack	= uvmm_irq_nop,
	.irq_mask	= uvmm_irq_mask,
	.irq_unmask	= uvmm_irq_unmask,
	.irq_eoi	= uvmm_irq_eoi,
	.irq_set_type	= uvmm_irq_set_type,
	.irq_retrigger	= uvmm_irq_retrigger,
};

static int uvmm_irq_map(struct irq_domain *d, unsigned int virq, irq_hw_number_t hw)
{
	irq_set_chip_and_handler(virq, &uvmm_irq_chip, handle_simple_irq);
	return 0;
}

/* ACPI's fwspec for a GSI: { gsi, IRQ_TYPE_* }. GSIs 0 and 1 are ours. */
static int uvmm_irq_translate(struct irq_domain *d, struct irq_fwspec *fwspec,
			      unsigned long *hwirq, unsigned int *type)
{
	if (fwspec->param_count != 2 || fwspec->param[0] <= UVMM_IRQ_CONSOLE ||
	    fwspec->param[0] >= UVMM_IRQ_FIRST_MSI)
		return -EINVAL;
	*hwirq = fwspec->param[0];
	*type = fwspec->param[1] & IRQ_TYPE_SENSE_MASK;
	return 0;
}

static const struct irq_domain_ops uvmm_irq_domain_ops = {
	.map		= uvmm_irq_map,
	.translate	= uvmm_irq_translate,
};

#ifdef CONFIG_ACPI_GENERIC_GSI
static struct fwnode_handle *uvmm_gsi_fwnode(u32 gsi)
{
	return uvmm_irq_fwnode;
}
#endif

void __init init_IRQ(void)
{
	uvmm_irq_fwnode = irq_domain_alloc_named_fwnode("uvmm-wired");
	if (!uvmm_irq_fwnode)
		panic("uvmm: cannot allocate the irq domain's fwnode");
	uvmm_irq_domain = irq_domain_create_linear(uvmm_irq_fwnode, UVMM_IRQ_FIRST_MSI,
						   &uvmm_irq_domain_ops, NULL);
	if (!uvmm_irq_domain)
		panic("uvmm: cannot create the irq domain");
	irq_set_default_host(uvmm_irq_domain);
#ifdef CONFIG_ACPI_GENERIC_GSI
	acpi_set_irq_model(ACPI_IRQ_MODEL_PLATFORM, uvmm_gsi_fwnode);
#endif
	uvmm_msi_init();
}

/* The Linux IRQ number of one of uvmm's virtual lines (UVMM_IRQ_*). */
unsigned int uvmm_irq_of_line(unsigned int line)
{
	return irq_create_mapping(uvmm_irq_domain, line);
}

/* Make a line pending again from the guest side (a retriggered edge). */
void uvmm_irq_retrigger_line(unsigned int line)
{
	asm volatile("lock orq %1, %0" : "+m" (uvmm_vcpu->irq_pending)
		     : "r" (1UL << line) : "memory");
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
			if (line >= UVMM_IRQ_FIRST_MSI) {
				uvmm_msi_handle(line);
				continue;
			}
			/* A masked level line is sampled again at unmask. */
			if (test_bit(line, &level_masked))
				continue;
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
