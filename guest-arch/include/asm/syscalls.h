/* SPDX-License-Identifier: GPL-2.0 */
/* The x86_64 system calls that the port implements itself. */
#ifndef _ASM_UVMM_SYSCALLS_H
#define _ASM_UVMM_SYSCALLS_H

#include <linux/linkage.h>
#include <linux/types.h>

asmlinkage long sys_mmap(unsigned long addr, unsigned long len,
			 unsigned long prot, unsigned long flags,
			 unsigned long fd, unsigned long off);
asmlinkage long sys_arch_prctl(int option, unsigned long arg2);
asmlinkage long sys_rt_sigreturn(void);
asmlinkage long sys_iopl(unsigned int level);
asmlinkage long sys_ioperm(unsigned long from, unsigned long num, int on);
asmlinkage long sys_modify_ldt(int func, void __user *ptr, unsigned long bytecount);
asmlinkage long sys_uretprobe(void);

#endif
