// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's system call table: x86_64's numbers and entry points, from
 * arch/x86/entry/syscalls/syscall_64.tbl of this tree (see
 * Makefile.syscalls). Entries are the plain sys_*() functions; they take
 * their arguments in x86_64's syscall registers, in order.
 */
#include <linux/linkage.h>
#include <linux/syscalls.h>
#include <asm/syscall.h>
#include <asm/syscalls.h>

/* Through void *: the entries' own prototypes differ from syscall_fn_t. */
#define __SYSCALL(nr, sym)	[nr] = (syscall_fn_t)(void *)sym,
#define __SYSCALL_NORETURN	__SYSCALL

#undef __SYSCALL_WITH_COMPAT

const syscall_fn_t sys_call_table[NR_syscalls] = {
#include <asm/syscall_table_64.h>
};
