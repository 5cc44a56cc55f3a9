// SPDX-License-Identifier: GPL-2.0
/*
 * Guest processes: lazy FPU state per user thread. Two threads on one
 * process, one thread moving between processes, save_fpu writing the XSAVE
 * buffer (xmm0 at the legacy-area offset), the buffer winning when the
 * guest rewrote it, a fresh thread seeing no one else's registers, and a
 * buffer the kernel refuses.
 */
#include <elf.h>
#include <sys/ptrace.h>
#include <sys/uio.h>

#include <sys/wait.h>

#include "guest_proc_fixture.h"

#define XMM0_OFF	160	/* XSAVE legacy area: xmm0 */
#define MXCSR_OFF	24

extern const char snip_fpu_second[];

static uint64_t xmm0_in(struct uvmm_user_thread *t)
{
	uint64_t v;

	memcpy(&v, (char *)(uintptr_t)t->xstate + XMM0_OFF, 8);
	return v;
}

/* Run thread t from the snippet's start with xmm0 = val, to the first syscall. */
static void first_half(struct guest_proc *p, struct uvmm_user_thread *t,
		       struct uvmm_regs *r, uint64_t val, const char *who)
{
	regs_at(r, snip_fpu);
	r->di = val;
	is(run(p, r, t), UVMM_USER_SYSCALL, "%s: set xmm0, stopped at the syscall", who);
}

/* Resume it: the snippet copies xmm0 to rdx, stops at the next syscall. */
static uint64_t second_half(struct guest_proc *p, struct uvmm_user_thread *t,
			    struct uvmm_regs *r, const char *who)
{
	r->dx = 0xdead;
	is(run(p, r, t), UVMM_USER_SYSCALL, "%s: resumed to the next syscall", who);
	return r->dx;
}

static void test_size(struct guest_proc *p)
{
	static char big[1 << 16];
	struct iovec iov = { big, sizeof(big) };

	uint32_t frame_size;

	if (p->fast) {
		/* The state is in the signal frame, in the mailbox. */
		memcpy(&frame_size, (char *)p->mbox + p->frame_off + 464 + 16, 4);
		ok(p->frame_off >= STUB_ALT_OFF, "xstate, fast gate: the frame is on the alternate stack");
		ok(frame_size >= 576 && frame_size <= guest_proc_xstate_size(),
		   "xstate, fast gate: it fits guest_proc_xstate_size() (%u of %u)",
		   frame_size, guest_proc_xstate_size());
		return;
	}
	ok(ptrace(PTRACE_GETREGSET, p->pid, (void *)NT_X86_XSTATE, &iov) == 0,
	   "xstate: the regset can be read");
	is(iov.iov_len, guest_proc_xstate_size(),
	       "xstate: its size is guest_proc_xstate_size() (%u)", guest_proc_xstate_size());
}

static void test_two_threads(struct guest_proc *p)
{
	struct uvmm_user_thread a, b;
	struct uvmm_regs ra, rb;

	thread_init(&a);
	thread_init(&b);
	a.xstate_in_buf = b.xstate_in_buf = 0;
	first_half(p, &a, &ra, 0xaaaa0001, "thread A");
	first_half(p, &b, &rb, 0xbbbb0002, "thread B");
	ok(a.xstate_in_buf == 1, "switch: A's state was saved to its buffer");
	is(xmm0_in(&a), 0xaaaa0001, "switch: A's buffer holds its xmm0");
	is(second_half(p, &a, &ra, "thread A"), 0xaaaa0001, "switch: A sees its own xmm0");
	ok(a.xstate_in_buf == 0, "switch: loading A cleared xstate_in_buf");
	is(second_half(p, &b, &rb, "thread B"), 0xbbbb0002, "switch: B sees its own xmm0");
	thread_free(p, &a);
	thread_free(p, &b);
}

/*
 * A buffer outside where buffers may be (uvmm: guest RAM) is never read or
 * written, even long after the guest passed the thread: thread A's buffer
 * is "moved" out while its state is live, then B runs in the same process.
 */
static const void *forbidden;

static int not_forbidden(const void *buf, __u64 len)
{
	(void)len;
	return buf != forbidden;
}

static void test_buffer_check(struct guest_proc *p)
{
	struct uvmm_user_thread a, b;
	struct uvmm_regs ra, rb;
	unsigned char *canary;

	thread_init(&a);
	thread_init(&b);
	canary = (unsigned char *)(uintptr_t)a.xstate;
	guest_proc_set_buffer_check(not_forbidden);
	first_half(p, &a, &ra, 0xaaaa0003, "check: thread A");
	forbidden = canary;			/* A's buffer is out of bounds now */
	memset(canary, 0x5a, guest_proc_xstate_size());
	first_half(p, &b, &rb, 0xbbbb0004, "check: thread B");
	ok(canary[0] == 0x5a && canary[XMM0_OFF] == 0x5a &&
	   canary[guest_proc_xstate_size() - 1] == 0x5a && !a.xstate_in_buf,
	   "check: A's state was not written to its forbidden buffer");
	guest_proc_save_fpu(p, &a);
	ok(canary[0] == 0x5a && !a.xstate_in_buf, "check: nor by save_fpu");
	a.xstate_in_buf = 1;
	regs_at(&ra, snip_fpu);
	is(run(p, &ra, &a), UVMM_USER_FAULT,
	   "check: a forbidden buffer is not loaded: a fault, as for a bad one");
	ok(canary[0] == 0x5a && canary[guest_proc_xstate_size() - 1] == 0x5a,
	   "check: and it was not written either");
	is(second_half(p, &b, &rb, "check: thread B"), 0xbbbb0004, "check: B is unharmed");
	guest_proc_set_buffer_check(NULL);
	forbidden = NULL;
	thread_free(p, &a);
	thread_free(p, &b);
}

