/* SPDX-License-Identifier: GPL-2.0 */
/* Placing the initramfs in guest memory. */
#ifndef UVMM_INITRD_H
#define UVMM_INITRD_H

#include <stddef.h>
#include <stdint.h>

struct guest_mem;
struct kernel_image;

/*
 * Where the initrd goes: page aligned, as high as possible in low RAM (below
 * the 3 GiB hole), above the kernel image and above the boot info page.
 * -1 with a message if it cannot fit.
 */
int initrd_place(const struct guest_mem *m, const struct kernel_image *k,
		 uint64_t initrd_size, uint64_t *phys, char *err, size_t errlen);

/*
 * Read the file at path into guest memory at initrd_place()'s address,
 * followed (4-byte aligned) by extra_len bytes of extra, another cpio
 * archive that the kernel unpacks after the file's; *phys and *size say
 * where. -1 with a one-line message naming the file.
 */
int initrd_load(const char *path, const void *extra, uint64_t extra_len,
		const struct guest_mem *m, const struct kernel_image *k,
		uint64_t *phys, uint64_t *size, char *err, size_t errlen);

#endif
