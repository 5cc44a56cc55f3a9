// SPDX-License-Identifier: GPL-2.0
/*
 * The fast gate, uvmm's side (docs/fast-gate.md; the stub's side is
 * stub/fast.c and stub/mapper.S). A guest syscall or fault is a signal in
 * the guest task; the stub's handler posts the registers in the mailbox
 * and waits; uvmm answers with the next registers to run. No ptrace stop
 * on the way: the process is traced only while it starts, then detached.
 *
 * Everything in the mailbox is written by the guest task, so it is what
 * guest code could have written: read once into a copy, checked, and
 * never trusted beyond "the registers this guest process asks to run".
 */
#include <errno.h>
#include <fcntl.h>
#include <cpuid.h>
#include <linux/audit.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "guest_proc/internal.h"

int guest_proc_fast_gate;
uint64_t guest_proc_fast_spin_ns;

/*
 * Spinning: with two CPUs or more, a guest process runs on another CPU
 * than its vCPU thread (pin.c) and each side spins this long for the
 * other's answer before it sleeps: a futex wake-up across cores costs
 * tens of microseconds here, a spin handover one or two (docs/fast-gate.md).
 * The handler's limit is in TSC cycles (a few GHz: about the same time).
 */
#define SPIN_NS		50000
#define SPIN_CYCLES	3000000

#ifndef HWCAP2_FSGSBASE
#define HWCAP2_FSGSBASE	(1 << 1)
#endif


/*
 * uvmm never sleeps on the mailbox for longer than this at a time: a
 * death the state word missed, or guest code that blocked the preemption
 * signal, is noticed at the next slice.
 */
#define WAIT_SLICE_NS	(20 * 1000 * 1000L)
/* How long a new process may take to post its first event. */
#define START_SLICES	250

static long futex(uint32_t *word, int op, uint32_t val, const struct timespec *ts)
{
	return syscall(SYS_futex, word, op, val, ts, NULL, 0);
}

/* The process ended (still a zombie, or reaped): the caller reaps. */
static int ended(struct guest_proc *p)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, p->pid, &si, WEXITED | WNOHANG | WNOWAIT) < 0)
		return errno != EINTR;
	return si.si_pid == p->pid;
}

/* The task's state letter and CPU time (ticks) from /proc/PID/task/PID/stat. */
static int task_stat(pid_t pid, char *state, unsigned long long *cpu)
{
	char path[64], buf[1024], *s;
	unsigned long long utime, stime;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", (int)pid, (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	s = strrchr(buf, ')');	/* the name may hold anything but ends here */
	if (!s || sscanf(s + 1, " %c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
			 state, &utime, &stime) != 3)
		return -1;
	*cpu = utime + stime;
	return 0;
}

/* Is the preemption signal in the guest task's blocked mask? */
static int preempt_masked(pid_t pid)
{
	char path[64], buf[4096], *s;
	unsigned long long blocked;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/status", (int)pid, (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	s = strstr(buf, "\nSigBlk:");
	if (!s || sscanf(s + 8, "%llx", &blocked) != 1)
		return 0;
	return !!(blocked & (1ULL << (STUB_SIG_PREEMPT - 1)));
}

/*
 * A wait timed out. The handler blocks every signal only for the
 * microseconds it runs; guest code whose forged rt_sigreturn frame left
 * the preemption signal blocked would keep the vCPU forever. Blocked at
 * every slice for PREEMPT_SLICES running, and all the while either
 * running (CPU time grew by PREEMPT_CPU_TICKS: guest code spinning) or
 * asleep although uvmm has answered (guest code that jumped into the
 * handler's futex wait): that process is killed, as seccomp kills one
 * that breaks its rules. A handler that is only slow to be scheduled is
 * neither: its CPU time stands still and it is runnable.
 */
#define PREEMPT_SLICES		10	/* 200 ms */
#define PREEMPT_CPU_TICKS	10	/* 100 ms of CPU time (USER_HZ) */

