/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_UVMM_IRQ_H
#define _ASM_UVMM_IRQ_H

/* Linux IRQ numbers, mapped from uvmm's virtual lines by an irq domain. */
#define NR_IRQS		(2 * UVMM_NR_IRQS)

#include <asm/uvmm_gate.h>
#include <asm-generic/irq.h>

#endif
