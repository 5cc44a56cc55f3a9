// SPDX-License-Identifier: GPL-2.0
/*
 * Sizes on the command line: a decimal number of bytes with an optional
 * binary suffix K, M, G or T (either case, optionally followed by "i",
 * "iB" or "B"), e.g. "256M", "1g", "4KiB", "1048576".
 */
#include <stdint.h>

#include "cli/options.h"

static int suffix_shift(const char *s, unsigned int *shift)
{
	switch (*s) {
	case '\0':
		*shift = 0;
		return 0;
	case 'k': case 'K': *shift = 10; break;
	case 'm': case 'M': *shift = 20; break;
	case 'g': case 'G': *shift = 30; break;
	case 't': case 'T': *shift = 40; break;
	default:
		return -1;
	}
	s++;
	/* Accept the spelled-out forms people type: "4KiB", "4KB", "4Ki". */
	if (*s == 'i' || *s == 'I')
		s++;
	if (*s == 'b' || *s == 'B')
		s++;
	return *s == '\0' ? 0 : -1;
}

int parse_size(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	unsigned int shift;

	if (!s || *s < '0' || *s > '9')
		return -1;	/* empty, sign, space or junk first */
	for (; *s >= '0' && *s <= '9'; s++) {
		unsigned int d = (unsigned int)(*s - '0');

		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	if (suffix_shift(s, &shift) < 0)
		return -1;
	if (shift && v > (UINT64_MAX >> shift))
		return -1;
	v <<= shift;
	if (v == 0)
		return -1;
	*out = v;
	return 0;
}
