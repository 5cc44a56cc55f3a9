/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest's PCI segment as uvmm runs it: the vpci bus laid out as the
 * ACPI tables describe it (acpi_platform_defaults), the devices from the
 * command line, and the wiring of the bus's interrupts to virtual lines:
 *   INTx: GSI n is line n, level-triggered (raised on the rising edge and
 *         again at each guest EOI while still asserted);
 *   MSI/MSI-X: a write of data n (UVMM_IRQ_FIRST_MSI <= n < UVMM_NR_IRQS)
 *         to UVMM_MSI_ADDR raises line n.
 * docs/vpci.md ("Guest side") and docs/gate-abi.md explain the choices.
 */
#ifndef UVMM_PCI_PLATFORM_H
#define UVMM_PCI_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct disk_spec;
struct share_spec;
struct virtio_plan;
struct event_watch;
struct guest_mem;
struct vfio_pt;
struct virtio_dev;
struct vpci_bus;

#define PCI_PLATFORM_MAX_DEVICES	8
#define PCI_PLATFORM_MAX_VIRTIO		8

/* Misuse kinds logged once each (bits of pci_platform.logged). */
enum pci_platform_misuse {
	PCI_MISUSE_MMIO_SIZE,		/* gate mmio access of a size not 1/2/4/8 */
	PCI_MISUSE_MMIO_UNCLAIMED,	/* no device at that address */
	PCI_MISUSE_MSI_MESSAGE,		/* MSI not aimed at UVMM_MSI_ADDR / an MSI line */
	PCI_MISUSE_GSI,			/* an INTx GSI outside the wired lines */
	PCI_MISUSE_EOI_LINE,		/* irq_eoi of a line that is not a wired line */
};

struct pci_platform {
	struct vpci_bus *bus;
	/* Raises a virtual line on the vCPU (vcpu_raise_irq in uvmm). */
	void (*raise)(void *opaque, unsigned line);
	void *opaque;
	struct vfio_pt *vfio[PCI_PLATFORM_MAX_DEVICES];	/* passed-through host devices */
	unsigned nr_vfio;
	struct virtio_dev *virtio[PCI_PLATFORM_MAX_VIRTIO];	/* uvmm's own devices */
	unsigned nr_virtio;
	uint64_t intx_level;		/* bit n: GSI n is asserted (atomic) */
	unsigned logged;		/* enum pci_platform_misuse bits (atomic) */
	bool verbose;			/* --verbose: say which BAR pages are direct */
};

/*
 * Create the bus for nr_vcpus' platform and plug the named devices
 * ("testdev", "vfio:BDF": a host device, DMA-mapped over mem). 0, or -1
 * with a one-line reason in err.
 */
int pci_platform_init(struct pci_platform *p, unsigned nr_vcpus, const struct guest_mem *mem,
		      const char *const *devices, unsigned nr_devices,
		      void (*raise)(void *opaque, unsigned line), void *opaque,
		      char *err, size_t errlen);
/*
 * uvmm's virtio devices, after the command line's --device ones (which
 * keep their slots): a virtio-blk per disk, a virtio-fs per share, a
 * virtio-net per network, then virtio-rng if asked. They reach guest RAM
 * (mem) directly. 0, or -1 with a one-line reason in err.
 */
int pci_platform_add_virtio(struct pci_platform *p, const struct guest_mem *mem,
			    const struct virtio_plan *plan, char *err, size_t errlen);
/* The devices' interrupt sources, each passed to watch (the event loop's);
 * the first failure stops and is returned. */
int pci_platform_watch(struct pci_platform *p, int (*watch)(void *ctx, struct event_watch *w),
		       void *ctx);
/* No callback runs after this returns; host devices are given back. After
 * the event loop stopped. */
void pci_platform_free(struct pci_platform *p);

/* --verbose: one line per passthrough device, how it was opened. */
void pci_platform_report(const struct pci_platform *p);

/* Is this a device name --device accepts ("vfio:" + anything: checked at open)? */
bool pci_platform_device_known(const char *name);

/* A passthrough BAR mapped straight into the guest kernel's ioremap area
 * (vfio_pt_direct_map); -ENODEV when no device can. And the unmap. */
long pci_direct_map(struct pci_platform *p, uint64_t virt, uint64_t phys, uint64_t len);
void pci_direct_forget(struct pci_platform *p, uint64_t virt, uint64_t len);
/* The passthrough devices' fds, in the order pci_user_map() numbers them:
 * how many (at most max). */
unsigned pci_device_fds(struct pci_platform *p, int *fds, unsigned max);
/* A guest user mapping of guest-physical [phys, phys + len): device *dev's
 * fd at *dev_off (vfio_pt_user_map), or -ENODEV. */
long pci_user_map(struct pci_platform *p, uint64_t phys, uint64_t len, unsigned *dev,
		  uint64_t *dev_off);

/* The gate's mmio_read/mmio_write/irq_eoi, for one platform. */
uint64_t pci_mmio_read(struct pci_platform *p, uint64_t phys, uint32_t size);
void pci_mmio_write(struct pci_platform *p, uint64_t phys, uint64_t value, uint32_t size);
void pci_irq_eoi(struct pci_platform *p, uint32_t line);

#endif
