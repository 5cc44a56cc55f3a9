// SPDX-License-Identifier: GPL-2.0
/*
 * In-guest proof that the platform uvmm describes works end to end:
 * ACPI's table list holds our tables, the PCI core found the host bridge
 * through MCFG and the test device (vpci/testdev.h) with its BARs inside
 * the bridge's windows and its capabilities, MMIO reaches the device, and
 * its doorbell raises MSI-X, MSI and INTx interrupts that arrive here.
 * Run with kunit.enable=1 and uvmm's --device testdev (tests/guest/pci.t).
 */
#include <kunit/test.h>
#include <linux/acpi.h>
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/kernel_stat.h>
#include <linux/kernfs.h>
#include <linux/pci.h>

/* The test device's registers (BAR0), as vpci/testdev.h defines them. */
#define TD_VENDOR	0x1234
#define TD_DEVICE	0x10f1
#define TD_MAGIC	0x76706369
#define TD_REG_MAGIC	0x00
#define TD_REG_INFO	0x04
#define TD_REG_SCRATCH	0x08
#define TD_REG_DOORBELL	0x0c
#define TD_REG_STATUS	0x10
#define TD_REG_ACK	0x14
#define TD_REG_FIRED	0x18
#define TD_REG_SCRATCH64 0x20
#define TD_MSIX_VECTORS	4

/* ---- ACPI ---- */

static const char *const uvmm_tables[] = {
	ACPI_SIG_FADT, ACPI_SIG_MADT, ACPI_SIG_MCFG, ACPI_SIG_DSDT,
};

static void acpi_tables_found(struct kunit *test)
{
	unsigned int i;

	KUNIT_ASSERT_FALSE_MSG(test, acpi_disabled, "ACPI is off");
	for (i = 0; i < ARRAY_SIZE(uvmm_tables); i++) {
		struct acpi_table_header *t;
		acpi_status st = acpi_get_table((char *)uvmm_tables[i], 0, &t);

		KUNIT_EXPECT_TRUE_MSG(test, ACPI_SUCCESS(st), "table %s", uvmm_tables[i]);
		if (ACPI_SUCCESS(st)) {
			KUNIT_EXPECT_EQ(test, memcmp(t->signature, uvmm_tables[i], 4), 0);
			acpi_put_table(t);
		}
	}
}

/* /sys/firmware/acpi/tables/<sig>, looked up in sysfs's own tree. */
static void acpi_sysfs_tables(struct kunit *test)
{
	struct kernfs_node *dir;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, acpi_kobj);
	dir = kernfs_find_and_get(acpi_kobj->sd, "tables");
	KUNIT_ASSERT_NOT_NULL_MSG(test, dir, "no /sys/firmware/acpi/tables");
	for (i = 0; i < ARRAY_SIZE(uvmm_tables); i++) {
		/* sysfs names the FADT "FACP" and the MADT "APIC", as the signatures. */
		struct kernfs_node *kn = kernfs_find_and_get(dir, uvmm_tables[i]);

		KUNIT_EXPECT_NOT_NULL_MSG(test, kn, "/sys/firmware/acpi/tables/%s",
					  uvmm_tables[i]);
		kernfs_put(kn);
	}
	kernfs_put(dir);
}

static struct kunit_case uvmm_acpi_cases[] = {
	KUNIT_CASE(acpi_tables_found),
	KUNIT_CASE(acpi_sysfs_tables),
	{}
};

static struct kunit_suite uvmm_acpi_suite = {
	.name = "uvmm_acpi",
	.test_cases = uvmm_acpi_cases,
};

/* ---- the PCI bus and the test device ---- */

struct td {
	struct pci_dev *pdev;
	void __iomem *regs;
	atomic_t count;
	atomic_t none;		/* INTx handler calls that found nothing to do */
};

static int td_init(struct kunit *test)
{
	struct td *td = kunit_kzalloc(test, sizeof(*td), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, td);
	td->pdev = pci_get_device(TD_VENDOR, TD_DEVICE, NULL);
	if (!td->pdev)
		kunit_skip(test, "no test device on the bus (uvmm run --device testdev)");
	test->priv = td;
	return 0;
}

