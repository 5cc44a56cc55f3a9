// SPDX-License-Identifier: GPL-2.0
/*
 * Gate calls map and unmap: the guest kernel's vmalloc and ioremap
 * mappings of guest RAM, mirrored into uvmm's address space (kernel_map.c
 * does it), and of passthrough BARs, which the PCI platform maps from the
 * device where it can (docs/passthrough.md).
 */
#include <errno.h>

#include "gate/gate.h"
#include "gate/kernel_map.h"
#include "vm.h"

long gate_map(__u64 virt, __u64 phys, __u64 len, __u32 prot)
{
	const struct guest_mem *m = &the_vm->setup.mem;
	long r = kernel_map(m, virt, phys, len, prot);
	uint64_t off;

	/* Refused as not guest RAM, though well placed: maybe a passthrough BAR. */
	if (r == -EINVAL && kernel_map_range_ok(virt, len) && !(phys & 4095) &&
	    guest_phys_to_file(m, phys, len, &off))
		return pci_direct_map(&the_vm->pci, virt, phys, len);
	return r;
}

long gate_unmap(__u64 virt, __u64 len)
{
	pci_direct_forget(&the_vm->pci, virt, len);
	return kernel_unmap(virt, len);
}
