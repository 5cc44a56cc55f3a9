/* SPDX-License-Identifier: GPL-2.0 */
#ifndef UVMM_INJECT_H
#define UVMM_INJECT_H

#include "exit_status.h"

#define UVMM_EXIT_PANIC_STATUS	UVMM_EXIT_PANIC

/* Process-wide handlers for the vCPU signals (interrupts and faults). */
int inject_signals_init(void);

#endif
