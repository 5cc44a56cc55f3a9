/* SPDX-License-Identifier: GPL-2.0 */
/* The boot info page handed to the guest kernel. */
#ifndef UVMM_BOOT_INFO_H
#define UVMM_BOOT_INFO_H

#include <stddef.h>
#include <stdint.h>
#include "asm/uvmm_gate.h"

#include "setup/initrd.h"	/* initrd_place() used to be declared here */

struct guest_mem;

/*
 * Fill *bi: magic, ABI version, vCPUs, RAM size and memory map (RAM ranges
 * from m; the boot info page itself reserved), initrd, RSDP, command line.
 * ram_size is the amount of RAM (the sum of the RAM regions; equal to the
 * header's "[0, ram_size)" up to 3 GiB, smaller than the span above it, where
 * the memory map is the truth). Regions are sorted by start; the reserved page lies
 * inside the first RAM range (memblock_reserve() semantics: keep it).
 * cmdline NULL means empty; the wall clock is the host's, now. -1 with a
 * message if the command line is too
 * long or the vCPU count is out of range.
 */
int boot_info_build(struct uvmm_boot_info *bi, const struct guest_mem *m,
		    uint32_t nr_vcpus, const char *cmdline,
		    uint64_t initrd_phys, uint64_t initrd_size, uint64_t rsdp,
		    char *err, size_t errlen);

#endif
