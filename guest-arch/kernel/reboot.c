// SPDX-License-Identifier: GPL-2.0
/*
 * Power-off, reboot and panic end the uvmm process (through the gate) with
 * a status that tells which it was. The defconfig sets PANIC_TIMEOUT=-1,
 * so a panic flushes the consoles and then restarts: we tell a panic's
 * restart from a requested one here.
 */
#include <linux/panic.h>
#include <linux/pm.h>
#include <linux/printk.h>
#include <linux/reboot.h>
#include <asm/gate.h>

void machine_power_off(void)
{
	gate_halt(UVMM_HALT_POWER_OFF, 0);
}

void machine_halt(void)
{
	gate_halt(UVMM_HALT_POWER_OFF, 0);
}

void machine_restart(char *cmd)
{
	gate_halt(panic_in_progress() ? UVMM_HALT_PANIC : UVMM_HALT_REBOOT, 0);
}

void (*pm_power_off)(void);
EXPORT_SYMBOL(pm_power_off);
