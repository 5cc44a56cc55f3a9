// SPDX-License-Identifier: GPL-2.0
/*
 * The gate table that the guest finds at UVMM_GATE_ADDR, pointing at the
 * trampolines of entry.S (one per call of UVMM_GATE_CALLS), and the
 * per-vCPU state pages beside it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "gate/gate.h"
#include "vm.h"

#define GATE_SIZE		4096UL
#define VCPU_STATE_SIZE		4096UL

_Static_assert(sizeof(struct uvmm_gate) == 16 + 8 * UVMM_GATE_NR_CALLS,
	       "the gate table is a header and one pointer per call");

int gate_install(struct vm *vm, char *err, size_t errlen)
{
	struct uvmm_gate *g;
	void *state;

	g = mmap((void *)UVMM_GATE_ADDR, GATE_SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (g != (void *)UVMM_GATE_ADDR) {
		snprintf(err, errlen, "cannot map the gate at %#lx: %s",
			 UVMM_GATE_ADDR, strerror(errno));
		return -1;
	}
	state = mmap((void *)UVMM_VCPU_STATE_ADDR, VCPU_STATE_SIZE * UVMM_MAX_VCPUS,
		     PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (state != (void *)UVMM_VCPU_STATE_ADDR) {
		snprintf(err, errlen, "cannot map the vCPU state at %#lx: %s",
			 UVMM_VCPU_STATE_ADDR, strerror(errno));
		munmap(g, GATE_SIZE);
		return -1;
	}

	g->magic = UVMM_GATE_MAGIC;
	g->abi_version = UVMM_GATE_ABI_VERSION;
	g->size = sizeof(*g);
#define GATE_TABLE_ENTRY(name, ret, params, args, kind)		\
	g->name = gate_entry_##name;
	UVMM_GATE_CALLS(GATE_TABLE_ENTRY)
#undef GATE_TABLE_ENTRY
	mprotect(g, GATE_SIZE, PROT_READ);

	vm->gate = g;
	vm->vcpu.state = state;
	return 0;
}

void gate_remove(struct vm *vm)
{
	if (!vm->gate)
		return;
	munmap((void *)UVMM_GATE_ADDR, GATE_SIZE);
	munmap((void *)UVMM_VCPU_STATE_ADDR, VCPU_STATE_SIZE * UVMM_MAX_VCPUS);
	vm->gate = NULL;
}
