/* SPDX-License-Identifier: GPL-2.0 */
/* Executables are x86_64 ELF: the guest user ABI is x86_64 Linux. */
#ifndef _ASM_UVMM_ELF_H
#define _ASM_UVMM_ELF_H

#include <linux/types.h>
#include <asm/ptrace.h>
#include <asm/processor.h>

#define ELF_CLASS		ELFCLASS64
#define ELF_DATA		ELFDATA2LSB
#define ELF_ARCH		EM_X86_64
#define elf_check_arch(x)	((x)->e_machine == EM_X86_64)

/*
 * The x86_64 psABI's relocation types that modules built for the small
 * code model carry (kernel/module.c applies them).
 */
#define R_X86_64_NONE		0
#define R_X86_64_64		1	/* S + A, 64 bits */
#define R_X86_64_PC32		2	/* S + A - P, 32 bits signed */
#define R_X86_64_PLT32		4	/* a call: as PC32, no PLT in the kernel */
#define R_X86_64_32		10	/* S + A, 32 bits zero-extended */
#define R_X86_64_32S		11	/* S + A, 32 bits sign-extended */
#define R_X86_64_PC64		24	/* S + A - P, 64 bits */

#define ELF_EXEC_PAGESIZE	4096
#define ELF_ET_DYN_BASE		(TASK_SIZE / 3 * 2)
#define ELF_PLATFORM		"x86_64"
#define ELF_HWCAP		(0)

/* x86_64's struct user_regs_struct has 27 words. */
#define ELF_NGREG		27
typedef unsigned long elf_greg_t;
typedef elf_greg_t elf_gregset_t[ELF_NGREG];

/* The FXSAVE image, as in x86_64 core files. */
typedef struct {
	u8 fxsave[512];
} elf_fpregset_t;

/*
 * Core dumps take every note from the regsets (kernel/ptrace.c): the
 * registers (NT_PRSTATUS), the FXSAVE image (NT_PRFPREG) and the XSAVE
 * state (NT_X86_XSTATE) of each thread, as x86_64 Linux writes them.
 * Without it the generic code copies struct pt_regs as the register set,
 * which is not the layout of elf_gregset_t here: BUG().
 */
#define CORE_DUMP_USE_REGSET

/* The vDSO (kernel/vdso.c), mapped at exec and named in the auxiliary vector. */
#define ARCH_HAS_SETUP_ADDITIONAL_PAGES 1
struct linux_binprm;
int arch_setup_additional_pages(struct linux_binprm *bprm, int uses_interp);
#define ARCH_DLINFO \
	NEW_AUX_ENT(AT_SYSINFO_EHDR, current->mm->context.vdso)

#define SET_PERSONALITY(ex) \
	set_personality(PER_LINUX | (current->personality & (~PER_MASK)))

#endif
