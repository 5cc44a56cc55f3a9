// SPDX-License-Identifier: GPL-2.0
/*
 * Gate entries for emulated devices: the guest's MMIO accessors send every
 * access to device memory (ECAM, BARs) here with its guest-physical
 * address, and its level-interrupt EOIs. They run on the vCPU thread; an
 * interrupt a device raises meanwhile stays pending and the guest takes it
 * on return (asm/gate.h).
 */
#include "gate/gate.h"
#include "pci/pci_platform.h"
#include "vm.h"

__u64 gate_mmio_read(__u64 phys, __u32 size)
{
	return pci_mmio_read(&the_vm->pci, phys, size);
}

void gate_mmio_write(__u64 phys, __u64 value, __u32 size)
{
	pci_mmio_write(&the_vm->pci, phys, value, size);
}

void gate_irq_eoi(__u32 line)
{
	pci_irq_eoi(&the_vm->pci, line);
}