static void td_exit(struct kunit *test)
{
	struct td *td = test->priv;

	if (!td || !td->pdev)
		return;
	if (td->regs)
		pci_iounmap(td->pdev, td->regs);
	if (pci_is_enabled(td->pdev))
		pci_disable_device(td->pdev);
	pci_dev_put(td->pdev);
}

static void td_enable(struct kunit *test, struct td *td)
{
	KUNIT_ASSERT_EQ(test, pci_enable_device(td->pdev), 0);
	pci_set_master(td->pdev);
	td->regs = pci_iomap(td->pdev, 0, 0);
	KUNIT_ASSERT_NOT_NULL(test, td->regs);
}

static void pci_host_bridge_found(struct kunit *test)
{
	struct pci_dev *bridge = pci_get_domain_bus_and_slot(0, 0, PCI_DEVFN(0, 0));

	KUNIT_ASSERT_NOT_NULL_MSG(test, bridge, "no 0000:00:00.0");
	KUNIT_EXPECT_EQ(test, bridge->vendor, 0x1234);
	KUNIT_EXPECT_EQ(test, bridge->device, 0x10f0);
	KUNIT_EXPECT_EQ(test, bridge->class >> 8, PCI_CLASS_BRIDGE_HOST);
	/* The root bus came from ACPI: the bridge device has a companion. */
	KUNIT_EXPECT_NOT_NULL(test, ACPI_COMPANION(&pci_find_host_bridge(bridge->bus)->dev));
	pci_dev_put(bridge);
}

/*
 * ECAM is claimed twice without conflict: the PNP0C02 reservation and the
 * ECAM mapping, the reservation nested inside (as PCs show MMCONFIG).
 */
static void pci_ecam_reserved(struct kunit *test)
{
	/* Nothing changes the resource tree while the suites run. */
	struct resource *ecam = lookup_resource(&iomem_resource, 0xe0000000);
	struct resource *pnp = ecam ? ecam->child : NULL;

	KUNIT_ASSERT_NOT_NULL_MSG(test, ecam, "nothing claims the ECAM window");
	KUNIT_EXPECT_EQ(test, ecam->end, 0xe00fffff);
	KUNIT_EXPECT_STREQ(test, ecam->name, "PCI ECAM");
	KUNIT_ASSERT_NOT_NULL_MSG(test, pnp, "the PNP0C02 reservation is missing");
	KUNIT_EXPECT_EQ(test, pnp->start, ecam->start);
	KUNIT_EXPECT_EQ(test, pnp->end, ecam->end);
	KUNIT_EXPECT_STREQ(test, pnp->name, "pnp 00:00");
}

static bool inside_a_window(struct pci_host_bridge *hb, struct resource *r)
{
	struct resource_entry *w;

	resource_list_for_each_entry(w, &hb->windows)
		if (resource_type(w->res) == resource_type(r) && resource_contains(w->res, r))
			return true;
	return false;
}

static void td_ids_and_bars(struct kunit *test)
{
	struct td *td = test->priv;
	struct pci_dev *p = td->pdev;
	struct pci_host_bridge *hb = pci_find_host_bridge(p->bus);
	static const struct {
		int bar;
		resource_size_t size;
		unsigned long flags;
	} bars[] = {
		{ 0, SZ_4K, IORESOURCE_MEM },
		{ 2, SZ_16K, IORESOURCE_MEM | IORESOURCE_MEM_64 },
		{ 4, SZ_64K, IORESOURCE_MEM | IORESOURCE_MEM_64 | IORESOURCE_PREFETCH },
	};
	unsigned int i;

	KUNIT_EXPECT_EQ(test, p->vendor, TD_VENDOR);
	KUNIT_EXPECT_EQ(test, p->device, TD_DEVICE);
	KUNIT_EXPECT_EQ(test, p->class, 0xff0000);
	for (i = 0; i < ARRAY_SIZE(bars); i++) {
		struct resource *r = &p->resource[bars[i].bar];

		KUNIT_EXPECT_EQ_MSG(test, resource_size(r), bars[i].size, "BAR%d", bars[i].bar);
		KUNIT_EXPECT_EQ_MSG(test, r->flags & bars[i].flags, bars[i].flags,
				    "BAR%d flags %#lx", bars[i].bar, r->flags);
		KUNIT_EXPECT_TRUE_MSG(test, inside_a_window(hb, r), "BAR%d %pR", bars[i].bar, r);
		KUNIT_EXPECT_NOT_NULL_MSG(test, r->parent, "BAR%d not claimed", bars[i].bar);
	}
	/* BAR1 is not implemented; BAR3 is the upper half of BAR2. */
	KUNIT_EXPECT_EQ(test, p->resource[1].flags, 0);
	KUNIT_EXPECT_EQ(test, p->resource[3].flags, 0);
	KUNIT_EXPECT_EQ(test, resource_size(&p->resource[PCI_ROM_RESOURCE]), SZ_2K);
}

