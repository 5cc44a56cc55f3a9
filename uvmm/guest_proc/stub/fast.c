// SPDX-License-Identifier: GPL-2.0
/*
 * The stub's side of the fast gate (docs/fast-gate.md): every syscall of
 * guest code is trapped by a seccomp filter (SIGSYS), every fault is a
 * signal, and one handler for all signals hands the registers to uvmm
 * through the mailbox, waits for its answer and returns to guest code
 * with it. The FPU state stays in the kernel's signal frame, on the
 * alternate stack inside the mailbox file, where uvmm reads and writes it.
 *
 * What guest code can reach here is the handler's code and the restorer's
 * rt_sigreturn; the filter lets the stub's code make nothing but futex
 * calls on the mailbox word and the request page's two sequence words,
 * sched_yield and rt_sigreturn from the restorer, and the
 * guest task holds no fd: the mapper task (mapper.S) holds the memory file.
 */
#include <stddef.h>
#include <stdint.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/futex.h>
#include <linux/seccomp.h>

#include "stub_abi.h"
#include "stub.h"

#define NR_MMAP			9
#define NR_RT_SIGACTION		13
#define NR_RT_SIGPROCMASK	14
#define NR_RT_SIGRETURN		15
#define NR_PWRITE64		18
#define NR_MPROTECT		10
#define NR_MUNMAP		11
#define NR_SIGALTSTACK		131
#define NR_SCHED_YIELD		24
#define NR_PRCTL		157
#define NR_FUTEX		202
#define NR_SET_TID_ADDRESS	218
#define NR_SECCOMP		317
#define NR_CLOSE_RANGE		436

#define PROT_READ		1
#define PROT_WRITE		2
#define MAP_SHARED		0x01
#define MAP_PRIVATE		0x02
#define MAP_FIXED		0x10
#define MAP_ANONYMOUS		0x20
#define SIG_SETMASK		2
#define SA_SIGINFO		0x00000004
#define SA_RESTORER		0x04000000
#define SA_ONSTACK		0x08000000
#define SIGKILL			9
#define SIGSTOP			19
#define SIGSYS			31
#define NSIG			64
#define PR_SET_NO_NEW_PRIVS	38

#define USER_CS			0x33
#define USER_SS			0x2b
#define USER_END		0x7ffffffff000UL
/* The flags rt_sigreturn lets user code set (the kernel's FIX_EFLAGS). */
#define USER_FLAGS		0x50dd5UL
#define X86_TF			0x100
#define SIGILL			4
#define SIGTRAP			5
#define SIGSEGV			11
#define SEGV_PKUERR		4
#define SYS_SECCOMP		1
/* XSAVE layout: software bytes, header (its XSTATE_BV), PKRU's bit. */
#define XSAVE_SW_OFF		464
#define XSAVE_HDR_OFF		512
#define XFEATURE_PKRU		(1UL << 9)

_Static_assert(offsetof(struct stub_ucontext, gregs) == 40, "uc_mcontext");
_Static_assert(offsetof(struct stub_ucontext, sigmask) == 296, "uc_sigmask");
_Static_assert(offsetof(struct stub_page, count) == STUB_PAGE_COUNT_OFF, "count");
_Static_assert(offsetof(struct stub_page, done) == STUB_PAGE_DONE_OFF, "done");
_Static_assert(offsetof(struct stub_page, error) == STUB_PAGE_ERROR_OFF, "error");
_Static_assert(offsetof(struct stub_page, seq) == STUB_PAGE_SEQ_OFF, "seq");
_Static_assert(offsetof(struct stub_page, done_seq) == STUB_PAGE_DONE_SEQ_OFF, "done_seq");
_Static_assert(offsetof(struct stub_page, ops) == STUB_PAGE_OPS_OFF, "ops");
_Static_assert(sizeof(struct stub_op) == 32, "the mapper indexes ops by << 5");
_Static_assert(STUB_MAX_OPS == STUB_MAPPER_MAX_OPS, "ops per batch");
_Static_assert(offsetof(struct stub_mbox, regs) == STUB_MBOX_REGS_OFF, "regs");
_Static_assert(offsetof(struct stub_mbox, gate_features) == STUB_MBOX_FEATURES_OFF, "features");
_Static_assert(offsetof(struct stub_mbox, gate_slot) == STUB_MBOX_SLOT_OFF, "slot");
_Static_assert(offsetof(struct stub_mbox, gate_phase) == STUB_MBOX_PHASE_OFF, "phase");
_Static_assert(STUB_SITE_TABLE_ADDR >> 16 == 0x050f, "a slot's last two bytes are 0f 05");
_Static_assert(STUB_SITE_TABLE_SIZE <= 0x10000, "all slots keep them");
_Static_assert(sizeof(struct stub_site) == 16, "records");
_Static_assert(STUB_MBOX_ADDR >> 32 == STUB_FAST_REQ_ADDR >> 32,
	       "the guest filter compares one high half for all futex words");

