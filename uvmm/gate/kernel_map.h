/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest kernel's vmalloc/ioremap area and its module area in the uvmm
 * process: reserved (PROT_NONE) at start, then pages of the memory file
 * mapped into them as the guest's kernel page tables say (the map/unmap
 * gate calls).
 */
#ifndef UVMM_KERNEL_MAP_H
#define UVMM_KERNEL_MAP_H

#include <stddef.h>
#include <stdint.h>

struct guest_mem;

int kernel_map_reserve(char *err, size_t errlen);
/* A KASAN kernel's shadow (UVMM_KASAN_SHADOW_*), zero; kernel_map_release drops it. */
int kernel_map_kasan_shadow(char *err, size_t errlen);
void kernel_map_release(void);

/* Is [virt, virt + len) page aligned, non-empty and inside one area? */
int kernel_map_range_ok(uint64_t virt, uint64_t len);
/* 0 or -errno (bad range: -EINVAL). */
long kernel_map(const struct guest_mem *m, uint64_t virt, uint64_t phys,
		uint64_t len, uint32_t prot);
/* Rounded out to pages and cut to the areas, never refused: 0 or -errno. */
long kernel_unmap(uint64_t virt, uint64_t len);

#endif