static int blocks_preemption(struct guest_proc *p, char state, unsigned long long cpu)
{
	int asleep;

	if (!preempt_masked(p->pid)) {
		p->preempt_blocked = 0;
		return 0;
	}
	asleep = state == 'S' &&
		 __atomic_load_n(&p->mbox->state, __ATOMIC_ACQUIRE) == STUB_ST_REPLY;
	if (p->preempt_blocked++ == 0) {
		p->preempt_cpu = cpu;
		p->preempt_asleep = asleep;
	}
	p->preempt_asleep &= asleep;
	if (p->preempt_blocked < PREEMPT_SLICES ||
	    (!p->preempt_asleep && cpu < p->preempt_cpu + PREEMPT_CPU_TICKS))
		return 0;
	fprintf(stderr, "uvmm: guest process %d kept uvmm's preemption signal blocked (%s): killed\n",
		(int)p->pid, p->preempt_asleep ? "asleep" : "running");
	return 1;
}

/*
 * A wait's slice ran out. A stop signal sent from outside (SIGSTOP,
 * SIGTSTP) stopped the process for real: under the tracer such a stop is
 * only a ptrace stop, and a signal from outside never reaches the guest,
 * so here it is undone too. When waiting for an event (preempt set), a
 * blocked preemption signal is looked for as well. 1 if the process has
 * ended or is to be killed: the caller reaps it.
 */
static int timed_out(struct guest_proc *p, int preempt)
{
	unsigned long long cpu;
	char state;

	if (ended(p))
		return 1;
	if (task_stat(p->pid, &state, &cpu) < 0) {
		p->preempt_blocked = 0;
		return 0;
	}
	if (state == 'T')
		kill(p->pid, SIGCONT);
	return preempt && blocks_preemption(p, state, cpu);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/*
 * Sleep on *word while it holds val, until the slice's deadline (an
 * absolute CLOCK_MONOTONIC time: the vCPU's interrupt signals, which cut
 * the sleep short, must not keep pushing it back). 1 once it has passed.
 */
static int wait_word(uint32_t *word, uint32_t val, uint64_t *deadline)
{
	struct timespec ts = {
		.tv_sec = *deadline / 1000000000ULL,
		.tv_nsec = *deadline % 1000000000ULL,
	};

	if (syscall(SYS_futex, word, FUTEX_WAIT_BITSET, val, &ts, NULL,
		    FUTEX_BITSET_MATCH_ANY) < 0 && errno != ETIMEDOUT && errno != EINTR &&
	    errno != EAGAIN)
		return 1;	/* cannot sleep: count the slice as gone */
	if (now_ns() < *deadline)
		return 0;
	*deadline = now_ns() + WAIT_SLICE_NS;
	return 1;
}

/*
 * With the process on another core, its answer comes in microseconds:
 * spin (a while, pausing) as long as *word holds val.
 */
static void spin_while(const uint32_t *word, uint32_t val)
{
	uint64_t end;
	unsigned i;

	if (!guest_proc_fast_spin_ns)
		return;
	end = now_ns() + guest_proc_fast_spin_ns;
	for (i = 1; __atomic_load_n(word, __ATOMIC_ACQUIRE) == val; i++) {
		__builtin_ia32_pause();
		if (!(i & 63) && now_ns() >= end)
			break;
	}
}

/* Until the guest task posts an event: 0, -ESRCH (gone), -ETIMEDOUT. */
static long wait_event(struct guest_proc *p, unsigned max_slices)
{
	struct stub_mbox *mb = p->mbox;
	uint64_t deadline = now_ns() + WAIT_SLICE_NS;
	unsigned slices = 0;
	uint32_t s;

	spin_while(&mb->state, STUB_ST_REPLY);
	for (;;) {
		s = __atomic_load_n(&mb->state, __ATOMIC_ACQUIRE);
		if (s == STUB_ST_EVENT)
			break;
		if (s == STUB_ST_DEAD)
			return -ESRCH;
		__atomic_store_n(&mb->uvmm_waits, 1, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&mb->state, __ATOMIC_SEQ_CST) == s &&
		    wait_word(&mb->state, s, &deadline)) {
			if (timed_out(p, 1))
				return -ESRCH;
			if (max_slices && ++slices >= max_slices)
				return -ETIMEDOUT;
		}
		__atomic_store_n(&mb->uvmm_waits, 0, __ATOMIC_RELAXED);
	}
	__atomic_store_n(&mb->uvmm_waits, 0, __ATOMIC_RELAXED);
	p->preempt_blocked = 0;
	return 0;
}

/* Where the frame's XSAVE area is in the mailbox, or 0 if not plausible. */
uint64_t guest_proc_frame_offset(uint64_t fpstate)
{
	uint64_t off = fpstate - STUB_MBOX_ADDR;

	if (fpstate < STUB_MBOX_ADDR || off < STUB_ALT_OFF || off % 64 ||
	    off > STUB_MBOX_SIZE - 576)
		return 0;
	return off;
}

