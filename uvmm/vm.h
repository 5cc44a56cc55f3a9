/* SPDX-License-Identifier: GPL-2.0 */
/* Running one guest from parsed options. */
#ifndef UVMM_VM_H
#define UVMM_VM_H

struct uvmm_options;

/* Boots the guest and returns uvmm's exit status (exit_status.h). */
int vm_run(const struct uvmm_options *o);

#endif
