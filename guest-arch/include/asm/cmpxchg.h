/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exchange and compare-and-exchange with the compiler's atomic builtins,
 * fully ordered (they become lock-prefixed instructions). They must be
 * atomic against uvmm's own threads too, which share the vCPU state page.
 */
#ifndef _ASM_UVMM_CMPXCHG_H
#define _ASM_UVMM_CMPXCHG_H

#include <linux/compiler.h>

#define arch_xchg(ptr, x) \
	__atomic_exchange_n((ptr), (x), __ATOMIC_SEQ_CST)

#define arch_cmpxchg(ptr, old, new)					\
({									\
	__typeof__(*(ptr)) __old = (old);				\
	__atomic_compare_exchange_n((ptr), &__old, (new), false,	\
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);\
	__old;								\
})

#define arch_cmpxchg_local	arch_cmpxchg
#define arch_cmpxchg64		arch_cmpxchg
#define arch_cmpxchg64_local	arch_cmpxchg

#endif
