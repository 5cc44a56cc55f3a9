/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest user memory is not mapped in the uvmm process, where the kernel
 * runs: user accesses walk the current mm's page tables and copy through
 * the direct map, faulting pages in through the normal mm path
 * (mm/uaccess.c). Kernel accesses that may fault go through one probed
 * copy routine with an exception-table fixup (kernel/nofault.S).
 */
#ifndef _ASM_UVMM_UACCESS_H
#define _ASM_UVMM_UACCESS_H

#include <linux/types.h>
#include <asm/uvmm_gate.h>

unsigned long raw_copy_from_user(void *to, const void __user *from, unsigned long n);
unsigned long raw_copy_to_user(void __user *to, const void *from, unsigned long n);
unsigned long __clear_user(void __user *to, unsigned long n);
#define __clear_user __clear_user

/* Returns 0, or -EFAULT if a byte of src or dst was not accessible. */
long uvmm_copy_nofault(void *dst, const void *src, unsigned long size);

#define __get_kernel_nofault(dst, src, type, err_label)			\
do {									\
	if (uvmm_copy_nofault((dst), (src), sizeof(type)))		\
		goto err_label;						\
} while (0)

#define __put_kernel_nofault(dst, src, type, err_label)			\
do {									\
	if (uvmm_copy_nofault((dst), (src), sizeof(type)))		\
		goto err_label;						\
} while (0)

/*
 * User and kernel addresses overlap (ALTERNATE_USER_ADDRESS_SPACE: the
 * kernel lives in the uvmm process, not in the guest's), but user
 * addresses still end at TASK_SIZE: refuse the others at once, as x86_64
 * does, before a syscall blocks (read(0, (void *)-4096, 10) is EFAULT).
 */
static inline int __access_ok(const void __user *ptr, unsigned long size)
{
	unsigned long addr = (unsigned long)ptr;

	return size <= UVMM_USER_TOP && addr <= UVMM_USER_TOP - size;
}
#define __access_ok __access_ok

#include <asm-generic/uaccess.h>

#endif
