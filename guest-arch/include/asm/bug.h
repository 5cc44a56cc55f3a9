/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BUG() and WARN() as trapping instructions with an entry in __bug_table
 * (the generic bug table, lib/bug.c): the instruction is ud2, which the
 * host turns into SIGILL on the vCPU thread and uvmm injects into the
 * guest's trap handler (traps.c). report_bug() finds the entry by the
 * faulting address and prints file, line and a backtrace; a WARN then
 * resumes after the ud2, a BUG oopses. Code stays small: no call, no
 * string setup at the site.
 */
#ifndef _ASM_UVMM_BUG_H
#define _ASM_UVMM_BUG_H

#include <linux/stringify.h>
#include <linux/instrumentation.h>

#define UVMM_BUG_INSN		0x0b0f	/* ud2, as a little-endian u16 */
#define UVMM_BUG_INSN_LEN	2

#ifdef CONFIG_GENERIC_BUG

#ifdef CONFIG_DEBUG_BUGVERBOSE
/* struct bug_entry: address, file, line, flags, padded to its size. */
#define UVMM_BUG_ENTRY_FIELDS	"\t.quad 1b\n\t.quad %c0\n\t.short %c1\n\t.short %c2\n"
#else
#define UVMM_BUG_ENTRY_FIELDS	"\t.quad 1b\n\t.short %c2\n"
#endif

#define UVMM_BUG(flags)							\
	asm_inline volatile("1:\tud2\n"					\
			    ".pushsection __bug_table, \"aw\"\n"	\
			    "2:\n" UVMM_BUG_ENTRY_FIELDS		\
			    "\t.org 2b + %c3\n"				\
			    ".popsection"				\
			    : : "i" (__FILE__), "i" (__LINE__), "i" (flags), \
				"i" (sizeof(struct bug_entry)))

#define HAVE_ARCH_BUG
#define BUG() do {							\
	instrumentation_begin();					\
	UVMM_BUG(0);							\
	__builtin_unreachable();					\
} while (0)

#define __WARN_FLAGS(flags) do {					\
	instrumentation_begin();					\
	UVMM_BUG(BUGFLAG_WARNING | (flags));				\
	instrumentation_end();						\
} while (0)

#endif /* CONFIG_GENERIC_BUG */

#include <asm-generic/bug.h>

#endif /* _ASM_UVMM_BUG_H */
