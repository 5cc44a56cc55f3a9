// SPDX-License-Identifier: GPL-2.0
/*
 * The pointers the guest kernel passes through the gate are its own
 * addresses, and uvmm runs in the same address space: a wrong one, or a
 * malicious one, would have uvmm read or write its own memory. Every
 * pointer a handler dereferences must lie in the direct map of guest RAM.
 */
#include "gate/gate.h"
#include "setup/guest_mem.h"
#include "vm.h"

int gate_guest_ptr_ok(const void *p, __u64 len)
{
	return guest_kernel_ptr(&the_vm->setup.mem, (uint64_t)(uintptr_t)p, len) != NULL;
}