/* The mailbox file, mapped in uvmm as p->mbox; its fd for the stub. */
long guest_proc_mbox_create(struct guest_proc *p, int *mbox_fd)
{
	long err;
	int fd;

	fd = memfd_create("uvmm-stub-mailbox", MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (ftruncate(fd, STUB_MBOX_SIZE) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	p->mbox = mmap(NULL, STUB_MBOX_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p->mbox == MAP_FAILED) {
		err = -errno;
		p->mbox = NULL;
		close(fd);
		return err;
	}
	*mbox_fd = fd;
	return 0;
}

/*
 * What the handler takes from uvmm other than with each run's registers
 * (no_tsc, the selectors and bases are written before every run).
 */
void guest_proc_fast_reset_mbox(struct guest_proc *p)
{
	p->mbox->spin_cycles = guest_proc_fast_spin_ns ? SPIN_CYCLES : 0;
	guest_proc_rewrite_reset_mbox(p);
}

long guest_proc_fast_prepare(struct guest_proc *p, int req_fd, int *mbox_fd)
{
	uint64_t *consts;
	long err;
	int fd, i;

	if (ftruncate(req_fd, STUB_FAST_REQ_SIZE) < 0)
		return -errno;
	consts = mmap(NULL, STUB_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		      req_fd, STUB_PAGE_SIZE);
	if (consts == MAP_FAILED)
		return -errno;
	for (i = 0; i < STUB_NR_CONSTS; i++)
		consts[i] = i;
	munmap(consts, STUB_PAGE_SIZE);
	p->sites = mmap(NULL, STUB_MAX_SITES * sizeof(p->sites[0]), PROT_READ | PROT_WRITE,
			MAP_SHARED, req_fd, STUB_SITES_OFF);
	if (p->sites == MAP_FAILED) {
		p->sites = NULL;
		return -errno;
	}

	err = guest_proc_mbox_create(p, &fd);
	if (err)
		return err;
	p->mbox->state = STUB_ST_RUN;
	guest_proc_fast_reset_mbox(p);
	p->page->mode = STUB_MODE_FAST;
	p->fast = 1;
	*mbox_fd = fd;
	return 0;
}

/*
 * The stub is at its ready stop, still traced: let it go, and wait for
 * its first event (the int3 after the ready one), from which on it waits
 * in the handler for the registers of the first run.
 */
long guest_proc_fast_start(struct guest_proc *p)
{
	struct stub_mbox *mb = p->mbox;

	/* Read before any guest code ran in the process: the stub's word. */
	p->mapper_tid = (pid_t)mb->mapper_tid;
	if (p->mapper_tid <= 0 || ptrace(PTRACE_DETACH, p->pid, 0, 0) < 0)
		return -ENOEXEC;
	if (wait_event(p, START_SLICES) < 0 || mb->signo != SIGTRAP) {
		guest_proc_reap(p);
		return -ENOEXEC;
	}
	p->frame_off = guest_proc_frame_offset(mb->fpstate);
	if (!p->frame_off)
		return -ENOEXEC;
	guest_proc_rewrite_start(p, (const uint8_t *)mb + p->frame_off);
	return 0;
}

/* A signal frame's registers (struct sigcontext) from the guest's. */
void guest_proc_frame_put_regs(uint64_t *g, const struct uvmm_regs *regs)
{
	g[STUB_R8] = regs->r8;
	g[STUB_R9] = regs->r9;
	g[STUB_R10] = regs->r10;
	g[STUB_R11] = regs->r11;
	g[STUB_R12] = regs->r12;
	g[STUB_R13] = regs->r13;
	g[STUB_R14] = regs->r14;
	g[STUB_R15] = regs->r15;
	g[STUB_RDI] = regs->di;
	g[STUB_RSI] = regs->si;
	g[STUB_RBP] = regs->bp;
	g[STUB_RBX] = regs->bx;
	g[STUB_RDX] = regs->dx;
	g[STUB_RAX] = regs->ax;
	g[STUB_RCX] = regs->cx;
	g[STUB_RSP] = regs->sp;
	g[STUB_RIP] = regs->ip;
	g[STUB_EFLAGS] = regs->flags;
	g[STUB_CSGSFS] = USER_CS | (uint64_t)USER_SS << 48;
}

long guest_proc_fast_load(struct guest_proc *p, const struct uvmm_regs *regs,
			  const struct uvmm_user_thread *t)
{
	uint64_t *g = p->mbox->regs;

	if (t->fs_base >= TASK_SIZE_MAX || t->gs_base >= TASK_SIZE_MAX)
		return -EINVAL;	/* what the tracer's PTRACE_SETREGS refuses */
	guest_proc_frame_put_regs(g, regs);
	p->mbox->fs_base = t->fs_base;
	p->mbox->gs_base = t->gs_base;
	p->mbox->ds = guest_proc_user_selector(t->ds, 1);
	p->mbox->es = guest_proc_user_selector(t->es, 1);
	p->mbox->fs = guest_proc_user_selector(t->fs, 1);
	p->mbox->gs = guest_proc_user_selector(t->gs, 1);
	return 0;
}

void guest_proc_frame_get_regs(const uint64_t *g, struct uvmm_regs *regs)
{
	regs->r8 = g[STUB_R8];
	regs->r9 = g[STUB_R9];
	regs->r10 = g[STUB_R10];
	regs->r11 = g[STUB_R11];
	regs->r12 = g[STUB_R12];
	regs->r13 = g[STUB_R13];
	regs->r14 = g[STUB_R14];
	regs->r15 = g[STUB_R15];
	regs->di = g[STUB_RDI];
	regs->si = g[STUB_RSI];
	regs->bp = g[STUB_RBP];
	regs->bx = g[STUB_RBX];
	regs->dx = g[STUB_RDX];
	regs->ax = g[STUB_RAX];
	regs->cx = g[STUB_RCX];
	regs->sp = g[STUB_RSP];
	regs->ip = g[STUB_RIP];
	regs->flags = g[STUB_EFLAGS];
	regs->orig_ax = -1;
	regs->cs = USER_CS;
	regs->ss = USER_SS;
}

/* What the event ev means for the guest, as the tracer would report it. */
static long fast_event(struct guest_proc *p, const struct stub_mbox *ev,
		       struct uvmm_regs *regs, struct uvmm_user_thread *t)
{
	int code = (int)ev->code;

	p->frame_off = guest_proc_frame_offset(ev->fpstate);
	guest_proc_frame_get_regs(ev->regs, regs);
	t->fs_base = ev->fs_base;
	t->gs_base = ev->gs_base;
	t->ds = ev->ds;
	t->es = ev->es;
	t->fs = ev->fs;
	t->gs = ev->gs;
	if (ev->signo != SIGSYS || code != SYS_SECCOMP)
		return guest_proc_signal_event((int)ev->signo, code, ev->addr, t);
	if (ev->arch != AUDIT_ARCH_X86_64) {
		/*
		 * int $0x80, or a syscall from compat mode (a forged frame):
		 * the guest kernel has no 32-bit ABI, so the CPU's answer on
		 * such a kernel, #GP at the 2-byte instruction.
		 */
		regs->ip -= 2;
		return guest_proc_signal_event(SIGSEGV, SI_KERNEL, 0, t);
	}
	if (guest_proc_vsyscall_fault((int)ev->signo, code, ev->addr, t)) {
		/* The host emulated the call's ret: the fault is at the entry. */
		regs->ip = ev->addr;
		regs->sp -= 8;
		return UVMM_USER_FAULT;
	}
	/* As PTRACE_SYSEMU shows it: the number (all of rax) and -ENOSYS. */
	regs->orig_ax = ev->regs[STUB_RAX];
	regs->ax = -ENOSYS;
	return UVMM_USER_SYSCALL;
}

/*
 * The process this vCPU thread ran last: its handler may still spin on
 * the core that the one about to run needs (the guest is one CPU).
 */
static __thread struct guest_proc *last_run;

void guest_proc_fast_release(struct guest_proc *p)
{
	if (last_run == p)
		last_run = NULL;
}

long guest_proc_fast_resume(struct guest_proc *p, struct uvmm_regs *regs,
			    struct uvmm_user_thread *t,
			    const volatile uint64_t *irq_pending)
{
	struct stub_mbox *mb = p->mbox, ev;
	long err;

	/* As in the tracer: published before *irq_pending is read. */
	guest_proc_running(p);
	if (*irq_pending) {
		guest_proc_running(NULL);
		return UVMM_USER_INTERRUPT;
	}
	if (last_run != p) {
		if (last_run)
			__atomic_store_n(&last_run->mbox->others_run, 1, __ATOMIC_RELAXED);
		last_run = p;
	}
	__atomic_store_n(&mb->state, STUB_ST_REPLY, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&mb->stub_waits, __ATOMIC_SEQ_CST))
		futex(&mb->state, FUTEX_WAKE, 1, NULL);
	err = wait_event(p, 0);
	guest_proc_running(NULL);
	if (err) {
		guest_proc_reap(p);
		return -ESRCH;
	}
	memcpy(&ev, mb, sizeof(ev));	/* one copy: guest code may write the mailbox */
	return fast_event(p, &ev, regs, t);
}

void guest_proc_fast_batch_start(struct guest_proc *p)
{
	struct stub_page *pg = p->page;

	/* As a batch done leaves them: the mapper writes them on a failure
	 * only, a pwrite each saved. */
	pg->done = pg->count < STUB_MAPPER_MAX_OPS ? pg->count : STUB_MAPPER_MAX_OPS;
	pg->error = 0;
	__atomic_store_n(&pg->seq, pg->seq + 1, __ATOMIC_SEQ_CST);
	/* A handler waiting on its core wakes the mapper there, cheaply. */
	if (__atomic_load_n(&p->mbox->state, __ATOMIC_SEQ_CST) != STUB_ST_EVENT ||
	    __atomic_load_n(&p->mbox->stub_waits, __ATOMIC_SEQ_CST))
		futex(&pg->seq, FUTEX_WAKE, 1, NULL);
}

long guest_proc_fast_batch_wait(struct guest_proc *p)
{
	uint64_t deadline = now_ns() + WAIT_SLICE_NS;
	struct stub_page *pg = p->page;
	uint32_t seq = pg->seq, d;

	spin_while(&pg->done_seq, seq - 1);
	while ((d = __atomic_load_n(&pg->done_seq, __ATOMIC_ACQUIRE)) != seq)
		if (wait_word(&pg->done_seq, d, &deadline) && timed_out(p, 0)) {
			guest_proc_reap(p);
			return -ESRCH;
		}
	pg->batches++;
	if (pg->done > pg->count || pg->error < 0 || pg->error >= STUB_NR_CONSTS)
		return -EIO;
	pg->error = -pg->error;	/* the mapper reports errno, the stub -errno */
	return 0;
}

long guest_proc_fast_batch(struct guest_proc *p)
{
	guest_proc_fast_batch_start(p);
	return guest_proc_fast_batch_wait(p);
}

/* XSAVE layout: the legacy area, the kernel's software bytes, the header. */
#define XSAVE_MXCSR_OFF		24
#define XSAVE_MXCSR_MASK_OFF	28
#define XSAVE_SW_OFF		464
#define XSAVE_HDR_OFF		512
#define XSAVE_MIN_SIZE		576
#define FP_XSTATE_MAGIC1	0x46505853U

/* The live frame's XSAVE area, its size and the task's features; NULL if
 * there is none (the process is gone) or it is not the kernel's. */
static uint8_t *frame(struct guest_proc *p, uint32_t *size, uint64_t *features)
{
	uint8_t *f;
	uint32_t magic;

	/* Killed from outside, its state is lost, as under the tracer. */
	if (!p->pid || !p->frame_off || ended(p))
		return NULL;
	f = (uint8_t *)p->mbox + p->frame_off;
	memcpy(&magic, f + XSAVE_SW_OFF, 4);
	memcpy(features, f + XSAVE_SW_OFF + 8, 8);
	memcpy(size, f + XSAVE_SW_OFF + 16, 4);
	if (magic != FP_XSTATE_MAGIC1 || *size < XSAVE_MIN_SIZE ||
	    *size > guest_proc_xstate_size() || *size > STUB_MBOX_SIZE - p->frame_off)
		return NULL;
	return f;
}

long guest_proc_fast_xstate_get(struct guest_proc *p, void *buf)
{
	uint64_t features;
	uint32_t size;
	uint8_t *f = frame(p, &size, &features);

	if (!f)
		return p->pid && !ended(p) ? -EIO : -ESRCH;
	memcpy(buf, f, size);
	memset((uint8_t *)buf + size, 0, guest_proc_xstate_size() - size);
	memset((uint8_t *)buf + XSAVE_SW_OFF, 0, XSAVE_HDR_OFF - XSAVE_SW_OFF);
	return 0;
}

/*
 * The features XCR0 enables: XSAVE_BV may name no others. Asked once:
 * cpuid is a VM exit on a virtual machine (~7 us on a nested one), and
 * this is on the way of every run that loads a thread's FPU state.
 */
static uint64_t xcr0_features(void)
{
	static uint64_t features;
	unsigned int a, b, c, d;

	if (!features)
		features = __get_cpuid_count(0xd, 0, &a, &b, &c, &d) ?
			   a | (uint64_t)d << 32 : 3;	/* else x87 and SSE */
	return features;
}

long guest_proc_fast_xstate_set(struct guest_proc *p, const void *buf)
{
	const uint8_t *b = buf;
	uint64_t features, bv;
	uint32_t size, mxcsr, mask;
	uint8_t *f = frame(p, &size, &features);
	int i;

	if (!f)
		return p->pid && !ended(p) ? -EIO : -ESRCH;
	/* What XRSTOR at sigreturn would refuse (#GP), refused here first. */
	memcpy(&bv, b + XSAVE_HDR_OFF, 8);
	memcpy(&mxcsr, b + XSAVE_MXCSR_OFF, 4);
	memcpy(&mask, f + XSAVE_MXCSR_MASK_OFF, 4);
	if (!mask)
		mask = 0xffbf;
	if (bv & ~xcr0_features() || mxcsr & ~mask)
		return -EINVAL;
	for (i = XSAVE_HDR_OFF + 8; i < XSAVE_MIN_SIZE; i++)
		if (b[i])
			return -EINVAL;
	memcpy(f, b, XSAVE_SW_OFF);
	memcpy(f + XSAVE_HDR_OFF, b + XSAVE_HDR_OFF, size - XSAVE_HDR_OFF);
	/* Features this task has no frame room for (AMX without permission)
	 * start from their initial state. */
	bv &= features;
	memcpy(f + XSAVE_HDR_OFF, &bv, 8);
	return 0;
}

/* Why a test process could not start on the fast gate, from how it ended. */
static const char *start_failure(int status)
{
	if (WIFEXITED(status))
		switch (WEXITSTATUS(status)) {
		case STUB_EXIT_SECCOMP:
			return "seccomp filters are refused here (an outer filter, or no "
			       "CONFIG_SECCOMP_FILTER)";
		case STUB_EXIT_CLONE:
			return "the stub could not create its mapper task";
		case STUB_EXIT_SIGNALS:
			return "the stub could not set up its signal handling";
		case STUB_EXIT_MAP:
			return "the stub could not map its mailbox";
		}
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS)
		return "a seccomp filter around uvmm forbids what the stub needs";
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGILL)
		return "the mapper task's seccomp filter was refused";
	return NULL;
}

