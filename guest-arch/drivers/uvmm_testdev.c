// SPDX-License-Identifier: GPL-2.0
/*
 * A driver for uvmm's PCI test device (1234:10f1, vpci/testdev.h), so that
 * user space can make it interrupt: writing "msix", "msi" or "intx" to its
 * sysfs attribute "ring" switches the device to that kind of interrupt
 * (if it is not there already) and rings the doorbell once. The handler
 * counts; /proc/interrupts shows the count rise under the names
 * uvmm-testdev-msix, uvmm-testdev-msi, uvmm-testdev-intx.
 */
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>

#define TD_REG_DOORBELL	0x0c
#define TD_REG_STATUS	0x10
#define TD_REG_ACK	0x14

struct testdev {
	struct pci_dev *pdev;
	void __iomem *regs;
	struct mutex lock;
	unsigned int kind;	/* PCI_IRQ_* in use, 0 for none */
};

static irqreturn_t testdev_msi(int irq, void *data)
{
	return IRQ_HANDLED;
}

/* Level INTx: ours if the device says so; acknowledging lowers the line. */
static irqreturn_t testdev_intx(int irq, void *data)
{
	struct testdev *td = data;

	if (!(readl(td->regs + TD_REG_STATUS) & 1))
		return IRQ_NONE;
	writel(1, td->regs + TD_REG_ACK);
	return IRQ_HANDLED;
}

static void testdev_irq_off(struct testdev *td)
{
	if (!td->kind)
		return;
	free_irq(pci_irq_vector(td->pdev, 0), td);
	pci_free_irq_vectors(td->pdev);
	td->kind = 0;
}

static int testdev_irq_on(struct testdev *td, unsigned int kind)
{
	const char *name = kind == PCI_IRQ_MSIX ? "uvmm-testdev-msix" :
			   kind == PCI_IRQ_MSI ? "uvmm-testdev-msi" : "uvmm-testdev-intx";
	int ret;

	if (td->kind == kind)
		return 0;
	testdev_irq_off(td);
	ret = pci_alloc_irq_vectors(td->pdev, 1, 1, kind);
	if (ret < 0)
		return ret;
	ret = request_irq(pci_irq_vector(td->pdev, 0),
			  kind == PCI_IRQ_INTX ? testdev_intx : testdev_msi,
			  kind == PCI_IRQ_INTX ? IRQF_SHARED : 0, name, td);
	if (ret) {
		pci_free_irq_vectors(td->pdev);
		return ret;
	}
	td->kind = kind;
	return 0;
}

static ssize_t ring_store(struct device *dev, struct device_attribute *attr,
			  const char *buf, size_t count)
{
	struct testdev *td = dev_get_drvdata(dev);
	unsigned int kind;
	int ret;

	if (sysfs_streq(buf, "msix"))
		kind = PCI_IRQ_MSIX;
	else if (sysfs_streq(buf, "msi"))
		kind = PCI_IRQ_MSI;
	else if (sysfs_streq(buf, "intx"))
		kind = PCI_IRQ_INTX;
	else
		return -EINVAL;
	mutex_lock(&td->lock);
	ret = testdev_irq_on(td, kind);
	if (!ret) {
		pci_set_master(td->pdev);	/* whoever else used the device may have cleared it */
		writel(0, td->regs + TD_REG_DOORBELL);	/* vector 0 */
	}
	mutex_unlock(&td->lock);
	return ret ? ret : count;
}
static DEVICE_ATTR_WO(ring);

static struct attribute *testdev_attrs[] = {
	&dev_attr_ring.attr,
	NULL,
};
ATTRIBUTE_GROUPS(testdev);

static int testdev_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct testdev *td;
	int ret;

	td = devm_kzalloc(&pdev->dev, sizeof(*td), GFP_KERNEL);
	if (!td)
		return -ENOMEM;
	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	pci_set_master(pdev);
	td->regs = pcim_iomap(pdev, 0, 0);
	if (!td->regs)
		return -ENOMEM;
	td->pdev = pdev;
	mutex_init(&td->lock);
	pci_set_drvdata(pdev, td);
	return 0;
}

static void testdev_remove(struct pci_dev *pdev)
{
	struct testdev *td = pci_get_drvdata(pdev);

	mutex_lock(&td->lock);
	testdev_irq_off(td);
	mutex_unlock(&td->lock);
}

static const struct pci_device_id testdev_ids[] = {
	{ PCI_DEVICE(0x1234, 0x10f1) },
	{ }
};

static struct pci_driver testdev_driver = {
	.name		= "uvmm-testdev",
	.id_table	= testdev_ids,
	.probe		= testdev_probe,
	.remove		= testdev_remove,
	.dev_groups	= testdev_groups,
};
builtin_pci_driver(testdev_driver);
