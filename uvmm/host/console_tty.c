// SPDX-License-Identifier: GPL-2.0
/* The host terminal in raw mode while the guest owns it (console_tty.h). */
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include "host/console_tty.h"

static struct termios saved;
static volatile int is_raw;

void console_tty_restore(void)
{
	if (is_raw) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
		is_raw = 0;
	}
}

void console_tty_raw(void)
{
	struct termios t;

	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved) < 0)
		return;
	t = saved;
	cfmakeraw(&t);	/* output too: the guest's tty already turns \n into \r\n */
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &t) == 0) {
		is_raw = 1;
		atexit(console_tty_restore);
	}
}
