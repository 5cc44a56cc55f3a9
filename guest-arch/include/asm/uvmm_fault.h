/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_UVMM_FAULT_H
#define _ASM_UVMM_FAULT_H

#include <linux/types.h>

struct mm_struct;
struct pt_regs;

/* 0 when the page at addr is now present with the access allowed. */
int uvmm_handle_user_fault(unsigned long addr, bool write, struct pt_regs *regs);

/*
 * The kernel's own access faulted on a page that was there (read-only,
 * or shared copy-on-write): mirror it again as it is now
 * (mm/user_mirror.c; mmap lock held).
 */
bool uvmm_user_present(struct mm_struct *mm, unsigned long addr);
void uvmm_user_remirror(struct mm_struct *mm, unsigned long addr);

/* A new address space's first run (fork, exec): its first pages, ahead. */
void uvmm_user_prefault(struct pt_regs *regs);

/* A fault of guest user code in its host process (mm/user_mirror.c). */
void uvmm_user_page_fault(struct pt_regs *regs, unsigned long addr, bool host_mapped);

#endif
