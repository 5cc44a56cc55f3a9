/* SPDX-License-Identifier: GPL-2.0 */
/* Error reports of udrivers: one line that says what failed and how to fix it. */
#ifndef UDRIVERS_ERR_H
#define UDRIVERS_ERR_H

#define UDRV_ERR_LEN 512

struct udrv_err {
	char msg[UDRV_ERR_LEN];
};

/* Fill @e (if not NULL) and return -@errnum, so callers can `return udrv_fail(...)`. */
int udrv_fail(struct udrv_err *e, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