int guest_proc_use_fast(int on, char *why, size_t whylen)
{
	struct guest_proc *p;
	const char *reason;
	long err;

	guest_proc_fast_gate = 0;
	guest_proc_fast_spin_ns = 0;
	guest_proc_rewrite_off("not on the ptrace tracer");
	if (!on)
		return 0;
	/* The handler sets the guest's fs/gs bases itself, with no syscall. */
	if (!(getauxval(AT_HWCAP2) & HWCAP2_FSGSBASE)) {
		snprintf(why, whylen, "the host gives user space no FSGSBASE instructions");
		return -1;
	}
	guest_proc_fast_gate = 1;
	guest_proc_rewrite_setup(guest_proc_mem_fd);
	guest_proc_fast_spin_ns = guest_proc_cpus() >= 2 && !getenv("UVMM_NO_SPIN") ? SPIN_NS : 0;
	err = guest_proc_create(&p);
	if (!err) {
		guest_proc_destroy(p);
		/* The probe, and the spare made for a thread that may not
		 * be the one that will need it. */
		guest_proc_settle();
		return 0;
	}
	guest_proc_fast_gate = 0;
	guest_proc_fast_spin_ns = 0;
	guest_proc_rewrite_off("not on the ptrace tracer");
	reason = err == -ENOEXEC ? start_failure(guest_proc_last_start_failure()) : NULL;
	if (reason)
		snprintf(why, whylen, "%s", reason);
	else
		snprintf(why, whylen, "a test process did not start on it: %s", strerror((int)-err));
	return -1;
}

int guest_proc_fast_gate_on(void)
{
	return guest_proc_fast_gate;
}
