/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_UVMM_STACKTRACE_H
#define _ASM_UVMM_STACKTRACE_H

/*
 * arch_stack_walk (kernel/stacktrace.c) follows frame pointers where the
 * kernel has them (CONFIG_FRAME_POINTER, the port's default) and otherwise
 * scans the stack for text addresses, stale ones included.
 */
#include <linux/stacktrace.h>

#endif
