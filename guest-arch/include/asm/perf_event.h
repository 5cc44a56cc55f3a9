/* SPDX-License-Identifier: GPL-2.0 */
/*
 * perf on uvmm: software events only (the guest has no PMU), with the
 * generic defaults for the instruction pointer and callchains.
 */
#ifndef _ASM_UVMM_PERF_EVENT_H
#define _ASM_UVMM_PERF_EVENT_H

#endif
