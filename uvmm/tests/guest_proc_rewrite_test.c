// SPDX-License-Identifier: GPL-2.0
/*
 * Syscall-site rewriting on the fast gate (uvmm/guest_proc/rewrite.c,
 * stub/gate.S): a rewritten `mov $nr, %eax; syscall` reports the same
 * event with the same registers and FPU state as the signal did, the
 * page reads as the original, a remap of the same frame keeps the copy
 * and anything else drops it, a trap flag, a PKRU denying key 0 and
 * jumps into the gate behave, and a kept process starts afresh. Needs a
 * CPU with protection keys (tests/uvmm/unit-guest-proc-rewrite.t runs it
 * in the QEMU test bed where this one has none).
 */
#include "guest_proc_fixture.h"

#define NR_GETPPID	110
#define TF		0x100

static const uint8_t *mem;	/* the memory file, as uvmm sees it */

static long rewrite_site(struct guest_proc *p)
{
	return guest_proc_rewrite(p, GUEST_ADDR(snip_site_at), mem + CODE_OFF, CODE_OFF,
				  NR_GETPPID, UVMM_PROT_READ | UVMM_PROT_EXEC);
}

/* The registers every event of the loop must show but ax and dx. */
static int same_regs(const struct uvmm_regs *a, const struct uvmm_regs *b)
{
	return a->bx == b->bx && a->cx == b->cx && a->si == b->si && a->di == b->di &&
	       a->bp == b->bp && a->sp == b->sp && a->r8 == b->r8 && a->r9 == b->r9 &&
	       a->r10 == b->r10 && a->r11 == b->r11 && a->r12 == b->r12 &&
	       a->r13 == b->r13 && a->r14 == b->r14 && a->r15 == b->r15 &&
	       a->ip == b->ip && a->orig_ax == b->orig_ax && a->flags == b->flags;
}

/* xmm0's low half in an XSAVE buffer (the legacy area, offset 160). */
static uint64_t xmm0(const struct uvmm_user_thread *t)
{
	uint64_t v;

	memcpy(&v, (const uint8_t *)(uintptr_t)t->xstate + 160, 8);
	return v;
}

static void set_xmm0(struct uvmm_user_thread *t, uint64_t v)
{
	uint8_t *x = (uint8_t *)(uintptr_t)t->xstate;
	uint64_t bv;

	memcpy(x + 160, &v, 8);
	memcpy(&bv, x + 512, 8);
	bv |= 2;	/* SSE state present */
	memcpy(x + 512, &bv, 8);
	t->xstate_in_buf = 1;
}

static void test_gate(struct guest_proc *p)
{
	struct uvmm_user_thread t;
	struct uvmm_regs r, first;
	uint64_t events;

	thread_init(&t);
	regs_at(&r, snip_site);
	r.di = 0x1122334455667788ULL;
	r.bx = 1; r.bp = 2; r.si = 3; r.r8 = 8; r.r9 = 9; r.r10 = 10;
	r.r12 = 12; r.r13 = 13; r.r14 = 14; r.r15 = 15;
	is(run(p, &r, &t), UVMM_USER_SYSCALL, "the site traps (a signal)");
	is(r.orig_ax, NR_GETPPID, "with its number");
	is(r.ip, GUEST_ADDR(snip_site_after), "after its syscall");
	first = r;
	is(p->mbox->gate_events, 0, "not through the gate yet");
	is(rewrite_site(p), 0, "rewritten");
	is(rewrite_site(p), 0, "asked again: nothing to do");
	is(p->nr_shadows, 1, "one page copied");

	r.ax = 42;
	is(run(p, &r, &t), UVMM_USER_SYSCALL, "the next round: a syscall again");
	is(p->mbox->gate_events, 1, "through the gate");
	ok(same_regs(&r, &first), "with the registers the signal showed");
	is(r.ax, (uint64_t)-ENOSYS, "ax as PTRACE_SYSEMU shows it");
	is(r.dx, 0x1122334455667788ULL, "and the FPU state kept (xmm0 came back in rdx)");
	guest_proc_save_fpu(p, &t);
	is(xmm0(&t), 0x1122334455667788ULL, "the gate's XSAVE area is the thread's state");

	set_xmm0(&t, 0x0badcafe0badcafeULL);
	is(run(p, &r, &t), UVMM_USER_SYSCALL, "a new FPU state loaded");
	is(r.dx, 0x0badcafe0badcafeULL, "through the gate's XRSTOR");
	is(p->mbox->gate_events, 2, "again through the gate");
	events = p->mbox->gate_events;

	/* Fault-around maps the same frame again and again: the copy stays. */
	ok(guest_proc_map(p, GUEST_CODE, CODE_OFF, PAGE, UVMM_PROT_READ | UVMM_PROT_EXEC) == 0,
	   "the same frame mapped again");
	is(run(p, &r, &t), UVMM_USER_SYSCALL, "runs");
	is(p->mbox->gate_events, events + 1, "still through the gate");
	events++;

	/* A single step over the site: it stops after `mov $nr, %eax`. */
	r.flags |= TF;
	r.ip = GUEST_ADDR(snip_site_at);
	is(run(p, &r, &t), UVMM_USER_FAULT, "trap flag at the site: a trap");
	is(t.fault.signo, SIGTRAP, "SIGTRAP");
	is(r.ip, GUEST_ADDR(snip_site_at) + 5, "at the syscall, as the original's step");
	is(r.ax, NR_GETPPID, "with eax loaded");
	r.flags &= ~(uint64_t)TF;
	is(run(p, &r, &t), UVMM_USER_SYSCALL, "the next step: the copy's syscall there");
	is(r.ip, GUEST_ADDR(snip_site_after), "the same syscall");
	is(p->mbox->gate_events, events, "by the signal");
	thread_free(p, &t);
}

