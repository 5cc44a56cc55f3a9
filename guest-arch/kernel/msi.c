// SPDX-License-Identifier: GPL-2.0
/*
 * MSI and MSI-X. uvmm's vpci turns a device's message into a virtual line:
 * a write of data n to UVMM_MSI_ADDR raises line n (UVMM_IRQ_FIRST_MSI..63).
 * A root domain hands out those lines and composes the messages; the PCI
 * core's MSI domain sits on top of it and programs the devices.
 */
#include <linux/acpi.h>
#include <linux/init.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/msi.h>
#include <linux/pci.h>
#include <linux/spinlock.h>
#include <asm/uvmm_irq.h>

static struct irq_domain *msi_lines_domain;
static struct fwnode_handle *msi_lines_fwnode, *pci_msi_fwnode;
static DECLARE_BITMAP(msi_lines_used, UVMM_NR_IRQS);
static DEFINE_SPINLOCK(msi_lines_lock);

static void msi_line_nop(struct irq_data *d)
{
}

static void msi_line_compose(struct irq_data *d, struct msi_msg *msg)
{
	msg->address_hi = upper_32_bits(UVMM_MSI_ADDR);
	msg->address_lo = lower_32_bits(UVMM_MSI_ADDR);
	msg->data = d->hwirq;
}

static int msi_line_retrigger(struct irq_data *d)
{
	uvmm_irq_retrigger_line(d->hwirq);
	return 1;
}

/* Masking is the device's (MSI-X vector control, MSI mask bits). */
static struct irq_chip msi_line_chip = {
	.name			= "uvmm-msi",
	.irq_ack		= msi_line_nop,
	.irq_mask		= msi_line_nop,
	.irq_unmask		= msi_line_nop,
	.irq_compose_msi_msg	= msi_line_compose,
	.irq_retrigger		= msi_line_retrigger,
};

static void msi_lines_free(struct irq_domain *d, unsigned int virq, unsigned int nr)
{
	unsigned long flags;
	unsigned int i;

	for (i = 0; i < nr; i++) {
		struct irq_data *data = irq_domain_get_irq_data(d, virq + i);

		if (!data)
			continue;
		spin_lock_irqsave(&msi_lines_lock, flags);
		clear_bit(data->hwirq, msi_lines_used);
		spin_unlock_irqrestore(&msi_lines_lock, flags);
		irq_domain_reset_irq_data(data);
	}
}

static int msi_lines_alloc(struct irq_domain *d, unsigned int virq,
			   unsigned int nr, void *arg)
{
	unsigned long flags;
	unsigned int i, line;

	for (i = 0; i < nr; i++) {
		spin_lock_irqsave(&msi_lines_lock, flags);
		line = find_next_zero_bit(msi_lines_used, UVMM_NR_IRQS, UVMM_IRQ_FIRST_MSI);
		if (line < UVMM_NR_IRQS)
			set_bit(line, msi_lines_used);
		spin_unlock_irqrestore(&msi_lines_lock, flags);
		if (line >= UVMM_NR_IRQS) {
			msi_lines_free(d, virq, i);
			return -ENOSPC;
		}
		irq_domain_set_info(d, virq + i, line, &msi_line_chip, NULL,
				    handle_edge_irq, NULL, "edge");
	}
	return 0;
}

static const struct irq_domain_ops msi_lines_ops = {
	.alloc	= msi_lines_alloc,
	.free	= msi_lines_free,
};

static struct irq_chip uvmm_pci_msi_chip = {
	.name		= "PCI-MSI",
	.irq_ack	= irq_chip_ack_parent,
	.irq_retrigger	= irq_chip_retrigger_hierarchy,
};

static struct msi_domain_info uvmm_pci_msi_info = {
	.flags		= MSI_FLAG_USE_DEF_DOM_OPS | MSI_FLAG_USE_DEF_CHIP_OPS |
			  MSI_FLAG_PCI_MSIX,
	.chip		= &uvmm_pci_msi_chip,
	.handler	= handle_edge_irq,
	.handler_name	= "edge",
};

/* Every host bridge uses the one PCI MSI domain. */
static struct fwnode_handle *uvmm_pci_msi_fwnode(struct device *dev)
{
	return pci_msi_fwnode;
}

void uvmm_msi_handle(unsigned int line)
{
	if (!msi_lines_domain || generic_handle_domain_irq(msi_lines_domain, line))
		pr_debug("uvmm: unclaimed MSI line %u\n", line);
}

void __init uvmm_msi_init(void)
{
	struct irq_domain *pci_domain;

	msi_lines_fwnode = irq_domain_alloc_named_fwnode("uvmm-msi");
	pci_msi_fwnode = irq_domain_alloc_named_fwnode("uvmm-pci-msi");
	if (!msi_lines_fwnode || !pci_msi_fwnode)
		goto fail;
	msi_lines_domain = irq_domain_create_linear(msi_lines_fwnode, UVMM_NR_IRQS,
						    &msi_lines_ops, NULL);
	if (!msi_lines_domain)
		goto fail;
	pci_domain = pci_msi_create_irq_domain(pci_msi_fwnode, &uvmm_pci_msi_info,
					       msi_lines_domain);
	if (!pci_domain)
		goto fail;
	pci_msi_register_fwnode_provider(uvmm_pci_msi_fwnode);
	return;
fail:
	pr_err("uvmm: no MSI domain; PCI devices fall back to INTx\n");
}
