/* SPDX-License-Identifier: GPL-2.0 */
/* seccomp: the guest is an x86_64 machine without 32-bit syscalls. */
#ifndef _ASM_UVMM_SECCOMP_H
#define _ASM_UVMM_SECCOMP_H

#include <uapi/linux/audit.h>
#include <asm/unistd.h>

#define SECCOMP_ARCH_NATIVE		AUDIT_ARCH_X86_64
#define SECCOMP_ARCH_NATIVE_NR		NR_syscalls
#define SECCOMP_ARCH_NATIVE_NAME	"x86_64"

#include <asm-generic/seccomp.h>

#endif
