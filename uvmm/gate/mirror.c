// SPDX-License-Identifier: GPL-2.0
/*
 * Gate calls map and unmap: the guest kernel's vmalloc and ioremap
 * mappings of guest RAM, mirrored into uvmm's address space
 * (kernel_map.c does it).
 */
#include "gate/gate.h"
#include "gate/kernel_map.h"
#include "vm.h"

long gate_map(__u64 virt, __u64 phys, __u64 len, __u32 prot)
{
	return kernel_map(&the_vm->setup.mem, virt, phys, len, prot);
}

long gate_unmap(__u64 virt, __u64 len)
{
	return kernel_unmap(virt, len);
}
