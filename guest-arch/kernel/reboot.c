// SPDX-License-Identifier: GPL-2.0
/*
 * Power-off, reboot and panic end the uvmm process (through the gate) with
 * a status that tells which it was. The defconfig sets PANIC_TIMEOUT=-1,
 * so a panic flushes the consoles and then restarts: we tell a panic's
 * restart from a requested one here.
 */
#include <linux/moduleparam.h>
#include <linux/panic.h>
#include <linux/pm.h>
#include <linux/printk.h>
#include <linux/reboot.h>
#include <asm/gate.h>

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "uvmm."

/*
 * What uvmm exits with when the guest powers off: the guest's /init writes
 * the status of the command that `uvmm run -- CMD` ran to
 * /sys/module/uvmm/parameters/exit_status before it powers off.
 */
static unsigned int exit_status;
module_param(exit_status, uint, 0644);
MODULE_PARM_DESC(exit_status, "uvmm's exit status at power-off (0-255)");

void machine_power_off(void)
{
	gate_halt(UVMM_HALT_POWER_OFF, exit_status & 0xff);
}

void machine_halt(void)
{
	machine_power_off();
}

void machine_restart(char *cmd)
{
	gate_halt(panic_in_progress() ? UVMM_HALT_PANIC : UVMM_HALT_REBOOT, 0);
}

void (*pm_power_off)(void) = machine_power_off;
EXPORT_SYMBOL(pm_power_off);
