/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The gate: its table and the per-vCPU state pages at their fixed
 * addresses, and the prototype of every handler, generated from the one
 * list in the ABI header (UVMM_GATE_CALLS), so that a handler whose
 * definition disagrees with the ABI does not compile. Handlers take the
 * ABI's own types (__u64, __u32), not their <stdint.h> look-alikes.
 */
#ifndef UVMM_GATE_H
#define UVMM_GATE_H

#include <stddef.h>
#include "asm/uvmm_gate.h"

struct vm;

/* Is [p, p+len) a guest kernel pointer into guest RAM (gate/guest_ptr.c)? */
int gate_guest_ptr_ok(const void *p, __u64 len);

/* Map and fill the gate table (read-only) and the vCPU state pages. */
int gate_install(struct vm *vm, char *err, size_t errlen);
void gate_remove(struct vm *vm);

/*
 * gate_<name>: the C handler, on the vCPU's host stack (the .c files of gate/);
 * gate_entry_<name>: its trampoline in entry.S, which the table points at.
 */
#define GATE_PROTOTYPES(name, ret, params, args, kind)			\
	ret gate_##name params;						\
	ret gate_entry_##name params;
UVMM_GATE_CALLS(GATE_PROTOTYPES)
#undef GATE_PROTOTYPES

#endif
