/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TAP for the guest ABI programs: they run inside the guest (static x86_64
 * binaries), print "ok N - ..." lines, and tests/guest-abi.t collects them.
 */
#ifndef ABI_TAP_H
#define ABI_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int tap_n, tap_bad;

__attribute__((format(printf, 2, 3)))
static inline int ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", cond ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	tap_bad += !cond;
	return cond;
}

static inline int done_testing(void)
{
	printf("1..%d\n", tap_n);
	fflush(stdout);
	return tap_bad ? 1 : 0;
}

#endif