static void td_capabilities(struct kunit *test)
{
	struct td *td = test->priv;

	KUNIT_EXPECT_NE(test, td->pdev->msix_cap, 0);
	KUNIT_EXPECT_NE(test, td->pdev->msi_cap, 0);
	KUNIT_EXPECT_EQ(test, pci_msix_vec_count(td->pdev), TD_MSIX_VECTORS);
	KUNIT_EXPECT_TRUE(test, pci_is_pcie(td->pdev));
	KUNIT_EXPECT_EQ(test, pci_pcie_type(td->pdev), PCI_EXP_TYPE_RC_END);
	KUNIT_EXPECT_EQ(test, td->pdev->cfg_size, PCI_CFG_SPACE_EXP_SIZE);
	KUNIT_EXPECT_NE(test, td->pdev->pin, 0);
}

/* Registers and the memory BAR, through the gate accessors. */
static void td_mmio(struct kunit *test)
{
	struct td *td = test->priv;
	void __iomem *mem;
	u8 buf[64], back[64];
	unsigned int i;

	td_enable(test, td);
	KUNIT_EXPECT_EQ(test, readl(td->regs + TD_REG_MAGIC), TD_MAGIC);
	KUNIT_EXPECT_EQ(test, readl(td->regs + TD_REG_INFO), (1 << 16) | TD_MSIX_VECTORS);
	writel(0xdeadbeef, td->regs + TD_REG_SCRATCH);
	KUNIT_EXPECT_EQ(test, readl(td->regs + TD_REG_SCRATCH), 0xdeadbeef);
	KUNIT_EXPECT_EQ(test, readw(td->regs + TD_REG_SCRATCH + 2), 0xdead);
	KUNIT_EXPECT_EQ(test, readb(td->regs + TD_REG_SCRATCH), 0xef);
	writeq(0x0123456789abcdefULL, td->regs + TD_REG_SCRATCH64);
	KUNIT_EXPECT_EQ(test, readq(td->regs + TD_REG_SCRATCH64), 0x0123456789abcdefULL);

	{
		u64 t0 = ktime_get_ns(), sum = 0;

		for (i = 0; i < 10000; i++)
			sum += readl(td->regs + TD_REG_MAGIC);
		KUNIT_EXPECT_EQ(test, sum, 10000ULL * TD_MAGIC);
		kunit_info(test, "cost: readl of a device register %llu ns\n",
			   (ktime_get_ns() - t0) / 10000);
	}

	mem = pci_iomap(td->pdev, 4, 0);
	KUNIT_ASSERT_NOT_NULL(test, mem);
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = i * 7 + 1;
	memcpy_toio(mem + 0x1003, buf, sizeof(buf));
	memcpy_fromio(back, mem + 0x1003, sizeof(back));
	KUNIT_EXPECT_EQ(test, memcmp(buf, back, sizeof(buf)), 0);
	memset_io(mem + 0x1001, 0x5a, 20);
	KUNIT_EXPECT_EQ(test, readb(mem + 0x1000), 0);
	KUNIT_EXPECT_EQ(test, readq(mem + 0x1008), 0x5a5a5a5a5a5a5a5aULL);
	KUNIT_EXPECT_EQ(test, readb(mem + 0x1014), 0x5a);
	KUNIT_EXPECT_EQ(test, readb(mem + 0x1015), buf[0x15 - 3]);
	pci_iounmap(td->pdev, mem);
}

