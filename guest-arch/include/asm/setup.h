/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_UVMM_SETUP_H
#define _ASM_UVMM_SETUP_H

#include <asm/uvmm_gate.h>

#define COMMAND_LINE_SIZE	UVMM_CMDLINE_MAX

#endif
