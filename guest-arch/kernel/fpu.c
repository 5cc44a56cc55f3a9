// SPDX-License-Identifier: GPL-2.0
/*
 * FPU/SSE/AVX state of guest user threads.
 *
 * The kernel never touches these registers (it is built without SSE and
 * x87); user code uses them in its host process, where they stay between
 * runs. Each user thread has a buffer in XSAVE standard format that holds
 * the state whenever the kernel needs it: on fork, for signal frames, for
 * ptrace. uvmm saves the state into it when another thread of the same
 * process runs, or when we ask (gate user_save_fpu); it loads it back
 * when we marked the buffer as changed (xstate_in_buf).
 */
#include <linux/init.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/fpu.h>
#include <asm/gate.h>

unsigned int uvmm_xstate_size;
unsigned int uvmm_sigframe_xstate_size;
u64 uvmm_sigframe_xfeatures;
static struct kmem_cache *xstate_cache;
/* Where PKRU is in the XSAVE area (0: the CPU has no protection keys). */
static unsigned int pkru_offset;

/*
 * What x86_64 Linux gives a new program (init_pkru_value): key 0 open,
 * every other key denied. The guest hands out no keys, so this only
 * matters to what RDPKRU shows, and to uvmm's execute-only pages.
 */
#define PKRU_DEFAULT	0x55555554
#define XFEATURE_PKRU	9

/* AMX tile state is only there for programs that ask; x86 leaves it out too. */
#define XFEATURES_ON_REQUEST	(BIT_ULL(17) | BIT_ULL(18))

static inline void cpuid_count(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *d)
{
	asm volatile("cpuid" : "=a" (*a), "=b" (*b), "=c" (*c), "=d" (*d)
			     : "a" (leaf), "c" (sub));
}

static inline u64 xgetbv0(void)
{
	u32 lo, hi;

	asm volatile("xgetbv" : "=a" (lo), "=d" (hi) : "c" (0));
	return lo | ((u64)hi << 32);
}

/*
 * What signal frames carry: the features the host enables for user code
 * (XCR0; the guest runs on the same CPU) but AMX, and the standard-format
 * size up to the end of the last one of them.
 */
void __init uvmm_fpu_setup(u32 xstate_size)
{
	u64 features = xgetbv0() & ~XFEATURES_ON_REQUEST;
	unsigned int size = XSAVE_LEGACY_SIZE + XSAVE_HDR_SIZE;
	int i;

	if (xstate_size < XSAVE_LEGACY_SIZE + XSAVE_HDR_SIZE)
		panic("uvmm: the XSAVE area is %u bytes: too small", xstate_size);
	for (i = 2; i < 63; i++) {
		u32 a, b, c, d;

		if (!(features & BIT_ULL(i)))
			continue;
		cpuid_count(0xd, i, &a, &b, &c, &d);
		size = max(size, a + b);	/* size + offset */
	}
	if (features & BIT_ULL(XFEATURE_PKRU)) {
		u32 a, b, c, d;

		cpuid_count(0xd, XFEATURE_PKRU, &a, &b, &c, &d);
		if (b + 4 <= xstate_size)
			pkru_offset = b;
	}
	uvmm_xstate_size = xstate_size;
	uvmm_sigframe_xstate_size = min(size, xstate_size);
	uvmm_sigframe_xfeatures = features;
}

static int __init uvmm_fpu_cache_init(void)
{
	xstate_cache = kmem_cache_create("uvmm_xstate", uvmm_xstate_size, 64,
					 SLAB_PANIC, NULL);
	return 0;
}
core_initcall(uvmm_fpu_cache_init);

static void init_state(void *buf)
{
	memset(buf, 0, uvmm_xstate_size);
	*(u16 *)(buf + XSAVE_FCW) = 0x37f;	/* x87 default control word */
	*(u32 *)(buf + XSAVE_MXCSR) = 0x1f80;	/* all SSE exceptions masked */
	if (pkru_offset) {
		*(u32 *)(buf + pkru_offset) = PKRU_DEFAULT;
		*(u64 *)(buf + XSAVE_HDR) = BIT_ULL(XFEATURE_PKRU);	/* XSTATE_BV */
	}
}

void *uvmm_fpu_buffer(struct task_struct *tsk)
{
	struct uvmm_user_thread *t = &tsk->thread.user;

	if (!t->xstate) {
		void *buf = kmem_cache_alloc(xstate_cache, GFP_KERNEL);

		if (!buf)
			return NULL;
		init_state(buf);
		t->xstate = (unsigned long)buf;
		t->xstate_in_buf = 1;
	}
	return (void *)(unsigned long)t->xstate;
}

void uvmm_fpu_sync(struct task_struct *tsk)
{
	struct uvmm_user_thread *t = &tsk->thread.user;

	if (t->xstate && !t->xstate_in_buf && tsk->thread.user_mm)
		gate_user_save_fpu(tsk->thread.user_mm, t);
}

void uvmm_fpu_changed(struct task_struct *tsk)
{
	tsk->thread.user.xstate_in_buf = 1;
}

void uvmm_fpu_reset(struct task_struct *tsk)
{
	void *buf = uvmm_fpu_buffer(tsk);

	if (buf) {
		init_state(buf);
		uvmm_fpu_changed(tsk);
	}
}

int uvmm_fpu_copy(struct task_struct *dst, struct task_struct *src)
{
	void *buf = kmem_cache_alloc(xstate_cache, GFP_KERNEL);

	if (!buf)
		return -ENOMEM;
	if (src->thread.user.xstate) {
		uvmm_fpu_sync(src);
		memcpy(buf, (void *)(unsigned long)src->thread.user.xstate, uvmm_xstate_size);
	} else {
		init_state(buf);
	}
	dst->thread.user.xstate = (unsigned long)buf;
	dst->thread.user.xstate_in_buf = 1;
	return 0;
}

/* The child must not share the parent's buffer, nor its host process's copy. */
int arch_dup_task_struct(struct task_struct *dst, struct task_struct *src)
{
	*dst = *src;
	dst->thread.user.xstate = 0;
	dst->thread.user.xstate_in_buf = 0;
	dst->thread.user_mm = 0;
	return 0;
}

void arch_release_task_struct(struct task_struct *tsk)
{
	struct uvmm_user_thread *t = &tsk->thread.user;

	if (!t->xstate)
		return;
	if (tsk->thread.user_mm)
		gate_user_forget(tsk->thread.user_mm, t);
	kmem_cache_free(xstate_cache, (void *)(unsigned long)t->xstate);
	t->xstate = 0;
}
