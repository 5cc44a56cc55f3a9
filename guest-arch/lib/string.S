/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memcpy, memset and memmove for the guest kernel: the CPU's string
 * instructions, which copy and fill at memory speed on any x86_64 uvmm
 * runs on (fast short rep movsb/stosb on current CPUs). lib/string.c's
 * byte loops made every page the kernel cleared or copied (a fresh
 * anonymous page, a copy-on-write, a read() into user memory) cost a
 * microsecond or two. Not instrumented, so a KASAN kernel's own code can
 * copy shadow bytes with them (the compiler checks each call it makes
 * from instrumented code, through KASAN's __asan_mem*()); __mem*() are the
 * names KASAN's checking versions end in.
 */
#include <linux/export.h>
#include <linux/linkage.h>

	.text
/* void *memcpy(void *dst, const void *src, size_t n) */
SYM_FUNC_START(__memcpy)
	movq	%rdi, %rax
	movq	%rdx, %rcx
	rep movsb
	ret
SYM_FUNC_END(__memcpy)
SYM_FUNC_ALIAS(memcpy, __memcpy)

/* void *memset(void *s, int c, size_t n) */
SYM_FUNC_START(__memset)
	movq	%rdi, %r9
	movl	%esi, %eax
	movq	%rdx, %rcx
	rep stosb
	movq	%r9, %rax
	ret
SYM_FUNC_END(__memset)
SYM_FUNC_ALIAS(memset, __memset)

/*
 * void *memmove(void *dst, const void *src, size_t n): forwards unless dst
 * lies inside [src, src + n), then backwards from the end, 8 bytes at a
 * time and the first n % 8 bytes last. Not with the direction flag: an
 * interrupt uvmm injects meanwhile would enter the kernel with it set.
 */
SYM_FUNC_START(__memmove)
	movq	%rdi, %rax
	movq	%rdi, %r8
	subq	%rsi, %r8
	cmpq	%rdx, %r8
	jb	1f
	movq	%rdx, %rcx
	rep movsb
	ret
1:	addq	%rdx, %rsi
	addq	%rdx, %rdi
	movq	%rdx, %rcx
	shrq	$3, %rcx
	jz	3f
2:	subq	$8, %rsi
	subq	$8, %rdi
	movq	(%rsi), %r8
	movq	%r8, (%rdi)
	decq	%rcx
	jnz	2b
3:	andq	$7, %rdx
	jz	5f
4:	decq	%rsi
	decq	%rdi
	movb	(%rsi), %r8b
	movb	%r8b, (%rdi)
	decq	%rdx
	jnz	4b
5:	ret
SYM_FUNC_END(__memmove)
SYM_FUNC_ALIAS(memmove, __memmove)

EXPORT_SYMBOL(__memcpy)
EXPORT_SYMBOL(memcpy)
EXPORT_SYMBOL(__memset)
EXPORT_SYMBOL(memset)
EXPORT_SYMBOL(__memmove)
EXPORT_SYMBOL(memmove)