static irqreturn_t td_msi_handler(int irq, void *data)
{
	struct td *td = data;

	atomic_inc(&td->count);
	return IRQ_HANDLED;
}

/* Level INTx: ours if the device says so; acknowledging lowers the line. */
static irqreturn_t td_intx_handler(int irq, void *data)
{
	struct td *td = data;

	if (!(readl(td->regs + TD_REG_STATUS) & 1)) {
		atomic_inc(&td->none);
		return IRQ_NONE;
	}
	writel(1, td->regs + TD_REG_ACK);
	atomic_inc(&td->count);
	return IRQ_HANDLED;
}

/* Interrupts are taken on return from the doorbell's gate call; allow 1 s. */
static bool wait_count(struct td *td, int want)
{
	int i;

	for (i = 0; i < 1000 && atomic_read(&td->count) < want; i++)
		msleep(1);
	return atomic_read(&td->count) >= want;
}

static void ring_and_see(struct kunit *test, struct td *td, unsigned int vector,
			 unsigned int irq)
{
	unsigned int stat = kstat_irqs_usr(irq);
	int before = atomic_read(&td->count);

	writel(vector, td->regs + TD_REG_DOORBELL);
	KUNIT_EXPECT_TRUE_MSG(test, wait_count(td, before + 1),
			      "vector %u (irq %u) did not arrive", vector, irq);
	KUNIT_EXPECT_EQ_MSG(test, kstat_irqs_usr(irq), stat + 1, "irq %u count", irq);
}

static void td_msix(struct kunit *test)
{
	struct td *td = test->priv;
	int n, v;

	td_enable(test, td);
	n = pci_alloc_irq_vectors(td->pdev, TD_MSIX_VECTORS, TD_MSIX_VECTORS, PCI_IRQ_MSIX);
	KUNIT_ASSERT_EQ(test, n, TD_MSIX_VECTORS);
	for (v = 0; v < n; v++)
		KUNIT_ASSERT_EQ(test, request_irq(pci_irq_vector(td->pdev, v), td_msi_handler,
						  0, "uvmm-testdev-msix", td), 0);
	for (v = n - 1; v >= 0; v--)
		ring_and_see(test, td, v, pci_irq_vector(td->pdev, v));
	{
		int before = atomic_read(&td->count), i;
		u64 t0 = ktime_get_ns();

		for (i = 0; i < 1000; i++)
			writel(0, td->regs + TD_REG_DOORBELL);
		KUNIT_EXPECT_EQ(test, atomic_read(&td->count), before + 1000);
		kunit_info(test, "cost: MSI-X doorbell to handler and back %llu ns\n",
			   (ktime_get_ns() - t0) / 1000);
	}
	/* Fired while its IRQ is disabled, a vector is not lost: it arrives at enable. */
	n = atomic_read(&td->count);
	disable_irq(pci_irq_vector(td->pdev, 1));
	writel(1, td->regs + TD_REG_DOORBELL);
	KUNIT_EXPECT_EQ(test, atomic_read(&td->count), n);
	enable_irq(pci_irq_vector(td->pdev, 1));
	KUNIT_EXPECT_TRUE(test, wait_count(td, n + 1));
	n = TD_MSIX_VECTORS;
	for (v = 0; v < n; v++)
		free_irq(pci_irq_vector(td->pdev, v), td);
	pci_free_irq_vectors(td->pdev);
}

static void td_msi(struct kunit *test)
{
	struct td *td = test->priv;
	int irq;

	td_enable(test, td);
	KUNIT_ASSERT_EQ(test, pci_alloc_irq_vectors(td->pdev, 1, 1, PCI_IRQ_MSI), 1);
	KUNIT_EXPECT_TRUE(test, td->pdev->msi_enabled);
	irq = pci_irq_vector(td->pdev, 0);
	KUNIT_ASSERT_EQ(test, request_irq(irq, td_msi_handler, 0, "uvmm-testdev-msi", td), 0);
	ring_and_see(test, td, 0, irq);
	ring_and_see(test, td, 0, irq);
	free_irq(irq, td);
	pci_free_irq_vectors(td->pdev);
}

