/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal TAP producer for the C unit tests: ok(), is_u64(), is_str_has(),
 * then done_testing() prints the plan and gives the exit status.
 */
#ifndef UVMM_TESTS_TAP_H
#define UVMM_TESTS_TAP_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int tap_run, tap_failed;

__attribute__((format(printf, 2, 3)))
static inline int ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tap_run++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_run);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	return cond;
}

static inline void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

#define is_u64(got, want, ...) do {					\
	uint64_t g_ = (got), w_ = (want);				\
	if (!ok(g_ == w_, __VA_ARGS__))					\
		diag("  got 0x%" PRIx64 ", want 0x%" PRIx64, g_, w_);	\
} while (0)

/* A string result contains a fragment (error messages). */
#define has_str(got, frag, ...) do {					\
	const char *g_ = (got);						\
	if (!ok(g_ && strstr(g_, (frag)) != NULL, __VA_ARGS__))		\
		diag("  got \"%s\", want it to contain \"%s\"",		\
		     g_ ? g_ : "(null)", (frag));				\
} while (0)

/* A message that uvmm prints as is: non-empty, one line. */
static inline int one_line(const char *s)
{
	return s[0] != '\0' && strchr(s, '\n') == NULL;
}

/* A fresh directory under $TMPDIR (or /tmp); bails out if it cannot. */
static inline char *tap_tmpdir(const char *name)
{
	static char dir[4096];
	const char *t = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/%s.XXXXXX", t && *t ? t : "/tmp", name);
	if (!mkdtemp(dir)) {
		printf("Bail out! mkdtemp %s failed\n", dir);
		exit(1);
	}
	return dir;
}

static inline int done_testing(void)
{
	printf("1..%d\n", tap_run);
	if (tap_failed)
		diag("failed %d of %d", tap_failed, tap_run);
	return tap_failed ? 1 : 0;
}

#endif
