/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_UVMM_PROCESSOR_H
#define _ASM_UVMM_PROCESSOR_H

#include <linux/types.h>
#include <asm/ptrace.h>
#include <asm/page.h>

/* The guest's user address space is x86_64's (47 bits, last page unused). */
#define TASK_SIZE		_AC(0x7ffffffff000, UL)
#define TASK_SIZE_MAX		TASK_SIZE
#define STACK_TOP		TASK_SIZE
#define STACK_TOP_MAX		TASK_SIZE
#define TASK_UNMAPPED_BASE	PAGE_ALIGN(TASK_SIZE / 3)

/* Callee-saved state of a sleeping task; the rest is on its stack. */
struct thread_struct {
	unsigned long sp;		/* kernel stack pointer in __switch_to */
	unsigned long fsbase;		/* user TLS (arch_prctl ARCH_SET_FS) */
	unsigned long gsbase;
};

#define INIT_THREAD { }

struct task_struct;

#define task_pt_regs(task) \
	((struct pt_regs *)(task_stack_page(task) + THREAD_SIZE) - 1)

#define KSTK_EIP(task)	(task_pt_regs(task)->ip)
#define KSTK_ESP(task)	(task_pt_regs(task)->sp)

void start_thread(struct pt_regs *regs, unsigned long ip, unsigned long sp);
unsigned long __get_wchan(struct task_struct *p);

static __always_inline void cpu_relax(void)
{
	asm volatile("pause" ::: "memory");
}

#define current_stack_pointer ({			\
	unsigned long __sp;				\
	asm volatile("mov %%rsp, %0" : "=r" (__sp));	\
	__sp;						\
})

#endif /* _ASM_UVMM_PROCESSOR_H */
