/* SPDX-License-Identifier: GPL-2.0 */
/* Where the kernel keeps the data the vDSO reads: the vvar page (kernel/vdso.c). */
#ifndef _ASM_UVMM_VDSO_VSYSCALL_H
#define _ASM_UVMM_VDSO_VSYSCALL_H

#ifndef __ASSEMBLY__

#include <vdso/datapage.h>

extern struct vdso_data *vdso_data;

static __always_inline struct vdso_data *__arch_get_k_vdso_data(void)
{
	return vdso_data;
}
#define __arch_get_k_vdso_data __arch_get_k_vdso_data

#include <asm-generic/vdso/vsyscall.h>

#endif

#endif