#define MBOX	((struct stub_mbox *)STUB_MBOX_ADDR)
#define REQ	((volatile struct stub_page *)STUB_FAST_REQ_ADDR)
#define ALT_LO	(STUB_MBOX_ADDR + STUB_ALT_OFF)
#define ALT_HI	(STUB_MBOX_ADDR + STUB_MBOX_SIZE)

#define SITES	((const volatile struct stub_site *)STUB_SITES_ADDR)
#define GATE_XSAVE	(STUB_MBOX_ADDR + STUB_GATE_XSAVE_OFF)

extern char stub_base[], stub_text_end[], stub_mbox[];
extern char stub_gate_entries[], stub_gate_entries_end[], stub_gate_first_store[],
	    stub_gate_answered[], stub_gate_slow_ret[], stub_gate_end[];
void stub_handler(int sig, struct stub_siginfo *si, struct stub_ucontext *uc);
int stub_gate_event(void);

/* rt_sigreturn, the only one the filter allows (by its address). */
__asm__(".text\n"
	".globl stub_restorer, stub_sigreturn_insn\n"
	"stub_restorer:\n"
	"	movl $15, %eax\n"
	"stub_sigreturn_insn:\n"
	"	syscall\n"
	"	ud2\n");

/* With every signal blocked, the kernel kills the process for this. */
static __attribute__((noreturn)) void crash(void)
{
	for (;;)
		__asm__ volatile("ud2");
}

/* The mailbox is the guest's to write: a bound on its spinning anyway. */
#define MAX_SPIN_CYCLES		10000000
/* Spinning only pauses this long, then it yields the core at each turn. */
#define PAUSE_CYCLES		30000
/*
 * How long to spin at all once uvmm runs another process (about 100 us,
 * a tenth of what uvmm asks for otherwise): the turn of a partner in a
 * ping-pong is over by then, and a process left waiting longer (a parent
 * in wait4 while its child forks, execs and exits) would only take the
 * core from the one that runs, at each yield.
 */
#define OTHERS_SPIN_CYCLES	300000

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static uint64_t rdfsbase(void)
{
	uint64_t v;

	__asm__ volatile("rdfsbase %0" : "=r"(v));
	return v;
}

static uint64_t rdgsbase(void)
{
	uint64_t v;

	__asm__ volatile("rdgsbase %0" : "=r"(v));
	return v;
}

/*
 * A batch uvmm queued while this handler waits on this core: wake the
 * mapper from here and sleep until it is done. A wake-up from uvmm's
 * core would cost tens of microseconds; this one is a local switch, and
 * the mapper finds this core free. Harmless when uvmm has woken it too,
 * or when guest code forged the words: the mapper takes its batch from
 * the read-only request page only.
 */
