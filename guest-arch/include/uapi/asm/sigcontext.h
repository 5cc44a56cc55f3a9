/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* The guest user ABI is x86_64's: use the x86 uapi header (next in the path). */
#include_next <asm/sigcontext.h>
