/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lib/string.c provides every mem*() and str*() function, except in a
 * KASAN kernel: there memset, memcpy and memmove are uninstrumented ones
 * of ours, also named __mem*() (mm/kasan_string.c).
 */
#ifndef _ASM_UVMM_STRING_H
#define _ASM_UVMM_STRING_H

#ifdef CONFIG_KASAN
#include <linux/types.h>

#define __HAVE_ARCH_MEMSET
#define __HAVE_ARCH_MEMCPY
#define __HAVE_ARCH_MEMMOVE
void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);

void *__memset(void *s, int c, size_t n);
void *__memcpy(void *d, const void *s, size_t n);
void *__memmove(void *d, const void *s, size_t n);
#endif

#endif
