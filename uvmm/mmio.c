// SPDX-License-Identifier: GPL-2.0
/*
 * Gate entries for emulated devices: the guest's MMIO accessors send every
 * access to device memory (ECAM, BARs) here with its guest-physical
 * address, and its level-interrupt EOIs. They run on the vCPU thread; an
 * interrupt a device raises meanwhile stays pending and the guest takes it
 * on return (asm/gate_mmio.h).
 */
#include <stdint.h>

#include "pci_platform.h"
#include "vm.h"

uint64_t gate_mmio_read(uint64_t phys, uint32_t size)
{
	return pci_mmio_read(&the_vm->pci, phys, size);
}

void gate_mmio_write(uint64_t phys, uint64_t value, uint32_t size)
{
	pci_mmio_write(&the_vm->pci, phys, value, size);
}

void gate_irq_eoi(uint32_t line)
{
	pci_irq_eoi(&the_vm->pci, line);
}
