/* SPDX-License-Identifier: GPL-2.0 */
/* The boot info page handed to the guest kernel. */
#ifndef UVMM_BOOT_INFO_H
#define UVMM_BOOT_INFO_H

#include <stddef.h>
#include <stdint.h>
#include <asm/uvmm_gate.h>

struct guest_mem;
struct kernel_image;

/*
 * Where the initrd goes: page aligned, as high as possible in low RAM,
 * above the kernel image. -1 with a message if it cannot fit.
 */
int initrd_place(const struct guest_mem *m, const struct kernel_image *k,
		 uint64_t initrd_size, uint64_t *phys, char *err, size_t errlen);

/*
 * Fill *bi: magic, ABI version, vCPUs, RAM size and memory map (RAM ranges
 * from m; the boot info page itself reserved), initrd, RSDP, command line.
 * -1 with a message if the command line is too long.
 */
int boot_info_build(struct uvmm_boot_info *bi, const struct guest_mem *m,
		    uint32_t nr_vcpus, const char *cmdline,
		    uint64_t initrd_phys, uint64_t initrd_size, uint64_t rsdp,
		    char *err, size_t errlen);

#endif
