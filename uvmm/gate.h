/* SPDX-License-Identifier: GPL-2.0 */
/* The gate table and the per-vCPU state pages at their fixed addresses. */
#ifndef UVMM_GATE_H
#define UVMM_GATE_H

#include <stddef.h>

struct vm;

/* Map and fill the gate table (read-only) and the vCPU state pages. */
int gate_install(struct vm *vm, char *err, size_t errlen);
void gate_remove(struct vm *vm);

#endif