/* Guest code reads its own text: it sees the original, and the copy is gone. */
static void test_read(struct guest_proc *p)
{
	struct uvmm_user_thread t;
	struct uvmm_regs r;
	uint64_t want;

	thread_init(&t);
	regs_at(&r, snip_site_read);
	memcpy(&want, mem + CODE_OFF + (snip_site_at - SNIP_FIRST), 8);
	is(run(p, &r, &t), UVMM_USER_INTERRUPT, "a read of the rewritten page: run again");
	is(run(p, &r, &t), UVMM_USER_SYSCALL, "and it goes on");
	is(r.dx, want, "and sees the original bytes");
	is(p->nr_shadows, 0, "the copy is dropped");
	is(rewrite_site(p), -EPERM, "and the page is not rewritten again");
	thread_free(p, &t);
}

/* A protection change: the original comes back first. */
static void test_protect(struct guest_proc *p)
{
	struct uvmm_user_thread t;
	struct uvmm_regs r;
	uint64_t events = p->mbox->gate_events;

	thread_init(&t);
	regs_at(&r, snip_site);
	is(rewrite_site(p), 0, "rewritten");
	ok(guest_proc_protect(p, GUEST_CODE, PAGE, UVMM_PROT_READ | UVMM_PROT_EXEC |
			      UVMM_PROT_WRITE) == 0, "made writable");
	is(p->nr_shadows, 0, "the copy is dropped");
	is(run(p, &r, &t), UVMM_USER_SYSCALL, "runs");
	is(p->mbox->gate_events, events, "by the signal");
	ok(guest_proc_protect(p, GUEST_CODE, PAGE, UVMM_PROT_READ | UVMM_PROT_EXEC) == 0,
	   "read-only again");
	thread_free(p, &t);
}

/* Key 0 denied with WRPKRU (access, then writes only): still the syscall. */
static void test_pkru(struct guest_proc *p)
{
	static const uint64_t pkru[] = { 0x55555557, 0x55555556 };
	struct uvmm_user_thread t;
	struct uvmm_regs r;
	unsigned i;

	thread_init(&t);
	is(rewrite_site(p), 0, "rewritten");
	for (i = 0; i < 2; i++) {
		regs_at(&r, snip_pkru);
		r.bx = pkru[i];
		is(run(p, &r, &t), UVMM_USER_SYSCALL, "PKRU %#llx: the site is a syscall",
		   (unsigned long long)pkru[i]);
		is(r.orig_ax, NR_GETPPID, "PKRU %#llx: its number", (unsigned long long)pkru[i]);
		is(r.ip, GUEST_ADDR(snip_site_after), "PKRU %#llx: after it",
		   (unsigned long long)pkru[i]);
		is(run(p, &r, &t), UVMM_USER_SYSCALL, "PKRU %#llx: and again",
		   (unsigned long long)pkru[i]);
	}
	thread_free(p, &t);
}

/* Guest code jumping into the gate with registers of its choosing. */
static void test_hostile(const char *what, uint64_t ip, uint64_t ax)
{
	struct guest_proc *p = fixture_proc();
	struct uvmm_user_thread t;
	struct uvmm_regs r;
	pid_t pid = p->pid;

	thread_init(&t);
	is(rewrite_site(p), 0, "%s: a site rewritten", what);
	regs_at(&r, snip_site);
	r.ip = ip;
	r.ax = ax;
	is(run(p, &r, &t), -ESRCH, "%s: the process is killed", what);
	guest_proc_destroy(p);
	guest_proc_settle();
	ok(pid_gone(pid), "%s: and gone", what);
	thread_free(p, &t);
}

int main(void)
{
	struct guest_proc *p;
	uint64_t entries;
	int fd;

	setenv("UVMM_TEST_GATE", "fast", 1);
	fd = fixture_mem();
	if (!guest_proc_rewrite_on()) {
		skip(guest_proc_rewrite_why());
		return done_testing();
	}
	mem = mmap(NULL, MEM_SIZE, PROT_READ, MAP_SHARED, fd, 0);
	if (mem == MAP_FAILED)
		bail_out("mmap: %s", strerror(errno));

	p = fixture_proc();
	ok(p->gate_ok, "the new process can use the gate");
	entries = p->mbox->gate_entries;
	test_gate(p);
	test_protect(p);
	test_pkru(p);
	test_read(p);
	is(p->next_site, 2, "two records given out (the copy was made twice)");
	guest_proc_destroy(p);

	p = fixture_proc();
	is(p->next_site, 0, "a kept process starts with none");
	is(p->nr_shadows, 0, "and no copy");
	guest_proc_destroy(p);

	test_hostile("an entry whose record is not live", entries + 100 * STUB_GATE_ENTRY_SIZE, 0);
	test_hostile("the gate with a slot past the table",
		     entries + STUB_MAX_SITES * STUB_GATE_ENTRY_SIZE, STUB_MAX_SITES + 5);
	guest_proc_settle();
	return done_testing();
}
