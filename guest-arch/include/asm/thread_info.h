/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_UVMM_THREAD_INFO_H
#define _ASM_UVMM_THREAD_INFO_H

#include <asm/page.h>

#ifdef CONFIG_KASAN
#define THREAD_SIZE_ORDER	3	/* KASAN's redzones double stack use */
#else
#define THREAD_SIZE_ORDER	2
#endif
#define THREAD_SIZE		(PAGE_SIZE << THREAD_SIZE_ORDER)

#ifndef __ASSEMBLY__

struct uvmm_page_block;

struct thread_info {
	unsigned long flags;		/* TIF_* */
	unsigned long syscall_work;	/* SYSCALL_WORK_* (generic entry) */
	int preempt_count;
	/* While this task faults a window ahead: where its pages come from
	 * (mm/user_mirror.c). */
	struct uvmm_page_block *page_block;
};

#define INIT_THREAD_INFO(tsk)			\
{						\
	.flags		= 0,			\
	.preempt_count	= INIT_PREEMPT_COUNT,	\
}

#endif /* __ASSEMBLY__ */

#define TIF_SIGPENDING		0
#define TIF_NEED_RESCHED	1
#define TIF_NOTIFY_RESUME	2
#define TIF_NOTIFY_SIGNAL	3
#define TIF_RESTORE_SIGMASK	4
#define TIF_MEMDIE		5
#define TIF_POLLING_NRFLAG	6
#define TIF_SINGLESTEP		7
#define TIF_UPROBE		8
#define TIF_PATCH_PENDING	9

#define _TIF_SIGPENDING		(1UL << TIF_SIGPENDING)
#define _TIF_NEED_RESCHED	(1UL << TIF_NEED_RESCHED)
#define _TIF_NOTIFY_RESUME	(1UL << TIF_NOTIFY_RESUME)
#define _TIF_NOTIFY_SIGNAL	(1UL << TIF_NOTIFY_SIGNAL)
#define _TIF_RESTORE_SIGMASK	(1UL << TIF_RESTORE_SIGMASK)
#define _TIF_MEMDIE		(1UL << TIF_MEMDIE)
#define _TIF_POLLING_NRFLAG	(1UL << TIF_POLLING_NRFLAG)
#define _TIF_SINGLESTEP		(1UL << TIF_SINGLESTEP)
#define _TIF_UPROBE		(1UL << TIF_UPROBE)
#define _TIF_PATCH_PENDING	(1UL << TIF_PATCH_PENDING)

#endif /* _ASM_UVMM_THREAD_INFO_H */
