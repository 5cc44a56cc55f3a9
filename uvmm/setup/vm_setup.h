/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Everything that happens before the first vCPU runs: guest memory, the
 * kernel image, the initrd and the boot info, in that order.
 */
#ifndef UVMM_VM_SETUP_H
#define UVMM_VM_SETUP_H

#include <stddef.h>
#include <stdint.h>

#include "setup/boot_info.h"
#include "setup/elf_load.h"
#include "setup/guest_mem.h"

struct uvmm_options;

struct vm_setup {
	struct guest_mem mem;
	struct kernel_image kernel;
	uint64_t initrd_phys;		/* guest-physical; initrd_size 0: none */
	uint64_t initrd_size;
	struct uvmm_boot_info *boot_info;	/* in guest memory, at UVMM_BOOT_INFO_PHYS */
	uint64_t boot_info_virt;	/* the same, as the kernel sees it: pass in %rdi */
	int ready;			/* set up: vm_teardown has work to do */
};

/* vCPUs until the command line grows an option for it. */
#define VM_SETUP_NR_VCPUS	1

/*
 * Build the guest from o. On error returns -1 with a one-line message in
 * err and leaves nothing behind (no mapping, no descriptor, no --mem-file).
 */
int vm_setup(const struct uvmm_options *o, struct vm_setup *s, char *err, size_t errlen);

/* Undo vm_setup (unlinks --mem-file). Safe to call twice or after a failure. */
void vm_teardown(struct vm_setup *s);

#endif
