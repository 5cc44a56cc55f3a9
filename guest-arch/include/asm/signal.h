/* SPDX-License-Identifier: GPL-2.0 */
/* Signals are x86_64's: numbers, sigaction layout, SA_RESTORER. */
#ifndef _ASM_UVMM_SIGNAL_H
#define _ASM_UVMM_SIGNAL_H

#define _NSIG		64
#define _NSIG_BPW	64
#define _NSIG_WORDS	(_NSIG / _NSIG_BPW)

#ifndef __ASSEMBLY__
typedef unsigned long old_sigset_t;
typedef struct {
	unsigned long sig[_NSIG_WORDS];
} sigset_t;
#endif

#include_next <asm/signal.h>

#define __ARCH_HAS_SA_RESTORER

#include <asm/sigcontext.h>

#endif