static int kick_mapper(void)
{
	/*
	 * done_seq first: seq >= done_seq always, so a batch after done is
	 * still pending when seq is read, and the wait ends when the mapper
	 * moves done_seq (at once if it has already).
	 */
	uint32_t done = REQ->done_seq, seq = REQ->seq;

	if (seq == done)
		return 0;
	sys6(NR_FUTEX, (long)&REQ->seq, FUTEX_WAKE, 1, 0, 0, 0);
	sys6(NR_FUTEX, (long)&REQ->done_seq, FUTEX_WAIT, done, 0, 0, 0);
	return 1;
}

/* The handler reads the TSC to spin: a thread's PR_SET_TSC is for guest
 * code only. */
static void lift_tsc(struct stub_mbox *mb)
{
	if (mb->tsc_off) {
		sys6(NR_PRCTL, PR_SET_TSC, PR_TSC_ENABLE, 0, 0, 0, 0);
		mb->tsc_off = 0;
	}
}

/* The fs/gs bases and the selectors as they are now, into the event. */
static void post_segments(struct stub_mbox *mb)
{
	mb->fs_base = rdfsbase();
	mb->gs_base = rdgsbase();
	/* The kernel leaves the selectors as guest code had them. */
	__asm__ volatile("mov %%ds, %0" : "=r"(mb->ds));
	__asm__ volatile("mov %%es, %0" : "=r"(mb->es));
	__asm__ volatile("mov %%fs, %0" : "=r"(mb->fs));
	__asm__ volatile("mov %%gs, %0" : "=r"(mb->gs));
}

/*
 * The event is in the mailbox: hand it to uvmm and wait for its answer.
 * uvmm on another core answers within microseconds: spin a while first
 * (uvmm sets how long; 0 on one core), then sleep. After the first
 * microseconds, or as soon as uvmm says it has gone on to another
 * process, the spinning yields the core at each turn: the guest's other
 * processes share it, and waking a sleeping one from another core costs
 * tens of microseconds.
 */
static void post_and_wait(struct stub_mbox *mb)
{
	uint64_t spin, t0;
	uint32_t s;

	mb->others_run = 0;
	__atomic_store_n(&mb->state, STUB_ST_EVENT, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&mb->uvmm_waits, __ATOMIC_SEQ_CST))
		sys6(NR_FUTEX, (long)&mb->state, FUTEX_WAKE, 1, 0, 0, 0);
	spin = mb->spin_cycles < MAX_SPIN_CYCLES ? mb->spin_cycles : MAX_SPIN_CYCLES;
	t0 = rdtsc();
	while ((s = __atomic_load_n(&mb->state, __ATOMIC_ACQUIRE)) != STUB_ST_REPLY) {
		uint64_t spun = rdtsc() - t0;
		uint32_t others = __atomic_load_n(&mb->others_run, __ATOMIC_RELAXED);

		if (kick_mapper())
			continue;
		if (spun < (others ? OTHERS_SPIN_CYCLES : spin)) {
			if (spun < PAUSE_CYCLES && !others)
				__builtin_ia32_pause();
			else
				sys6(NR_SCHED_YIELD, 0, 0, 0, 0, 0, 0);
			continue;
		}
		__atomic_store_n(&mb->stub_waits, 1, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&mb->state, __ATOMIC_SEQ_CST) == s &&
		    REQ->seq == REQ->done_seq)
			sys6(NR_FUTEX, (long)&mb->state, FUTEX_WAIT, s, 0, 0, 0);
		__atomic_store_n(&mb->stub_waits, 0, __ATOMIC_RELAXED);
	}
}

/*
 * uvmm's answer, but for the registers: rdtsc as the guest thread has it,
 * the selectors and bases. uvmm checked them; a bad one would fault here,
 * killing the process. Selectors first: loading FS or GS sets its base
 * from the descriptor, and the base the guest set is what stays.
 */