static void test_across_processes(struct guest_proc *p1)
{
	struct guest_proc *p2 = fixture_proc();
	struct uvmm_user_thread c, d;
	struct uvmm_regs rc, rd;

	thread_init(&c);
	thread_init(&d);
	first_half(p1, &c, &rc, 0xcccc0003, "thread C in P1");
	first_half(p2, &d, &rd, 0xdddd0004, "thread D in P2");
	/* C goes on in P2 (as after exec the guest would set the buffer,
	 * but here its live state must be fetched from P1). */
	is(second_half(p2, &c, &rc, "thread C in P2"), 0xcccc0003,
	       "across: C's xmm0 followed it from P1 to P2");
	is(second_half(p1, &d, &rd, "thread D in P1"), 0xdddd0004,
	       "across: D's xmm0 followed it from P2 to P1");
	thread_free(p2, &c);
	thread_free(p2, &d);
	guest_proc_destroy(p2);
}

static void test_save_and_rewrite(struct guest_proc *p)
{
	struct uvmm_user_thread e;
	struct uvmm_regs r;
	uint64_t v = 0x55550005;

	thread_init(&e);
	first_half(p, &e, &r, 0xeeee0005, "thread E");
	ok(e.xstate_in_buf == 0, "save_fpu: the state is live before");
	guest_proc_save_fpu(p, &e);
	ok(e.xstate_in_buf == 1, "save_fpu: sets xstate_in_buf");
	is(xmm0_in(&e), 0xeeee0005, "save_fpu: xmm0 at XSAVE offset %d", XMM0_OFF);
	/* The guest rewrites the buffer (sigreturn): the buffer wins. */
	memcpy((char *)(uintptr_t)e.xstate + XMM0_OFF, &v, 8);
	is(second_half(p, &e, &r, "thread E"), v, "rewritten buffer: loaded on the next run");
	thread_free(p, &e);
}

static void test_fresh_thread(struct guest_proc *p)
{
	struct uvmm_user_thread f, g;
	struct uvmm_regs r;

	thread_init(&f);
	thread_init(&g);
	first_half(p, &f, &r, 0xf00f0006, "thread F");
	/* G never ran and has no buffer: it must not see F's registers. */
	regs_at(&r, snip_fpu_second);
	is(second_half(p, &g, &r, "thread G"), 0, "fresh thread: xmm0 is the initial 0");
	ok(f.xstate_in_buf == 1 && xmm0_in(&f) == 0xf00f0006, "fresh thread: F's state was saved");
	guest_proc_save_fpu(p, &g);
	ok(g.xstate_in_buf == 1 && xmm0_in(&g) == 0, "fresh thread: its saved xmm0 is 0");
	thread_free(p, &f);
	thread_free(p, &g);
}

static void test_bad_buffer(struct guest_proc *p)
{
	struct uvmm_user_thread h;
	struct uvmm_regs r;
	uint32_t bad = 0xffffffff;

	thread_init(&h);
	guest_proc_save_fpu(p, &h);	/* a valid initial state */
	memcpy((char *)(uintptr_t)h.xstate + MXCSR_OFF, &bad, 4);
	regs_at(&r, snip_fpu);
	is(run(p, &r, &h), UVMM_USER_FAULT, "bad buffer: refused as a fault");
	ok(h.fault.signo == SIGSEGV && h.fault.code == SI_KERNEL, "bad buffer: SIGSEGV, SI_KERNEL");
	is(r.ip, GUEST_ADDR(snip_fpu), "bad buffer: nothing ran");
	regs_at(&r, snip_fpu);
	r.di = 7;
	is(run(p, &r, &h), UVMM_USER_SYSCALL, "bad buffer: the thread runs on (initial state)");
	thread_free(p, &h);
}

/* A forgotten thread's buffer is never touched again (ASan would tell). */
static void test_forget(struct guest_proc *p)
{
	struct uvmm_user_thread k, l;
	struct uvmm_regs r;

	thread_init(&k);
	thread_init(&l);
	first_half(p, &k, &r, 0x1111, "thread K");
	thread_free(p, &k);	/* forget + free its buffer */
	first_half(p, &l, &r, 0x2222, "thread L after K was forgotten");
	guest_proc_save_fpu(p, &l);
	is(xmm0_in(&l), 0x2222, "forget: L's state is its own");
	thread_free(p, &l);
}

/* A thread whose process was killed from outside starts afresh elsewhere. */
static void test_holder_killed(struct guest_proc *p)
{
	struct guest_proc *q = fixture_proc();
	struct uvmm_user_thread m;
	struct uvmm_regs r;
	siginfo_t si;

	thread_init(&m);
	first_half(q, &m, &r, 0x3333, "thread M in Q");
	ok(kill(q->pid, SIGKILL) == 0, "holder killed: Q killed from outside");
	/* Dead for sure (not reaped: uvmm has not looked yet). */
	memset(&si, 0, sizeof(si));
	ok(waitid(P_PID, q->pid, &si, WEXITED | WNOWAIT) == 0 && si.si_pid == q->pid,
	   "holder killed: Q is dead");
	is(second_half(p, &m, &r, "thread M moved to P"), 0,
	       "holder killed: M goes on in P with the initial state");
	thread_free(p, &m);
	guest_proc_destroy(q);
}

int main(void)
{
	struct guest_proc *p;

	fixture_mem();
	p = fixture_proc();
	test_size(p);
	test_two_threads(p);
	test_across_processes(p);
	test_save_and_rewrite(p);
	test_fresh_thread(p);
	test_bad_buffer(p);
	test_buffer_check(p);
	test_forget(p);
	test_holder_killed(p);
	guest_proc_destroy(p);
	return done_testing();
}
