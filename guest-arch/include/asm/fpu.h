/* SPDX-License-Identifier: GPL-2.0 */
/*
 * FPU/SSE/AVX state of guest user threads: a buffer per thread in x86's
 * XSAVE standard format (kernel/fpu.c). The registers themselves live in
 * the host process that runs the thread; uvmm moves them lazily (see
 * struct uvmm_user_thread in uvmm_gate.h).
 */
#ifndef _ASM_UVMM_FPU_H
#define _ASM_UVMM_FPU_H

#include <linux/types.h>

struct task_struct;

/* Offsets in the XSAVE image. */
#define XSAVE_FCW		0
#define XSAVE_MXCSR		24
#define XSAVE_SW_RESERVED	464	/* struct _fpx_sw_bytes in signal frames */
#define XSAVE_HDR		512	/* xstate_bv, xcomp_bv, reserved */
#define XSAVE_HDR_SIZE		64
#define XSAVE_LEGACY_SIZE	512

/* Size of a thread's buffer (uvmm's choice) and of what signal frames carry. */
extern unsigned int uvmm_xstate_size;
extern unsigned int uvmm_sigframe_xstate_size;
extern u64 uvmm_sigframe_xfeatures;

void uvmm_fpu_setup(u32 xstate_size);

/* The task's buffer, allocated if needed (exec); NULL if out of memory. */
void *uvmm_fpu_buffer(struct task_struct *tsk);
/* Make the task's buffer hold its current state (it is not running). */
void uvmm_fpu_sync(struct task_struct *tsk);
/* The buffer was changed here: uvmm must load it before the task runs. */
void uvmm_fpu_changed(struct task_struct *tsk);
/* Reset to the state of a new program (exec) or of a signal handler. */
void uvmm_fpu_reset(struct task_struct *tsk);
/* A new user task gets a copy of its parent's state. */
int uvmm_fpu_copy(struct task_struct *dst, struct task_struct *src);

#endif
