// SPDX-License-Identifier: GPL-2.0
/*
 * The XSAVE buffer size of a guest user thread (guest_proc.h), on its own
 * so that the boot info can use it without the rest of guest_proc.
 */
#include <cpuid.h>

#include "guest_proc/guest_proc.h"

/* The legacy area and the XSAVE header: the least any XSAVE buffer has. */
#define XSAVE_MIN_SIZE		(512 + 64)

static uint32_t xstate_size;

/*
 * The size of the standard-format XSAVE area for the features the host
 * kernel enabled in XCR0: CPUID leaf 0xD, sub-leaf 0, EBX. The kernel's
 * NT_X86_XSTATE regset has exactly this size (the unit test checks it).
 */
uint32_t guest_proc_xstate_size(void)
{
	unsigned int a, b, c, d;

	if (!xstate_size) {
		if (__get_cpuid_count(0xd, 0, &a, &b, &c, &d) && b >= XSAVE_MIN_SIZE)
			xstate_size = b;
		else
			xstate_size = XSAVE_MIN_SIZE;	/* no XSAVE (no x86_64 of today) */
	}
	return xstate_size;
}