static void td_intx(struct kunit *test)
{
	struct td *td = test->priv;
	int irq;

	td_enable(test, td);
	KUNIT_ASSERT_EQ(test, pci_alloc_irq_vectors(td->pdev, 1, 1, PCI_IRQ_INTX), 1);
	irq = pci_irq_vector(td->pdev, 0);
	KUNIT_ASSERT_GT(test, irq, 0);
	/* The _PRT routes it as a level-triggered GSI. */
	KUNIT_EXPECT_TRUE_MSG(test, irq_get_trigger_type(irq) & IRQ_TYPE_LEVEL_MASK,
			      "trigger type %#x", irq_get_trigger_type(irq));
	KUNIT_ASSERT_EQ(test, request_irq(irq, td_intx_handler, IRQF_SHARED,
					  "uvmm-testdev-intx", td), 0);
	ring_and_see(test, td, 0, irq);
	KUNIT_EXPECT_EQ(test, readl(td->regs + TD_REG_STATUS) & 1, 0);
	ring_and_see(test, td, 0, irq);

	/*
	 * Level semantics: raised while the line is disabled, the interrupt
	 * is not lost; the device holds the line and enabling samples it.
	 */
	disable_irq(irq);
	writel(0, td->regs + TD_REG_DOORBELL);
	msleep(5);
	KUNIT_EXPECT_EQ(test, atomic_read(&td->count), 2);
	KUNIT_EXPECT_EQ(test, readl(td->regs + TD_REG_STATUS) & 1, 1);
	enable_irq(irq);
	KUNIT_EXPECT_TRUE(test, wait_count(td, 3));
	KUNIT_EXPECT_EQ(test, readl(td->regs + TD_REG_STATUS) & 1, 0);
	/* Once acknowledged the line is low: no further calls. */
	msleep(5);
	KUNIT_EXPECT_EQ(test, atomic_read(&td->count), 3);
	KUNIT_EXPECT_EQ(test, atomic_read(&td->none), 0);
	free_irq(irq, td);
	pci_free_irq_vectors(td->pdev);
}

/*
 * Device memory where nothing answers (inside the 32-bit window, outside
 * every BAR): reads give all ones of each width and writes vanish, as a
 * PCI master abort does; uvmm logs it once and goes on.
 */
static void pci_unclaimed_reads_all_ones(struct kunit *test)
{
	void __iomem *p = ioremap(0xdfff0000, PAGE_SIZE);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, p);
	for (i = 0; i < 3; i++) {
		KUNIT_EXPECT_EQ(test, readb(p + 1), 0xff);
		KUNIT_EXPECT_EQ(test, readw(p + 2), 0xffff);
		KUNIT_EXPECT_EQ(test, readl(p + 4), 0xffffffff);
		KUNIT_EXPECT_EQ(test, readq(p + 8), ~0ULL);
		writel(0, p + 4);
	}
	KUNIT_EXPECT_EQ(test, readl(p + 4), 0xffffffff);
	iounmap(p);
}

static struct kunit_case uvmm_pci_cases[] = {
	KUNIT_CASE(pci_host_bridge_found),
	KUNIT_CASE(pci_ecam_reserved),
	KUNIT_CASE(pci_unclaimed_reads_all_ones),
	KUNIT_CASE(td_ids_and_bars),
	KUNIT_CASE(td_capabilities),
	KUNIT_CASE(td_mmio),
	KUNIT_CASE(td_msix),
	KUNIT_CASE(td_msi),
	KUNIT_CASE(td_intx),
	{}
};

static struct kunit_suite uvmm_pci_suite = {
	.name = "uvmm_pci",
	.init = td_init,
	.exit = td_exit,
	.test_cases = uvmm_pci_cases,
};

kunit_test_suites(&uvmm_acpi_suite, &uvmm_pci_suite);
