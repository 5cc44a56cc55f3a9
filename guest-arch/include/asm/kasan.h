/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic KASAN: shadow(addr) = KASAN_SHADOW_OFFSET + addr / 8 for every
 * address the kernel can touch (the gate and vCPU pages, the module area,
 * the direct map, the vmalloc area: all below UVMM_VMALLOC_END). uvmm maps
 * all of it, zero, before the kernel's first instruction, when the kernel
 * carries the KASAN note (kernel/head.S), so there is no early shadow to
 * set up and nothing to populate later.
 */
#ifndef _ASM_UVMM_KASAN_H
#define _ASM_UVMM_KASAN_H

#include <linux/const.h>
#include <asm/uvmm_gate.h>

#define KASAN_SHADOW_OFFSET	_AC(CONFIG_KASAN_SHADOW_OFFSET, UL)
#define KASAN_SHADOW_SCALE_SHIFT 3
#define KASAN_SHADOW_START	KASAN_SHADOW_OFFSET
#define KASAN_SHADOW_END	(KASAN_SHADOW_START + UVMM_KASAN_SHADOW_SIZE)

#ifndef __ASSEMBLY__
#ifdef CONFIG_KASAN
void kasan_init(void);
#else
static inline void kasan_init(void) { }
#endif
#endif

#endif
