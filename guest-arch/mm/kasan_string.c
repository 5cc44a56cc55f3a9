// SPDX-License-Identifier: GPL-2.0
/*
 * memcpy, memset and memmove of a KASAN kernel, not instrumented: lib/string.c
 * is, and KASAN's own code copies shadow bytes with these (a check of a
 * shadow address would look for its shadow, which does not exist). Under
 * GENERIC_ENTRY KASAN keeps these uninstrumented too; the compiler checks
 * the ranges at each call it makes from instrumented code. The __mem*()
 * names are the ones KASAN's checking versions end in.
 */
#include <linux/export.h>
#include <linux/string.h>

void *__memset(void *s, int c, size_t n)
{
	unsigned char *p = s;

	while (n--)
		*p++ = c;
	return s;
}

void *__memcpy(void *d, const void *s, size_t n)
{
	unsigned char *to = d;
	const unsigned char *from = s;

	while (n--)
		*to++ = *from++;
	return d;
}

void *__memmove(void *d, const void *s, size_t n)
{
	unsigned char *to = d;
	const unsigned char *from = s;

	if (to <= from || to >= from + n)
		return __memcpy(d, s, n);
	while (n--)
		to[n] = from[n];
	return d;
}

void *memset(void *s, int c, size_t n) __alias(__memset);
void *memcpy(void *d, const void *s, size_t n) __alias(__memcpy);
void *memmove(void *d, const void *s, size_t n) __alias(__memmove);
EXPORT_SYMBOL(__memset);
EXPORT_SYMBOL(__memcpy);
EXPORT_SYMBOL(__memmove);
EXPORT_SYMBOL(memset);
EXPORT_SYMBOL(memcpy);
EXPORT_SYMBOL(memmove);