static void leave_for_guest(struct stub_mbox *mb)
{
	if (mb->no_tsc) {
		sys6(NR_PRCTL, PR_SET_TSC, PR_TSC_SIGSEGV, 0, 0, 0, 0);
		mb->tsc_off = 1;
	}
	__asm__ volatile("mov %0, %%ds" : : "r"(mb->ds));
	__asm__ volatile("mov %0, %%es" : : "r"(mb->es));
	__asm__ volatile("mov %0, %%fs" : : "r"(mb->fs));
	__asm__ volatile("mov %0, %%gs" : : "r"(mb->gs));
	if (mb->fs_base < USER_END)
		__asm__ volatile("wrfsbase %0" : : "r"(mb->fs_base));
	if (mb->gs_base < USER_END)
		__asm__ volatile("wrgsbase %0" : : "r"(mb->gs_base));
}

/* What the event is, besides the registers. */
struct event {
	uint64_t signo, code, addr, nr, arch;
};

/* All of the event but the registers, into the mailbox (the state as
 * it is now: the TSC readable again for the wait). */
static void post_event(struct stub_mbox *mb, const struct event *e, uint64_t fpstate)
{
	lift_tsc(mb);
	mb->signo = e->signo;
	mb->code = e->code;
	mb->addr = e->addr;
	mb->nr = e->nr;
	mb->arch = e->arch;
	mb->fpstate = fpstate;
	post_segments(mb);
}

/*
 * Registers g stopped at a rewritten site, slot k: they become those of
 * the syscall it stands for, as `mov $nr, %eax; syscall` leaves them for
 * the kernel (rcx the return address, r11 the flags). A slot no live
 * record has was reached on purpose, not by a copy's jump: the process
 * dies as for any misuse of the stub.
 */
static void site_syscall(uint64_t *g, uint32_t k, struct event *e)
{
	const volatile struct stub_site *s = &SITES[k < STUB_MAX_SITES ? k : 0];

	if (k >= STUB_MAX_SITES || !s->live)
		crash();
	g[STUB_RIP] = s->ret;
	g[STUB_RAX] = s->nr;
	g[STUB_RCX] = s->ret;
	g[STUB_R11] = g[STUB_EFLAGS];
	*e = (struct event){ SIGSYS, SYS_SECCOMP, s->ret, s->nr, AUDIT_ARCH_X86_64 };
}

/* Does the answer's PKRU deny key 0 (the stub's own pages)? */
static int answer_denies_key0(const struct stub_mbox *mb)
{
	const uint8_t *x = (const uint8_t *)GATE_XSAVE;
	uint32_t off = mb->gate_pkru_off;

	if (!off || off > STUB_GATE_XSAVE_MAX - 4 ||
	    !(*(const volatile uint64_t *)(x + XSAVE_HDR_OFF) & XFEATURE_PKRU))
		return 0;
	return *(const volatile uint32_t *)(x + off) & 3;
}

/*
 * The gate's answer becomes the frame's: registers, FPU state (the gate's
 * XSAVE area, the frame keeping its own software bytes), segments.
 */
static void answer_into_frame(struct stub_ucontext *uc)
{
	struct stub_mbox *mb = MBOX;
	const uint8_t *from = (const uint8_t *)GATE_XSAVE;
	uint8_t *to = (uint8_t *)uc->fpstate;
	uint32_t size = *(const uint32_t *)(to + XSAVE_SW_OFF + 16);
	int i;

	for (i = 0; i < STUB_NR_GREGS; i++)
		uc->gregs[i] = mb->regs[i];
	uc->gregs[STUB_CSGSFS] = USER_CS | (uint64_t)USER_SS << 48;
	uc->sigmask = 0;
	if (size > STUB_GATE_XSAVE_MAX)
		crash();
	for (i = 0; i < XSAVE_SW_OFF; i++)
		to[i] = from[i];
	for (i = XSAVE_HDR_OFF; i < (int)size; i++)
		to[i] = from[i];
	leave_for_guest(mb);
}

/*
 * A signal in the stub's code, with signals not blocked: the gate's, or
 * the ready stop's int3 (guest code cannot be there but by jumping in,
 * and gains nothing). 0: return at once; 1: report e with the registers
 * now in uc.
 */
