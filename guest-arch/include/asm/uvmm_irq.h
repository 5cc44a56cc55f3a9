/* SPDX-License-Identifier: GPL-2.0 */
/* The port's interrupt pieces shared by kernel/irq.c and kernel/msi.c. */
#ifndef _ASM_UVMM_UVMM_IRQ_H
#define _ASM_UVMM_UVMM_IRQ_H

#include <linux/init.h>

void uvmm_irq_retrigger_line(unsigned int line);

#ifdef CONFIG_PCI_MSI
void __init uvmm_msi_init(void);
/* An MSI line (>= UVMM_IRQ_FIRST_MSI) is pending: run its handler. */
void uvmm_msi_handle(unsigned int line);
#else
static inline void uvmm_msi_init(void) { }
static inline void uvmm_msi_handle(unsigned int line) { }
#endif

#endif
