// SPDX-License-Identifier: GPL-2.0
/*
 * Lazy FPU/SSE/AVX state of guest user threads. A thread's live state stays
 * in the host process that last ran it (fpu_owner); only when another
 * thread runs there, or the guest asks (save_fpu), does it go through the
 * thread's XSAVE buffer, in the standard (non-compacted) format that
 * PTRACE_{GET,SET}REGSET NT_X86_XSTATE uses and user XSAVE would write.
 */
#include <cpuid.h>
#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>

#include "guest_proc/internal.h"

/* The XSAVE layout's legacy area (what FXSAVE would write). */
#define XSAVE_FCW_OFF		0
#define XSAVE_MXCSR_OFF		24
#define XSAVE_HDR_OFF		512
#define XFEATURE_FP_SSE		3
#define XFEATURE_PKRU		(1 << 9)

/* The state of a thread that never ran: what a fresh process starts with. */
static uint8_t *init_xstate;
/* Where PKRU is in the XSAVE area, 0 where the host has none: both made
 * once, by guest_proc_fpu_setup(). */
static uint32_t pkru_off;

uint32_t guest_proc_pkru_offset(void)
{
	return pkru_off;
}

int guest_proc_fpu_setup(void)
{
	uint16_t fcw = 0x37f;
	uint32_t mxcsr = 0x1f80;
	uint64_t bv = XFEATURE_FP_SSE;
	uint32_t pkru = 0x55555554;
	unsigned int a, b, c, d;
	uint8_t *s;

	if (init_xstate)
		return 0;
	s = calloc(1, guest_proc_xstate_size());
	if (!s)
		return -1;
	memcpy(s + XSAVE_FCW_OFF, &fcw, sizeof(fcw));
	memcpy(s + XSAVE_MXCSR_OFF, &mxcsr, sizeof(mxcsr));
	/* PKRU as x86_64 Linux starts programs: key 0 open, others denied. */
	if (__get_cpuid_count(0xd, 0, &a, &b, &c, &d) && (a & XFEATURE_PKRU) &&
	    __get_cpuid_count(0xd, 9, &a, &b, &c, &d) && b + 4 <= guest_proc_xstate_size()) {
		pkru_off = b;
		memcpy(s + b, &pkru, sizeof(pkru));
		bv |= XFEATURE_PKRU;
	}
	memcpy(s + XSAVE_HDR_OFF, &bv, sizeof(bv));
	init_xstate = s;	/* published complete */
	return 0;
}

static long regset(struct guest_proc *p, int req, const void *buf)
{
	struct iovec iov = { (void *)buf, guest_proc_xstate_size() };

	if (!p->pid)
		return -ESRCH;
	if (!buf)
		return -EFAULT;	/* a buffer outside guest RAM: never touched */
	/* The state is in the signal frame uvmm can reach: the fast gate's,
	 * or that of the fault handler the tracer holds (traced.c). */
	if (p->fast || p->in_handler)
		return req == PTRACE_GETREGSET ? guest_proc_fast_xstate_get(p, (void *)buf) :
						 guest_proc_fast_xstate_set(p, buf);
	if (ptrace(req, p->pid, (void *)NT_X86_XSTATE, &iov) < 0)
		return -errno;
	return iov.iov_len == guest_proc_xstate_size() ? 0 : -EIO;
}

static int (*buffer_ok)(const void *buf, __u64 len);

void guest_proc_set_buffer_check(int (*ok)(const void *buf, __u64 len))
{
	buffer_ok = ok;
}

/* t's XSAVE buffer, or NULL if it is not where buffers may be. */
static void *buf_of(struct uvmm_user_thread *t)
{
	void *buf = (void *)(uintptr_t)t->xstate;

	if (!buf || (buffer_ok && !buffer_ok(buf, guest_proc_xstate_size())))
		return NULL;
	return buf;
}

/* Copy p's live state out to its owner's buffer; p then owns nothing. */
static long save_owner(struct guest_proc *p)
{
	struct uvmm_user_thread *o = p->fpu_owner;
	long err;

	if (!o)
		return 0;
	p->fpu_owner = NULL;
	if (o->xstate_in_buf)
		return 0;	/* the guest rewrote it: the buffer wins */
	err = regset(p, PTRACE_GETREGSET, buf_of(o));
	if (!err)
		o->xstate_in_buf = 1;
	return err;
}

/* The process of this tracer thread where t's state is live, or NULL. */
static struct guest_proc *holder(struct uvmm_user_thread *t)
{
	struct guest_proc *q;

	for (q = *guest_proc_list(); q; q = q->next)
		if (q->fpu_owner == t)
			return q;
	return NULL;
}

/*
 * Make t's state the live one in p. On a buffer the kernel refuses (the
 * guest wrote nonsense into it), the initial state is loaded instead and
 * -EINVAL returned: the caller reports it like XRSTOR's #GP. Otherwise 0,
 * -ENOMEM, or -ESRCH (the process is gone).
 */
long guest_proc_fpu_load(struct guest_proc *p, struct uvmm_user_thread *t)
{
	struct guest_proc *q;
	long err;

	if (!t->xstate_in_buf && p->fpu_owner == t)
		return 0;
	if (!t->xstate_in_buf) {
		/* Live in another process (or nowhere yet): bring it over. */
		q = holder(t);
		if (q)
			save_owner(q);	/* if q died, t starts afresh */
	}
	/* Failing for another reason than p's death, the owner's state is lost
	 * (its buffer was bad); only p's death stops this run. */
	err = save_owner(p);
	if (err == -ESRCH)
		return err;
	while ((q = holder(t)))
		q->fpu_owner = NULL;	/* stale: the buffer is the truth now */
	if (t->xstate_in_buf)
		err = regset(p, PTRACE_SETREGSET, buf_of(t));
	else
		err = -ENOENT;	/* never ran: start from the initial state */
	if (err && err != -ESRCH) {
		if (regset(p, PTRACE_SETREGSET, init_xstate) < 0)
			return -ESRCH;
		if (err == -ENOENT)
			err = 0;
	}
	if (err == -ESRCH)
		return err;
	t->xstate_in_buf = 0;
	p->fpu_owner = t;
	return err ? -EINVAL : 0;
}

void guest_proc_save_fpu(struct guest_proc *p, struct uvmm_user_thread *t)
{
	struct guest_proc *q;

	if (t->xstate_in_buf)
		return;
	q = p->fpu_owner == t ? p : holder(t);
	if (!q) {
		/* Never ran: its state is the initial one. */
		void *buf = buf_of(t);

		if (buf) {
			memcpy(buf, init_xstate, guest_proc_xstate_size());
			t->xstate_in_buf = 1;
		}
		return;
	}
	save_owner(q);	/* a process gone meanwhile leaves the buffer as it was */
}
