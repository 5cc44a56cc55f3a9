/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A host PCI device given to the guest (--device vfio:BDF): bound to
 * vfio-pci if it is not (and given back to its driver at the end), opened
 * through udrivers, all guest RAM DMA-mapped at IOVA = guest-physical
 * address, and put on the vpci bus by the passthrough model (vpci_pt.h)
 * with this file as its backend. Its interrupts arrive on eventfds that
 * the event thread turns into the guest's MSI-X/MSI/INTx.
 */
#ifndef UVMM_PCI_VFIO_PASSTHROUGH_H
#define UVMM_PCI_VFIO_PASSTHROUGH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct event_watch;
struct guest_mem;
struct vpci_bus;
struct vfio_pt;

/* Is name "vfio:BDF"? Then *bdf points at the BDF. */
bool vfio_pt_name(const char *name, const char **bdf);

/* Open, map and plug; NULL and a one-line reason in err (nothing left behind). */
struct vfio_pt *vfio_pt_open(const char *bdf, struct vpci_bus *bus, const struct guest_mem *mem,
			     char *err, size_t errlen);
/* Its interrupt eventfds, for the event thread to watch (*w: an array). */
unsigned vfio_pt_watches(struct vfio_pt *d, struct event_watch **w);
/*
 * The guest kernel maps guest-physical [phys, phys + len) at virt (inside
 * its ioremap area, checked by the caller): if that is all inside one
 * decoding BAR of ours, mappable and clear of the MSI-X table and PBA
 * pages, map the device there and return 0; else -ENODEV (the gate path).
 */
long vfio_pt_direct_map(struct vfio_pt *d, uint64_t virt, uint64_t phys, uint64_t len);
/*
 * The same for a guest user mapping (a BAR mmapped through sysfs): where
 * [phys, phys + len) is in the device fd (vfio_pt_fd), *fd_off, by the
 * same rules, or -ENODEV. The process maps it itself.
 */
long vfio_pt_user_map(struct vfio_pt *d, uint64_t phys, uint64_t len, uint64_t *fd_off);
/* "BDF, through VFIO's INTERFACE" (iommufd cdev or container/group). */
void vfio_pt_describe(const struct vfio_pt *d, char *buf, size_t len);
/* The VFIO device fd those offsets are in. */
int vfio_pt_fd(struct vfio_pt *d);
/* The guest unmapped [virt, virt + len): forget our mappings there. */
void vfio_pt_direct_forget(struct vfio_pt *d, uint64_t virt, uint64_t len);
/* The guest ended an interrupt on gsi: unmask our INTx if it was ours. */
void vfio_pt_eoi(struct vfio_pt *d, unsigned gsi);
/*
 * Gives the device back: interrupts off, DMA unmapped, reset, closed, and
 * its host driver bound again if we unbound it. After the event loop stopped
 * and before the bus is freed.
 */
void vfio_pt_close(struct vfio_pt *d);

#endif
