/* SPDX-License-Identifier: GPL-2.0 */
/*
 * When uvmm's stdin is a terminal, the guest's console tty does the line
 * editing, echo and job-control keys (^C, ^Z), so the host terminal is put
 * in raw mode while the guest runs, and restored however uvmm ends (but
 * SIGKILL: then `reset` restores it).
 */
#ifndef UVMM_CONSOLE_TTY_H
#define UVMM_CONSOLE_TTY_H

/* Raw mode on stdin if it is a terminal; nothing otherwise. */
void console_tty_raw(void);
/* Back to how it was; async-signal-safe, idempotent. */
void console_tty_restore(void);

#endif
