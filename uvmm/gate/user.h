/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest user space behind the gate (user.c): its gate_mm_* and gate_user_*
 * handlers are declared with the others in gate/gate.h.
 */
#ifndef UVMM_USER_H
#define UVMM_USER_H

/* At most n guest address spaces at once: mm_create fails past it. */
void user_set_max_procs(unsigned int n);

/* Kill every guest process: the vCPU thread, when the guest halts. */
void user_destroy_all(void);

#endif
