/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal PCI device for proving the bus end to end: a BAR of registers,
 * a doorbell that raises an interrupt (MSI-X, else MSI, else INTx as a
 * level held until acknowledged), MSI-X table and PBA in a 64-bit BAR,
 * a prefetchable 64-bit memory BAR and an optional expansion ROM.
 *
 * BAR0 (32-bit, 4 KiB) registers, little endian, 32-bit unless noted:
 */
#ifndef VPCI_TESTDEV_H
#define VPCI_TESTDEV_H

#include "vpci.h"

#define TESTDEV_REG_MAGIC      0x00    /* RO: TESTDEV_MAGIC */
#define TESTDEV_REG_INFO       0x04    /* RO: version << 16 | MSI-X vectors */
#define TESTDEV_REG_SCRATCH    0x08    /* RW */
#define TESTDEV_REG_DOORBELL   0x0c    /* WO: a vector number; fires it */
#define TESTDEV_REG_IRQ_STATUS 0x10    /* RO: bit 0 = INTx raised by a doorbell */
#define TESTDEV_REG_IRQ_ACK    0x14    /* WO: 1s clear IRQ_STATUS bits (lowers INTx) */
#define TESTDEV_REG_FIRED      0x18    /* RO: doorbells that were sent or left pending */
#define TESTDEV_REG_DROPPED    0x1c    /* RO: doorbells that could not be delivered */
#define TESTDEV_REG_SCRATCH64  0x20    /* RW, 64-bit */
#define TESTDEV_REGS_END       0x28    /* the rest of BAR0 reads 0, ignores writes */

#define TESTDEV_MAGIC          0x76706369u     /* "icpv" in memory */
#define TESTDEV_VERSION        1
#define TESTDEV_REGS_BAR       0
#define TESTDEV_MSIX_BAR       2       /* table at 0, PBA at TESTDEV_PBA_OFFSET */
#define TESTDEV_PBA_OFFSET     0x2000
#define TESTDEV_MEM_BAR        4       /* 64-bit prefetchable plain memory */
#define TESTDEV_MEM_SIZE       0x10000

struct vpci_testdev_options {
	int slot;               /* -1: first free */
	unsigned msix_vectors;  /* 1..512 */
	bool rom;               /* add a 2 KiB expansion ROM with a valid header */
	bool pcie;              /* add a PCIe capability (RCiEP) with FLR */
	uint16_t vendor, device;
};

void vpci_testdev_defaults(struct vpci_testdev_options *o);
/* Adds and plugs the device; the bus frees it (vpci_bus_free/vpci_device_remove). */
struct vpci_device *vpci_testdev_add(struct vpci_bus *bus, const struct vpci_testdev_options *o,
				     char *err, size_t errlen);

#endif
