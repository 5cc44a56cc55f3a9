/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one TAP producer of every C test: the host-side unit tests (uvmm,
 * vpci, acpi-tables, udrivers, bench), the udrivers program run in the
 * QEMU test bed and the guest ABI programs run inside the guest (static
 * binaries, so libc only). Each line is flushed as it is printed, so a
 * fork() repeats nothing. Shell scripts have the same in tests/lib/tap.sh.
 *
 *   ok(cond, fmt, ...)       one test; returns cond; on failure says where
 *   is(got, want, fmt, ...)  ok(got == want) as uint64_t, both printed if not
 *   has_str(got, frag, ...)  ok(got contains frag), both printed if not
 *   diag(fmt, ...)           a "# " comment line
 *   plan(n)                  the plan up front (else done_testing prints it)
 *   skip(reason)             one test skipped, with its reason (a failure
 *                            where UVMM_NO_SKIP=1, as in CI: tap.sh)
 *   bail_out(fmt, ...)       "Bail out!" and exit 1: nothing more can run
 *   done_testing()           the plan if not given; main's exit status
 */
#ifndef UVMM_TESTS_TAP_H
#define UVMM_TESTS_TAP_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_n, tap_failed, tap_planned;

__attribute__((format(printf, 1, 2)))
static inline void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

__attribute__((format(printf, 5, 6)))
static inline int tap_ok(int cond, const char *file, int line, const char *expr,
			 const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond) {
		tap_failed++;
		printf("#   failed at %s:%d: %s\n", file, line, expr);
	}
	fflush(stdout);
	return cond;
}

/* The condition is evaluated before the message's arguments. */
#define ok(cond, ...) ({						\
	int ok_ = !!(cond);						\
	tap_ok(ok_, __FILE__, __LINE__, #cond, __VA_ARGS__);		\
})

#define is(got, want, ...) do {						\
	uint64_t g_ = (uint64_t)(got), w_ = (uint64_t)(want);		\
	if (!ok(g_ == w_, __VA_ARGS__))					\
		diag("  got %#" PRIx64 ", want %#" PRIx64, g_, w_);	\
} while (0)

/* A string result contains a fragment (error messages). */
#define has_str(got, frag, ...) do {					\
	const char *g_ = (got);						\
	if (!ok(g_ && strstr(g_, (frag)) != NULL, __VA_ARGS__))		\
		diag("  got \"%s\", want it to contain \"%s\"",		\
		     g_ ? g_ : "(null)", (frag));				\
} while (0)

/* n bytes equal; both printed if not. */
static inline int tap_bytes_eq(const void *got, const void *want, size_t n)
{
	const unsigned char *g = got, *w = want;

	if (!memcmp(got, want, n))
		return 1;
	printf("#   got: ");
	for (size_t i = 0; i < n; i++)
		printf(" %02x", g[i]);
	printf("\n#   want:");
	for (size_t i = 0; i < n; i++)
		printf(" %02x", w[i]);
	printf("\n");
	fflush(stdout);
	return 0;
}

/* A message that is printed as is: non-empty, one line. */
static inline int one_line(const char *s)
{
	return s[0] != '\0' && strchr(s, '\n') == NULL;
}

static inline void plan(int n)
{
	tap_planned = 1;
	printf("1..%d\n", n);
	fflush(stdout);
}

static inline void skip(const char *reason)
{
	const char *no_skip = getenv("UVMM_NO_SKIP");

	if (no_skip && !strcmp(no_skip, "1")) {
		ok(0, "skipped where nothing may be: %s", reason);
		return;
	}
	printf("ok %d # SKIP %s\n", ++tap_n, reason);
	fflush(stdout);
}

__attribute__((format(printf, 1, 2), noreturn))
static inline void bail_out(const char *fmt, ...)
{
	va_list ap;

	printf("Bail out! ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	exit(1);
}

/* A fresh directory under $TMPDIR (or /tmp); bails out if it cannot. */
static inline char *tap_tmpdir(const char *name)
{
	static char dir[4096];
	const char *t = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/%s.XXXXXX", t && *t ? t : "/tmp", name);
	if (!mkdtemp(dir))
		bail_out("mkdtemp %s failed", dir);
	return dir;
}

static inline int done_testing(void)
{
	if (!tap_planned)
		printf("1..%d\n", tap_n);
	if (tap_failed)
		diag("failed %d of %d", tap_failed, tap_n);
	fflush(stdout);
	return tap_failed ? 1 : 0;
}

#endif
