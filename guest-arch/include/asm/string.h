/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memset, memcpy and memmove are the arch's (lib/string.S: the CPU's
 * string instructions, not instrumented), also named __mem*() for
 * KASAN; lib/string.c provides every other mem*() and str*() function.
 */
#ifndef _ASM_UVMM_STRING_H
#define _ASM_UVMM_STRING_H

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
