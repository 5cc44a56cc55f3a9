/* SPDX-License-Identifier: GPL-2.0 */
/* Internal: the error-reporting helper shared by the builder's checks. */
#ifndef ACPI_TABLES_PLATFORM_H
#define ACPI_TABLES_PLATFORM_H

#include <stddef.h>

/* Format a one-line message into err (if any) and return ret. */
int acpi_fail(char *err, size_t errlen, int ret, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
