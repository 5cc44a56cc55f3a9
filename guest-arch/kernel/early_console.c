// SPDX-License-Identifier: GPL-2.0
/* Boot console: kernel messages through the gate until hvc0 takes over. */
#include <linux/console.h>
#include <linux/init.h>
#include <asm/gate.h>
#include <asm/entry.h>

static void uvmm_early_write(struct console *con, const char *s, unsigned int n)
{
	gate_console_write(s, n, UVMM_CONSOLE_OUT);
}

static struct console uvmm_early_console = {
	.name	= "uvmmboot",
	.write	= uvmm_early_write,
	.flags	= CON_PRINTBUFFER | CON_BOOT,
	.index	= -1,
};

void __init uvmm_early_console_register(void)
{
	if (IS_ENABLED(CONFIG_UVMM_EARLY_CONSOLE))
		register_console(&uvmm_early_console);
}
