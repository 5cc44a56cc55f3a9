/* SPDX-License-Identifier: GPL-2.0 */
/* Guest user space behind the gate (user.c); the entries are gate_mm_* and gate_user_*. */
#ifndef UVMM_USER_H
#define UVMM_USER_H

#include <stdint.h>

#include <asm/uvmm_gate.h>

long gate_mm_create(void);
void gate_mm_destroy(uint64_t id);
long gate_mm_map(uint64_t id, uint64_t virt, uint64_t phys, uint64_t len, uint32_t prot);
long gate_mm_unmap(uint64_t id, uint64_t virt, uint64_t len);
long gate_mm_protect(uint64_t id, uint64_t virt, uint64_t len, uint32_t prot);
long gate_user_run(uint64_t id, struct uvmm_regs *regs, struct uvmm_user_thread *t);
void gate_user_save_fpu(uint64_t id, struct uvmm_user_thread *t);
void gate_user_forget(uint64_t id, struct uvmm_user_thread *t);

/* Kill every guest process: the vCPU thread, when the guest halts. */
void user_destroy_all(void);

#endif
