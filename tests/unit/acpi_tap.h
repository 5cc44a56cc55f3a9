/* SPDX-License-Identifier: GPL-2.0 */
/* Minimal TAP output for the acpi-tables unit tests. */
#ifndef ACPI_TAP_H
#define ACPI_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

#define ok(cond, ...) do {						\
	int ok_ = !!(cond);						\
	printf("%sok %d - ", ok_ ? "" : "not ", ++tap_n);		\
	printf(__VA_ARGS__);						\
	printf("\n");							\
	if (!ok_) {							\
		tap_failed++;						\
		printf("#   failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
	}								\
} while (0)

/* Compare n bytes; print both on mismatch. */
static inline int tap_bytes_eq(const void *got, const void *want, size_t n)
{
	if (!memcmp(got, want, n))
		return 1;
	const unsigned char *g = got, *w = want;
	printf("#   got: ");
	for (size_t i = 0; i < n; i++)
		printf(" %02x", g[i]);
	printf("\n#   want:");
	for (size_t i = 0; i < n; i++)
		printf(" %02x", w[i]);
	printf("\n");
	return 0;
}

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
