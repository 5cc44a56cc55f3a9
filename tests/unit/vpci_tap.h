/* SPDX-License-Identifier: GPL-2.0 */
/* Minimal TAP producer for vpci's unit tests: ok(), is(), plan at the end. */
#ifndef VPCI_TAP_H
#define VPCI_TAP_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

static unsigned tap_n, tap_failed;

__attribute__((format(printf, 2, 3)))
static inline bool ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %u - ", cond ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond)
		tap_failed++;
	fflush(stdout);
	return cond;
}

/* ok(got == want) with both values printed on failure. */
#define is(got, want, ...) do {                                                 \
	uint64_t g_ = (uint64_t)(got), w_ = (uint64_t)(want);                   \
	if (!ok(g_ == w_, __VA_ARGS__))                                         \
		printf("#   got %#" PRIx64 ", want %#" PRIx64 "\n", g_, w_);    \
} while (0)

static inline int done_testing(void)
{
	printf("1..%u\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
