// SPDX-License-Identifier: GPL-2.0
/*
 * The vpci bus of a guest: laid out from the same platform description as
 * the ACPI tables (so _CRS, MCFG and _PRT tell the truth), with vpci's
 * interrupt outputs turned into virtual lines.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "asm/uvmm_gate.h"

#include "acpi_tables.h"
#include "host/event_loop.h"
#include "pci/pci_platform.h"
#include "pci/vfio_passthrough.h"
#include "setup/guest_mem.h"
#include "testdev.h"
#include "virtio.h"
#include "virtio/devices.h"
#include "vpci.h"

/* One line on stderr for the first misuse of each kind. */
static void misuse_once(struct pci_platform *p, enum pci_platform_misuse kind,
			const char *fmt, ...)
{
	char line[256];
	va_list ap;

	if (__atomic_fetch_or(&p->logged, 1u << kind, __ATOMIC_RELAXED) & (1u << kind))
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fprintf(stderr, "uvmm: %s (further ones not logged)\n", line);
}

static void on_msi(void *opaque, uint64_t addr, uint32_t data)
{
	struct pci_platform *p = opaque;

	if (addr != UVMM_MSI_ADDR || data < UVMM_IRQ_FIRST_MSI || data >= UVMM_NR_IRQS) {
		/* Real hardware would write that memory; nothing listens here. */
		misuse_once(p, PCI_MISUSE_MSI_MESSAGE,
			    "MSI message to %#llx data %#x dropped: not an MSI line",
			    (unsigned long long)addr, data);
		return;
	}
	p->raise(p->opaque, data);
}

static void on_intx(void *opaque, unsigned gsi, bool level)
{
	struct pci_platform *p = opaque;
	uint64_t bit, old;

	if (gsi <= UVMM_IRQ_CONSOLE || gsi >= UVMM_IRQ_FIRST_MSI) {
		misuse_once(p, PCI_MISUSE_GSI, "INTx on GSI %u, which is no wired line", gsi);
		return;
	}
	bit = 1ULL << gsi;
	if (level) {
		old = __atomic_fetch_or(&p->intx_level, bit, __ATOMIC_SEQ_CST);
		if (!(old & bit))
			p->raise(p->opaque, gsi);
	} else {
		__atomic_fetch_and(&p->intx_level, ~bit, __ATOMIC_SEQ_CST);
	}
}

static void on_log(void *opaque, const char *line)
{
	(void)opaque;
	fprintf(stderr, "uvmm: %s\n", line);
}

bool pci_platform_device_known(const char *name)
{
	const char *bdf;

	return strcmp(name, "testdev") == 0 || vfio_pt_name(name, &bdf);
}

static void bus_config_from_acpi(const struct acpi_platform *a, struct vpci_bus_config *c)
{
	vpci_bus_config_defaults(c);
	c->ecam_base = a->ecam_base + ((uint64_t)a->bus_start << 20);
	c->segment = a->segment;
	c->bus_nr = a->bus_start;
	c->mmio32_base = a->mmio32_base;
	c->mmio32_size = a->mmio32_size;
	c->mmio64_base = a->mmio64_base;
	c->mmio64_size = a->mmio64_size;
	c->intx_gsi_base = a->gsi_base;
}

static int add_testdev(struct pci_platform *p, char *err, size_t errlen)
{
	struct vpci_testdev_options o;
	char why[256];

	vpci_testdev_defaults(&o);
	o.pcie = true;	/* a PCIe capability with FLR, as the guest check expects */
	if (!vpci_testdev_add(p->bus, &o, why, sizeof(why))) {
		snprintf(err, errlen, "cannot add device testdev: %s", why);
		return -1;
	}
	return 0;
}

