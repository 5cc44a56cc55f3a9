/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How the port splits uvmm's vmalloc area (UVMM_VMALLOC_START..END in the
 * gate ABI, all of it reserved and mirrored by uvmm): the kernel's vmalloc
 * and ioremap window below UVMM_IO_DIRECT_START, and above it the aliases
 * of passthrough BARs that uvmm mapped whole (kernel/ioremap.c), which the
 * MMIO accessors reach with plain loads and stores.
 */
#ifndef _ASM_UVMM_LAYOUT_H
#define _ASM_UVMM_LAYOUT_H

#include <asm/uvmm_gate.h>

#define UVMM_IO_DIRECT_START	(UVMM_VMALLOC_END - (16UL << 30))

#endif