static int gate_signal(int sig, const struct stub_siginfo *si,
		       struct stub_ucontext *uc, struct event *e)
{
	struct stub_mbox *mb = MBOX;
	uint64_t *g = uc->gregs, rip = g[STUB_RIP];
	uint64_t entry = rip - (uint64_t)stub_gate_entries;

	if (si->code <= 0) {
		/*
		 * Sent (uvmm's preemption, or from outside). Before uvmm's
		 * answer the gate is about to report anyway; after it, the
		 * signal is for the guest code the answer returns to: finish
		 * the return here and report the signal from there.
		 */
		int answered;

		if (rip >= (uint64_t)stub_gate_entries && rip < (uint64_t)stub_gate_end)
			answered = rip >= (uint64_t)stub_gate_answered;
		else	/* in the C code the gate calls */
			answered = __atomic_load_n(&mb->gate_phase, __ATOMIC_ACQUIRE) ==
				   STUB_GATE_ANSWERED;
		if (!answered)
			return 0;
		answer_into_frame(uc);
		*e = (struct event){ (uint64_t)sig, (uint64_t)(int64_t)si->code, si->addr, 0, 0 };
		return 1;
	}
	/* The guest denied itself key 0: the gate could not save a thing. */
	if (sig == SIGSEGV && rip == (uint64_t)stub_gate_first_store) {
		site_syscall(g, (uint32_t)g[STUB_RAX], e);
		return 1;
	}
	/* The jump to an entry with the trap flag set: a single step over
	 * `mov $nr, %eax`, which leaves the syscall (site + 5) next. */
	if (sig == SIGTRAP && entry < (uint64_t)(stub_gate_entries_end - stub_gate_entries) &&
	    entry % STUB_GATE_ENTRY_SIZE == 0) {
		uint64_t rcx = g[STUB_RCX], r11 = g[STUB_R11];

		site_syscall(g, (uint32_t)(entry / STUB_GATE_ENTRY_SIZE), e);
		g[STUB_RIP] -= 2;	/* site + 5: its syscall comes next */
		g[STUB_RCX] = rcx;
		g[STUB_R11] = r11;
		*e = (struct event){ SIGTRAP, (uint64_t)(int64_t)si->code, g[STUB_RIP], 0, 0 };
		return 1;
	}
	if (sig == SIGILL && rip == (uint64_t)stub_gate_slow_ret) {
		answer_into_frame(uc);
		return 0;
	}
	/* The gate's code faulted, or a ud2 of the stub's ran (crash(), the
	 * dead ends): misuse, the process dies. */
	if ((rip >= (uint64_t)stub_gate_entries && rip < (uint64_t)stub_gate_end) ||
	    (sig == SIGILL && *(const uint16_t *)rip == 0x0b0f))
		crash();
	return 1;	/* the ready stop, or code the guest jumped to */
}

/*
 * Every signal of the guest task lands here, with all signals blocked,
 * on the alternate stack. Anywhere else, the frame that set the stack up
 * was forged (guest code jumped onto the restorer): the process dies.
 */
void __attribute__((used)) stub_handler(int sig, struct stub_siginfo *si,
					struct stub_ucontext *uc)
{
	struct stub_mbox *mb = MBOX;
	uint64_t sp = (uint64_t)__builtin_frame_address(0);
	uint64_t rip = uc->gregs[STUB_RIP], slot;
	struct event e = {
		(uint64_t)sig, (uint64_t)(int64_t)si->code, si->addr,
		sig == SIGSYS ? (uint64_t)(int64_t)si->syscall : 0,
		sig == SIGSYS ? si->arch : 0,
	};
	int i;

	if (sp < ALT_LO || sp >= ALT_HI)
		crash();
	if (rip - (uint64_t)stub_base < (uint64_t)(stub_text_end - stub_base) &&
	    !gate_signal(sig, si, uc, &e))
		return;
	/* A rewritten site with key 0 denied: the jump's read of its slot
	 * faults. It is the syscall the site was. */
	slot = (si->addr - STUB_SITE_TABLE_ADDR) / 8;
	if (sig == SIGSEGV && si->code == SEGV_PKUERR &&
	    si->addr - STUB_SITE_TABLE_ADDR < STUB_SITE_TABLE_SIZE &&
	    SITES[slot].live && SITES[slot].ret == rip + STUB_SITE_LEN)
		site_syscall(uc->gregs, (uint32_t)slot, &e);