int pci_platform_init(struct pci_platform *p, unsigned nr_vcpus, const struct guest_mem *mem,
		      const char *const *devices, unsigned nr_devices,
		      void (*raise)(void *opaque, unsigned line), void *opaque,
		      char *err, size_t errlen)
{
	struct vpci_irq_ops irq = { .msi = on_msi, .intx = on_intx, .log = on_log, .opaque = p };
	struct vpci_bus_config cfg;
	struct acpi_platform a;
	char why[256];
	unsigned i;

	memset(p, 0, sizeof(*p));
	p->raise = raise;
	p->opaque = opaque;
	acpi_platform_defaults(&a, nr_vcpus);
	bus_config_from_acpi(&a, &cfg);
	p->bus = vpci_bus_new(&cfg, &irq, why, sizeof(why));
	if (!p->bus) {
		snprintf(err, errlen, "cannot create the PCI bus: %s", why);
		return -1;
	}
	for (i = 0; i < nr_devices; i++) {
		const char *bdf;

		if (vfio_pt_name(devices[i], &bdf)) {
			p->vfio[p->nr_vfio] = vfio_pt_open(bdf, p->bus, mem, err, errlen);
			if (!p->vfio[p->nr_vfio])
				goto fail;
			p->nr_vfio++;
		} else if (!strcmp(devices[i], "testdev")) {
			if (add_testdev(p, err, errlen))
				goto fail;
		} else {
			snprintf(err, errlen, "unknown device '%s' (known: testdev, vfio:BDF)",
				 devices[i]);
			goto fail;
		}
	}
	return 0;
fail:
	pci_platform_free(p);
	return -1;
}

/* Device DMA into guest RAM: the same checks as every guest pointer. */
static void *dma_ptr(void *opaque, uint64_t gpa, uint64_t len)
{
	return guest_phys_ptr(opaque, gpa, len);
}

int pci_platform_add_virtio(struct pci_platform *p, const struct guest_mem *mem,
			    const struct virtio_plan *plan, char *err, size_t errlen)
{
	struct vpci_dma dma = { .ptr = dma_ptr, .opaque = (void *)mem };
	unsigned total = plan->nr_disks + plan->nr_shares + plan->nr_nets + plan->rng;
	struct virtio_dev *d;

	if (total > PCI_PLATFORM_MAX_VIRTIO) {
		snprintf(err, errlen, "at most %u virtio devices", PCI_PLATFORM_MAX_VIRTIO);
		return -1;
	}
	for (unsigned i = 0; i < plan->nr_disks; i++) {
		if (!(d = virtio_blk_add(p->bus, &dma, &plan->disks[i], err, errlen)))
			return -1;
		p->virtio[p->nr_virtio++] = d;
	}
	for (unsigned i = 0; i < plan->nr_shares; i++) {
		if (!(d = virtio_fs_add(p->bus, &dma, &plan->shares[i], err, errlen)))
			return -1;
		p->virtio[p->nr_virtio++] = d;
	}
	for (unsigned i = 0; i < plan->nr_nets; i++) {
		if (!(d = virtio_net_add(p->bus, &dma, &plan->nets[i], err, errlen)))
			return -1;
		p->virtio[p->nr_virtio++] = d;
	}
	if (plan->rng) {
		if (!(d = virtio_rng_add(p->bus, &dma, err, errlen)))
			return -1;
		p->virtio[p->nr_virtio++] = d;
	}
	return 0;
}

int pci_platform_watch(struct pci_platform *p, int (*watch)(void *ctx, struct event_watch *w),
		       void *ctx)
{
	for (unsigned i = 0; i < p->nr_vfio; i++) {
		struct event_watch *w;
		unsigned n = vfio_pt_watches(p->vfio[i], &w);

		for (unsigned j = 0; j < n; j++) {
			int r = watch(ctx, &w[j]);

			if (r)
				return r;
		}
	}
	return 0;
}

long pci_direct_map(struct pci_platform *p, uint64_t virt, uint64_t phys, uint64_t len)
{
	for (unsigned i = 0; i < p->nr_vfio; i++) {
		if (!vfio_pt_direct_map(p->vfio[i], virt, phys, len)) {
			if (p->verbose)
				fprintf(stderr, "uvmm: guest-physical %#llx+%#llx (a passthrough BAR) mapped directly\n",
					(unsigned long long)phys, (unsigned long long)len);
			return 0;
		}
	}
	return -ENODEV;
}

