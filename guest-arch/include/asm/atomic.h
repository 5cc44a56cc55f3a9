/* SPDX-License-Identifier: GPL-2.0 */
/*
 * atomic_t and atomic64_t on the compiler's atomic builtins. The fully
 * ordered forms are defined here; linux/atomic derives the rest.
 */
#ifndef _ASM_UVMM_ATOMIC_H
#define _ASM_UVMM_ATOMIC_H

#include <linux/types.h>
#include <asm/barrier.h>
#include <asm/cmpxchg.h>

#define ATOMIC64_INIT(i)		{ (i) }

#define arch_atomic_read(v)		READ_ONCE((v)->counter)
#define arch_atomic_set(v, i)		WRITE_ONCE((v)->counter, (i))
#define arch_atomic64_read(v)		READ_ONCE((v)->counter)
#define arch_atomic64_set(v, i)		WRITE_ONCE((v)->counter, (i))

#define UVMM_ATOMIC_OP(kind, type, op)					\
static __always_inline void arch_##kind##_##op(type i, kind##_t *v)	\
{									\
	__atomic_fetch_##op(&v->counter, i, __ATOMIC_SEQ_CST);		\
}									\
static __always_inline type arch_##kind##_fetch_##op(type i, kind##_t *v) \
{									\
	return __atomic_fetch_##op(&v->counter, i, __ATOMIC_SEQ_CST);	\
}

#define UVMM_ATOMIC_RETURN(kind, type, op)				\
static __always_inline type arch_##kind##_##op##_return(type i, kind##_t *v) \
{									\
	return __atomic_##op##_fetch(&v->counter, i, __ATOMIC_SEQ_CST);	\
}

#define UVMM_ATOMIC_OPS(kind, type)					\
	UVMM_ATOMIC_OP(kind, type, add)					\
	UVMM_ATOMIC_OP(kind, type, sub)					\
	UVMM_ATOMIC_OP(kind, type, and)					\
	UVMM_ATOMIC_OP(kind, type, or)					\
	UVMM_ATOMIC_OP(kind, type, xor)					\
	UVMM_ATOMIC_RETURN(kind, type, add)				\
	UVMM_ATOMIC_RETURN(kind, type, sub)				\
static __always_inline type arch_##kind##_xchg(kind##_t *v, type new)	\
{									\
	return arch_xchg(&v->counter, new);				\
}									\
static __always_inline type arch_##kind##_cmpxchg(kind##_t *v, type old, type new) \
{									\
	return arch_cmpxchg(&v->counter, old, new);			\
}

UVMM_ATOMIC_OPS(atomic, int)
UVMM_ATOMIC_OPS(atomic64, s64)

#define arch_atomic_add			arch_atomic_add
#define arch_atomic_sub			arch_atomic_sub
#define arch_atomic_and			arch_atomic_and
#define arch_atomic_or			arch_atomic_or
#define arch_atomic_xor			arch_atomic_xor
#define arch_atomic_fetch_add		arch_atomic_fetch_add
#define arch_atomic_fetch_sub		arch_atomic_fetch_sub
#define arch_atomic_fetch_and		arch_atomic_fetch_and
#define arch_atomic_fetch_or		arch_atomic_fetch_or
#define arch_atomic_fetch_xor		arch_atomic_fetch_xor
#define arch_atomic_add_return		arch_atomic_add_return
#define arch_atomic_sub_return		arch_atomic_sub_return
#define arch_atomic_xchg		arch_atomic_xchg
#define arch_atomic_cmpxchg		arch_atomic_cmpxchg

#define arch_atomic64_add		arch_atomic64_add
#define arch_atomic64_sub		arch_atomic64_sub
#define arch_atomic64_and		arch_atomic64_and
#define arch_atomic64_or		arch_atomic64_or
#define arch_atomic64_xor		arch_atomic64_xor
#define arch_atomic64_fetch_add		arch_atomic64_fetch_add
#define arch_atomic64_fetch_sub		arch_atomic64_fetch_sub
#define arch_atomic64_fetch_and		arch_atomic64_fetch_and
#define arch_atomic64_fetch_or		arch_atomic64_fetch_or
#define arch_atomic64_fetch_xor		arch_atomic64_fetch_xor
#define arch_atomic64_add_return	arch_atomic64_add_return
#define arch_atomic64_sub_return	arch_atomic64_sub_return
#define arch_atomic64_xchg		arch_atomic64_xchg
#define arch_atomic64_cmpxchg		arch_atomic64_cmpxchg

#endif