	post_event(mb, &e, uc->fpstate);
	for (i = 0; i < STUB_NR_GREGS; i++)
		mb->regs[i] = uc->gregs[i];
	post_and_wait(mb);

	for (i = 0; i < STUB_NR_GREGS; i++)
		uc->gregs[i] = mb->regs[i];
	/* Always 64-bit user code, nothing blocked: a frame forged before
	 * (cs, signal mask) is repaired by the next event. */
	uc->gregs[STUB_CSGSFS] = USER_CS | (uint64_t)USER_SS << 48;
	uc->sigmask = 0;
	leave_for_guest(mb);
}

/*
 * A rewritten site's jump, through the gate (gate.S), which saved the
 * registers and the FPU state in the mailbox: the syscall's event, as
 * the handler would post it from a frame, then uvmm's answer. 1 if the
 * answer must go back through a signal frame (gate.S's slow return).
 */
int __attribute__((used)) stub_gate_event(void)
{
	struct stub_mbox *mb = MBOX;
	struct event e;
	uint64_t *g = mb->regs;

	site_syscall(g, mb->gate_slot, &e);
	post_event(mb, &e, GATE_XSAVE);
	g[STUB_CSGSFS] = USER_CS | (uint64_t)USER_SS << 48;
	g[STUB_ERR] = g[STUB_TRAPNO] = g[STUB_OLDMASK] = g[STUB_CR2] = 0;
	mb->gate_events++;
	post_and_wait(mb);

	__atomic_store_n(&mb->gate_phase, STUB_GATE_ANSWERED, __ATOMIC_RELEASE);
	leave_for_guest(mb);
	/* What rt_sigreturn takes of the flags. */
	g[STUB_EFLAGS] = (g[STUB_EFLAGS] & USER_FLAGS) | 0x202;
	return g[STUB_RIP] >= USER_END || (g[STUB_EFLAGS] & X86_TF) || answer_denies_key0(mb);
}

void stub_fast_setup(void)
{
	struct stub_mbox *mb = MBOX;
	uint64_t all = ~0UL;
	struct k_stack st = { .sp = ALT_LO, .size = STUB_ALT_SIZE };
	struct k_sigaction sa = {
		.handler = (uint64_t)stub_handler,
		.flags = SA_SIGINFO | SA_ONSTACK | SA_RESTORER,
		.restorer = (uint64_t)stub_restorer,
		.mask = ~0UL,
	};
	long tid;
	int sig;

	if (sys6(NR_MMAP, STUB_MBOX_ADDR, STUB_MBOX_SIZE, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED, STUB_MBOX_FD, 0) != (long)STUB_MBOX_ADDR)
		stub_exit(STUB_EXIT_MAP);
	/* When this task ends the kernel writes 0 there and wakes uvmm. */
	sys6(NR_SET_TID_ADDRESS, (long)&mb->state, 0, 0, 0, 0, 0);
	/* Blocked until armed; the mapper keeps them blocked for good. */
	if (sys6(NR_RT_SIGPROCMASK, SIG_SETMASK, (long)&all, 0, 8, 0, 0) < 0 ||
	    sys6(NR_SIGALTSTACK, (long)&st, 0, 0, 0, 0, 0) < 0)
		stub_exit(STUB_EXIT_SIGNALS);
	for (sig = 1; sig <= NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP &&
		    sys6(NR_RT_SIGACTION, sig, (long)&sa, 0, 8, 0, 0) < 0)
			stub_exit(STUB_EXIT_SIGNALS);
	if (sys6(NR_PRCTL, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, 0) < 0)
		stub_exit(STUB_EXIT_SECCOMP);
	tid = stub_clone_mapper();
	if (tid < 0)
		stub_exit(STUB_EXIT_CLONE);
	mb->mapper_tid = (uint32_t)tid;
	mb->gate_entries = (uint64_t)stub_gate_entries;
	if ((uint64_t)stub_mbox != STUB_MBOX_ADDR)	/* stub.lds and stub_abi.h */
		stub_exit(STUB_EXIT_MAP);
	/* The guest task keeps no fd at all: the mapper has its own table. */
	if (sys6(NR_CLOSE_RANGE, 0, ~0U, 0, 0, 0, 0) < 0)
		stub_exit(STUB_EXIT_MAP);
}

