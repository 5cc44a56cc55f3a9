// SPDX-License-Identifier: GPL-2.0
/*
 * The PCI host bridge that uvmm's DSDT describes (PNP0A08): the ACPI core
 * finds it and calls pci_acpi_scan_root(); we map its config space from
 * the MCFG entry (ECAM, through ioremap, so config accesses reach uvmm's
 * vpci through the gate accessors) and let the PCI core scan and assign.
 * INTx routing comes from _PRT when a device is enabled, MSI from the MSI
 * domain in kernel/msi.c.
 */
#include <linux/acpi.h>
#include <linux/init.h>
#include <linux/pci.h>
#include <linux/pci-acpi.h>
#include <linux/pci-ecam.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>

struct uvmm_pci_root {
	struct acpi_pci_root_info info;	/* first: the ACPI core hands it back */
	struct acpi_pci_root_ops ops;
	struct pci_config_window *cfg;
	struct list_head ecam_late;	/* on ecam_to_insert until late_initcall */
};

/*
 * The DSDT reserves ECAM with a PNP0C02 device, whose driver claims that
 * range later (fs_initcall) than we map it. As on PCs, the ECAM resource
 * goes into the tree only afterwards, nested inside that reservation, so
 * neither claim fails.
 */
static LIST_HEAD(ecam_to_insert);
static DEFINE_MUTEX(ecam_to_insert_lock);

static int __init uvmm_pci_insert_ecam(void)
{
	struct uvmm_pci_root *r, *tmp;

	mutex_lock(&ecam_to_insert_lock);
	list_for_each_entry_safe(r, tmp, &ecam_to_insert, ecam_late) {
		if (insert_resource(&iomem_resource, &r->cfg->res))
			pr_warn("PCI: cannot insert %pR\n", &r->cfg->res);
		list_del_init(&r->ecam_late);
	}
	mutex_unlock(&ecam_to_insert_lock);
	return 0;
}
late_initcall(uvmm_pci_insert_ecam);

static void uvmm_pci_release_info(struct acpi_pci_root_info *info)
{
	struct uvmm_pci_root *r = container_of(info, struct uvmm_pci_root, info);

	mutex_lock(&ecam_to_insert_lock);
	list_del_init(&r->ecam_late);
	mutex_unlock(&ecam_to_insert_lock);
	pci_ecam_free(r->cfg);
	kfree(r);
}

/* The bridge's _CRS: keep the windows it forwards, not what it consumes. */
static int uvmm_pci_prepare_resources(struct acpi_pci_root_info *info)
{
	struct resource_entry *entry, *tmp;
	int ret = acpi_pci_probe_root_resources(info);

	resource_list_for_each_entry_safe(entry, tmp, &info->resources)
		if (!(entry->res->flags & IORESOURCE_WINDOW))
			resource_list_destroy_entry(entry);
	return ret;
}

static struct pci_config_window *uvmm_pci_map_ecam(struct acpi_pci_root *root)
{
	struct device *dev = &root->device->dev;
	const struct pci_ecam_ops *ops;
	struct pci_config_window *cfg;
	struct acpi_device *owner;
	struct resource ecam;

	if (pci_mcfg_lookup(root, &ecam, &ops)) {
		dev_err(dev, "%04x:%pR: no MCFG entry for this bus range\n",
			root->segment, &root->secondary);
		return NULL;
	}
	owner = acpi_resource_consumer(&ecam);
	if (owner)
		dev_info(dev, "ECAM %pR reserved by %s\n", &ecam, dev_name(&owner->dev));
	else
		dev_warn(dev, FW_BUG "ECAM %pR is not reserved in the namespace\n", &ecam);
	cfg = pci_ecam_create(dev, &ecam, &root->secondary, ops);
	if (IS_ERR(cfg)) {
		dev_err(dev, "cannot map ECAM %pR: %ld\n", &ecam, PTR_ERR(cfg));
		return NULL;
	}
	return cfg;
}

struct pci_bus *pci_acpi_scan_root(struct acpi_pci_root *root)
{
	struct uvmm_pci_root *r = kzalloc(sizeof(*r), GFP_KERNEL);
	struct pci_bus *bus;

	if (!r)
		return NULL;
	INIT_LIST_HEAD(&r->ecam_late);
	r->cfg = uvmm_pci_map_ecam(root);
	if (!r->cfg) {
		kfree(r);
		return NULL;
	}
	if (r->cfg->res.parent) {
		release_resource(&r->cfg->res);
		mutex_lock(&ecam_to_insert_lock);
		list_add_tail(&r->ecam_late, &ecam_to_insert);
		mutex_unlock(&ecam_to_insert_lock);
	}
	r->ops.release_info = uvmm_pci_release_info;
	r->ops.prepare_resources = uvmm_pci_prepare_resources;
	r->ops.pci_ops = (struct pci_ops *)&r->cfg->ops->pci_ops;
	/* On failure the ACPI core has called release_info already. */
	bus = acpi_pci_root_create(root, &r->ops, &r->info, r->cfg);
	if (!bus)
		return NULL;
	/*
	 * uvmm's "firmware" placed the BARs inside the windows; the PCI core
	 * claims what is valid and assigns the rest.
	 */
	pci_assign_unassigned_root_bus_resources(bus);
	return bus;
}

/* PCI_DOMAINS_GENERIC asks the firmware: the bridge's _SEG. */
int acpi_pci_bus_find_domain_nr(struct pci_bus *bus)
{
	struct pci_config_window *cfg = bus->sysdata;
	struct acpi_pci_root *root = acpi_driver_data(to_acpi_device(cfg->parent));

	return root->segment;
}

/* The root bridge's ACPI companion: _PRT, _OSC and MSI lookups need it. */
int pcibios_root_bridge_prepare(struct pci_host_bridge *bridge)
{
	struct pci_config_window *cfg = bridge->bus->sysdata;
	struct acpi_device *adev;

	if (acpi_disabled || !cfg->parent)
		return 0;
	adev = to_acpi_device(cfg->parent);
	ACPI_COMPANION_SET(&bridge->dev, adev);
	return 0;
}

void pcibios_add_bus(struct pci_bus *bus)
{
	acpi_pci_add_bus(bus);
}

void pcibios_remove_bus(struct pci_bus *bus)
{
	acpi_pci_remove_bus(bus);
}

/*
 * INTx: when a device is enabled, route its pin through the bridge's _PRT
 * to a GSI (dev->irq), as PC firmware interfaces do; undo it at disable.
 */
int pcibios_enable_device(struct pci_dev *dev, int bars)
{
	int ret = pci_enable_resources(dev, bars);

	if (ret || acpi_disabled)
		return ret;
	return acpi_pci_irq_enable(dev);
}

void pcibios_disable_device(struct pci_dev *dev)
{
	if (!acpi_disabled)
		acpi_pci_irq_disable(dev);
}

/* Config space for AML's PCI_Config operation regions (ACPI's OS layer). */
int raw_pci_read(unsigned int domain, unsigned int busnr, unsigned int devfn,
		 int reg, int len, u32 *val)
{
	struct pci_bus *bus = pci_find_bus(domain, busnr);

	if (!bus)
		return PCIBIOS_DEVICE_NOT_FOUND;
	return bus->ops->read(bus, devfn, reg, len, val);
}

int raw_pci_write(unsigned int domain, unsigned int busnr, unsigned int devfn,
		  int reg, int len, u32 val)
{
	struct pci_bus *bus = pci_find_bus(domain, busnr);

	if (!bus)
		return PCIBIOS_DEVICE_NOT_FOUND;
	return bus->ops->write(bus, devfn, reg, len, val);
}