void pci_direct_forget(struct pci_platform *p, uint64_t virt, uint64_t len)
{
	for (unsigned i = 0; i < p->nr_vfio; i++)
		vfio_pt_direct_forget(p->vfio[i], virt, len);
}

void pci_platform_report(const struct pci_platform *p)
{
	char what[128];

	for (unsigned i = 0; p->verbose && i < p->nr_vfio; i++) {
		vfio_pt_describe(p->vfio[i], what, sizeof(what));
		fprintf(stderr, "uvmm: passthrough device %s\n", what);
	}
}

unsigned pci_device_fds(struct pci_platform *p, int *fds, unsigned max)
{
	unsigned i;

	for (i = 0; i < p->nr_vfio && i < max; i++)
		fds[i] = vfio_pt_fd(p->vfio[i]);
	return i;
}

long pci_user_map(struct pci_platform *p, uint64_t phys, uint64_t len, unsigned *dev,
		  uint64_t *dev_off)
{
	for (unsigned i = 0; i < p->nr_vfio; i++)
		if (!vfio_pt_user_map(p->vfio[i], phys, len, dev_off)) {
			if (p->verbose)
				fprintf(stderr, "uvmm: guest-physical %#llx+%#llx (a passthrough BAR) mapped into a guest process\n",
					(unsigned long long)phys, (unsigned long long)len);
			*dev = i;
			return 0;
		}
	return -ENODEV;
}

void pci_platform_free(struct pci_platform *p)
{
	/* Their threads first: the bus frees the devices, and a thread may be
	 * waiting for the bus lock. */
	for (unsigned i = 0; i < p->nr_virtio; i++)
		virtio_dev_stop(p->virtio[i]);
	p->nr_virtio = 0;
	while (p->nr_vfio)
		vfio_pt_close(p->vfio[--p->nr_vfio]);
	if (p->bus)
		vpci_bus_free(p->bus);
	p->bus = NULL;
}

static bool size_ok(struct pci_platform *p, uint64_t phys, uint32_t size)
{
	if (size == 1 || size == 2 || size == 4 || size == 8)
		return true;
	misuse_once(p, PCI_MISUSE_MMIO_SIZE, "MMIO access of %u bytes at %#llx ignored",
		    size, (unsigned long long)phys);
	return false;
}

/* What a bus gives for a read nobody answers: all ones of the width. */
static uint64_t all_ones(uint32_t size)
{
	return size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

uint64_t pci_mmio_read(struct pci_platform *p, uint64_t phys, uint32_t size)
{
	uint64_t val;

	if (!size_ok(p, phys, size))
		return ~0ULL;
	if (!p->bus || !vpci_mmio_read(p->bus, phys, size, &val)) {
		misuse_once(p, PCI_MISUSE_MMIO_UNCLAIMED,
			    "MMIO read of %u bytes at %#llx: no device there, reads all ones",
			    size, (unsigned long long)phys);
		return all_ones(size);
	}
	return val & all_ones(size);
}

void pci_mmio_write(struct pci_platform *p, uint64_t phys, uint64_t value, uint32_t size)
{
	if (!size_ok(p, phys, size))
		return;
	if (!p->bus || !vpci_mmio_write(p->bus, phys, size, value & all_ones(size)))
		misuse_once(p, PCI_MISUSE_MMIO_UNCLAIMED,
			    "MMIO write of %u bytes at %#llx: no device there, dropped",
			    size, (unsigned long long)phys);
}

void pci_irq_eoi(struct pci_platform *p, uint32_t line)
{
	if (line <= UVMM_IRQ_CONSOLE || line >= UVMM_IRQ_FIRST_MSI) {
		misuse_once(p, PCI_MISUSE_EOI_LINE, "irq_eoi of line %u, which is no wired line",
			    line);
		return;
	}
	/* A host device's INTx: lowered here, raised again by the device if it still asserts. */
	for (unsigned i = 0; i < p->nr_vfio; i++)
		vfio_pt_eoi(p->vfio[i], line);
	if (__atomic_load_n(&p->intx_level, __ATOMIC_SEQ_CST) & (1ULL << line))
		p->raise(p->opaque, line);
}