#define LD(off)		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define JEQ(k, t, f)	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))
#define JGE(k, t, f)	BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (k), (t), (f))
#define JGT(k, t, f)	BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, (k), (t), (f))
#define JSET(k, t, f)	BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, (k), (t), (f))
#define JA(k)		BPF_STMT(BPF_JMP | BPF_JA, (k))
#define RET(k)		BPF_STMT(BPF_RET | BPF_K, (k))
#define O_NR		offsetof(struct seccomp_data, nr)
#define O_ARCH		offsetof(struct seccomp_data, arch)
#define O_IP_LO		offsetof(struct seccomp_data, instruction_pointer)
#define O_IP_HI		(O_IP_LO + 4)
#define O_ARG_LO(i)	(offsetof(struct seccomp_data, args) + 8 * (i))
#define O_ARG_HI(i)	(O_ARG_LO(i) + 4)
#define TRAP		SECCOMP_RET_TRAP
#define KILL		SECCOMP_RET_KILL_PROCESS
#define ALLOW		SECCOMP_RET_ALLOW

/*
 * The mapper's filter: its own futex words, pwrite into the request file,
 * and map/unmap/protect below UVMM_USER_TOP: mmap of the memory file or of
 * a passed-through device, shared and fixed, or of zeros (anonymous,
 * private, fixed, never writable). Constant, so that it lives in the
 * stub's read-only text (mapper.S points its struct sock_fprog here).
 */
const struct sock_filter stub_mapper_filter[STUB_MAPPER_FILTER_LEN] = {
	/*  0 */ LD(O_ARCH),
	/*  1 */ JEQ(AUDIT_ARCH_X86_64, 1, 0),
	/*  2 */ RET(KILL),
	/*  3 */ LD(O_NR),
	/*  4 */ JEQ(NR_FUTEX, 0, 1),
	/*  5 */ RET(ALLOW),
	/*  6 */ JEQ(NR_PWRITE64, 0, 3),
	/*  7 */ LD(O_ARG_LO(0)),
	/*  8 */ JEQ(STUB_REQ_FD, 0, 22),
	/*  9 */ RET(ALLOW),
	/* 10 */ JEQ(NR_MMAP, 0, 12),
	/* 11 */ LD(O_ARG_LO(3)),		/* zeros: anonymous, read-only */
	/* 12 */ JEQ(MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, 0, 3),
	/* 13 */ LD(O_ARG_LO(2)),
	/* 14 */ JSET(PROT_WRITE, 16, 0),
	/* 15 */ JA(9),
	/* 16 */ LD(O_ARG_LO(4)),		/* the memory file or a device's */
	/* 17 */ JEQ(STUB_MEM_FD, 2, 0),
	/* 18 */ JGE(STUB_DEV_FD0, 0, 12),
	/* 19 */ JGE(STUB_DEV_FD0 + STUB_MAX_DEVS, 11, 0),
	/* 20 */ LD(O_ARG_LO(3)),
	/* 21 */ JEQ(MAP_SHARED | MAP_FIXED, 0, 9),
	/* 22 */ JA(2),
	/* 23 */ JEQ(NR_MUNMAP, 1, 0),
	/* 24 */ JEQ(NR_MPROTECT, 0, 6),
	/* 25 */ LD(O_ARG_HI(0)),		/* the address below UVMM_USER_TOP */
	/* 26 */ JGE(0x7fff, 0, 3),
	/* 27 */ JGT(0x7fff, 3, 0),
	/* 28 */ LD(O_ARG_LO(0)),
	/* 29 */ JGE(0xff000000, 1, 0),
	/* 30 */ RET(ALLOW),
	/* 31 */ RET(KILL),
};

