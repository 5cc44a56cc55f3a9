/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest shares memory with uvmm's other host threads (the event thread
 * sets pending interrupts), so even a uniprocessor guest needs real fences
 * where it synchronises with them.
 */
#ifndef _ASM_UVMM_BARRIER_H
#define _ASM_UVMM_BARRIER_H

#define mb()	asm volatile("mfence" ::: "memory")
#define rmb()	asm volatile("lfence" ::: "memory")
#define wmb()	asm volatile("sfence" ::: "memory")

#include <asm-generic/barrier.h>

#endif
