/* SPDX-License-Identifier: GPL-2.0 */
/* Running one guest from parsed options. */
#ifndef UVMM_VM_H
#define UVMM_VM_H

#include "host/event_loop.h"
#include "pci/pci_platform.h"
#include "vcpu/vcpu.h"
#include "setup/vm_setup.h"

struct uvmm_options;

struct vm {
	struct vm_setup setup;		/* memory, kernel, initrd, boot info */
	struct uvmm_gate *gate;		/* at UVMM_GATE_ADDR */
	struct vcpu vcpu;		/* one for now */
	struct event_loop events;	/* console input, later devices */
	struct pci_platform pci;	/* the vpci bus and its interrupt wiring */
};

/* The running guest (one per uvmm process). */
extern struct vm *the_vm;

/* Boots the guest and returns uvmm's exit status (exit_status.h). */
int vm_run(const struct uvmm_options *o);

#endif
