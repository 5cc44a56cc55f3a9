/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_UVMM_PROCESSOR_H
#define _ASM_UVMM_PROCESSOR_H

#include <linux/types.h>
#include <asm/ptrace.h>
#include <asm/page.h>
#include <asm/vdso/processor.h>

/*
 * The guest's user address space is x86_64's, less its top 16 MiB, where
 * each guest process keeps uvmm's stub (uvmm_gate.h).
 */
#define TASK_SIZE		UVMM_USER_TOP
#define TASK_SIZE_MAX		TASK_SIZE
#define STACK_TOP		TASK_SIZE
#define STACK_TOP_MAX		TASK_SIZE
#define TASK_UNMAPPED_BASE	PAGE_ALIGN(TASK_SIZE / 3)

/*
 * Callee-saved state of a sleeping task is on its stack; user registers
 * are its pt_regs. The rest of a user thread's CPU state (TLS bases, the
 * FPU buffer) is the gate's uvmm_user_thread; user_mm names the host
 * process that ran the thread last and may hold its FPU state.
 */
/* What ptrace shows in struct user's u_debugreg (kernel/ptrace.c). */
struct uvmm_debugregs {
	unsigned long addr[4];		/* DR0-DR3 */
	unsigned long dr6_xor;		/* DR6 ^ its reserved bits: 0 is the reset value */
	unsigned long dr7;		/* never with a breakpoint enabled */
};

struct thread_struct {
	unsigned long sp;		/* kernel stack pointer in __switch_to */
	struct uvmm_user_thread user;
	u64 user_mm;
	struct uvmm_debugregs debugregs;
};

#define INIT_THREAD { }

struct task_struct;

/* arch_prctl's ARCH_SET_FS/GS for tsk (kernel/syscall.c). */
int uvmm_set_tls_base(struct task_struct *tsk, int option, unsigned long base);

#define task_pt_regs(task) \
	((struct pt_regs *)(task_stack_page(task) + THREAD_SIZE) - 1)

#define KSTK_EIP(task)	(task_pt_regs(task)->ip)
#define KSTK_ESP(task)	(task_pt_regs(task)->sp)

void start_thread(struct pt_regs *regs, unsigned long ip, unsigned long sp);

/* prctl(PR_GET_TSC, PR_SET_TSC): whether rdtsc faults, per thread. */
int uvmm_get_tsc_mode(unsigned long adr);
int uvmm_set_tsc_mode(unsigned int val);
#define GET_TSC_CTL(adr)	uvmm_get_tsc_mode((adr))
#define SET_TSC_CTL(val)	uvmm_set_tsc_mode((val))
unsigned long __get_wchan(struct task_struct *p);


#define current_stack_pointer ({			\
	unsigned long __sp;				\
	asm volatile("mov %%rsp, %0" : "=r" (__sp));	\
	__sp;						\
})

#endif /* _ASM_UVMM_PROCESSOR_H */
