/* SPDX-License-Identifier: GPL-2.0 */
/* C functions that assembly (ours, or uvmm's injection) calls. */
#ifndef _ASM_UVMM_ENTRY_H
#define _ASM_UVMM_ENTRY_H

#include <linux/linkage.h>
#include <asm/uvmm_gate.h>

struct pt_regs;

asmlinkage void uvmm_start_kernel(const struct uvmm_boot_info *bi);
asmlinkage void uvmm_do_irq(struct pt_regs *regs);
asmlinkage void uvmm_do_fault(struct pt_regs *regs, struct uvmm_fault_info *info);
asmlinkage void uvmm_prepare_return(struct pt_regs *regs);
asmlinkage void uvmm_ret_to_user(struct pt_regs *regs);

/* The Linux IRQ number of one of uvmm's virtual lines (UVMM_IRQ_*). */
unsigned int uvmm_irq_of_line(unsigned int line);

void uvmm_early_console_register(void);
extern u64 uvmm_boot_ns;
/*
 * kernel/time.c: the host's wall clock at realtime_at (the gate's clock),
 * and whether the host's TSC may be the guest's clock too.
 */
void uvmm_clock_init(u64 realtime_ns, u64 realtime_at, bool host_tsc_stable);

#endif