/*
 * Last step, on the alternate stack: unblock signals and install the
 * guest task's filter. Syscalls from outside the stub's text, or of
 * another arch (int $0x80, compat mode), trap to the handler as the
 * guest's; from inside, only rt_sigreturn at the restorer, futex
 * WAIT/WAKE on the mailbox word or the request page's seq and done_seq,
 * and sched_yield pass, anything else kills the process.
 */
void stub_fast_arm(void)
{
	uint32_t lo = (uint32_t)(uint64_t)stub_base;
	uint32_t hi = (uint32_t)(uint64_t)stub_text_end;
	uint32_t sigreturn_ip = (uint32_t)(uint64_t)stub_sigreturn_insn + 2;
	struct sock_filter f[] = {
		/*  0 */ LD(O_ARCH),
		/*  1 */ JEQ(AUDIT_ARCH_X86_64, 1, 0),
		/*  2 */ RET(TRAP),
		/*  3 */ LD(O_IP_HI),
		/*  4 */ JEQ((uint32_t)((uint64_t)stub_base >> 32), 1, 0),
		/*  5 */ RET(TRAP),
		/*  6 */ LD(O_IP_LO),
		/*  7 */ JGE(lo, 0, 1),
		/*  8 */ JGE(hi, 0, 1),
		/*  9 */ RET(TRAP),
		/* 10 */ LD(O_NR),
		/* 11 */ JEQ(NR_RT_SIGRETURN, 0, 3),
		/* 12 */ LD(O_IP_LO),
		/* 13 */ JEQ(sigreturn_ip, 0, 18),
		/* 14 */ RET(ALLOW),
		/* 15 */ JEQ(NR_FUTEX, 0, 9),
		/* 16 */ LD(O_ARG_HI(0)),	/* all three words: one high half */
		/* 17 */ JEQ((uint32_t)(STUB_MBOX_ADDR >> 32), 0, 14),
		/* 18 */ LD(O_ARG_LO(0)),
		/* 19 */ JEQ((uint32_t)STUB_MBOX_ADDR, 2, 0),
		/* 20 */ JEQ((uint32_t)(STUB_FAST_REQ_ADDR + STUB_PAGE_SEQ_OFF), 1, 0),
		/* 21 */ JEQ((uint32_t)(STUB_FAST_REQ_ADDR + STUB_PAGE_DONE_SEQ_OFF), 0, 10),
		/* 22 */ LD(O_ARG_LO(1)),
		/* 23 */ JGT(FUTEX_WAKE, 8, 0),	/* FUTEX_WAIT or FUTEX_WAKE, shared */
		/* 24 */ RET(ALLOW),
		/* 25 */ JEQ(NR_SCHED_YIELD, 5, 0),
		/* 26 */ JEQ(NR_PRCTL, 0, 5),
		/* 27 */ LD(O_ARG_LO(0)),	/* PR_SET_TSC: the task's own rdtsc */
		/* 28 */ JEQ(PR_SET_TSC, 0, 3),
		/* 29 */ LD(O_ARG_HI(0)),
		/* 30 */ JEQ(0, 0, 1),
		/* 31 */ RET(ALLOW),
		/* 32 */ RET(KILL),
	};
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]), .filter = f };
	uint64_t none = 0;

	if (sys6(NR_RT_SIGPROCMASK, SIG_SETMASK, (long)&none, 0, 8, 0, 0) < 0 ||
	    sys6(NR_SECCOMP, SECCOMP_SET_MODE_FILTER, 0, (long)&prog, 0, 0, 0) < 0)
		stub_exit(STUB_EXIT_SECCOMP);
}
