// SPDX-License-Identifier: GPL-2.0
/* Error reports: formatted once, at the place that knows the fix. */
#include <stdarg.h>
#include <stdio.h>

#include "err.h"

int udrv_fail(struct udrv_err *e, int errnum, const char *fmt, ...)
{
	va_list ap;

	if (e) {
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
		va_end(ap);
	}
	return errnum > 0 ? -errnum : (errnum ? errnum : -1);
}
