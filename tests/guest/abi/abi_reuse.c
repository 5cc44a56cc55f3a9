// SPDX-License-Identifier: GPL-2.0
/*
 * Address spaces one after another in the same host process: uvmm keeps
 * the host process of a guest process that ended for the next one
 * (docs/guest-processes.md). A hostile process that ends leaves the next
 * nothing, on every gate: not its memory, not its FPU, segment or TSC
 * state, not the words it wrote into the mailbox (the fast gate's, or the
 * tracer's with the host's ptrace options). Each check forks a process
 * that plants something and exits, then a second process (it takes the
 * first one's host process, which was kept last) that looks for it.
 */
#include <asm/prctl.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tap.h"

#define SECRET_AT	((volatile uint64_t *)0x5e0000000UL)
#define SECRET		0x5ec7e75ec7e75ec7UL
#define MAILBOX		0x7fffff800000UL
#define MAILBOX_SIZE	0x20000UL
#define ROUNDS		6	/* more than uvmm keeps: some round lands */

static sigjmp_buf jump;

static void on_segv(int sig)
{
	(void)sig;
	siglongjmp(jump, 1);
}

/* The exit status of a child running fn (128 + signal if killed). */
static int in_child(void (*fn)(void))
{
	int st;
	pid_t pid = fork();

	if (pid < 0)
		bail_out("fork: %s", strerror(errno));
	if (pid == 0) {
		fn();
		_exit(0);
	}
	if (waitpid(pid, &st, 0) != pid)
		bail_out("waitpid: %s", strerror(errno));
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Leaves with the raw syscall: nothing of libc runs after the planting. */
static void __attribute__((noreturn)) raw_exit(void)
{
	for (;;)
		syscall(SYS_exit_group, 0);
}

static void plant_memory(void)
{
	volatile uint64_t *p = mmap((void *)SECRET_AT, 8192, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	if (p != SECRET_AT)
		_exit(90);
	p[0] = SECRET;
	p[512] = SECRET;
	raw_exit();	/* no munmap: the address space just ends */
}

/* 0: nothing there (SIGSEGV), then a fresh mapping reads zeros. */
static void look_for_memory(void)
{
	struct sigaction sa = { .sa_handler = on_segv };
	volatile uint64_t v = 0;
	uint64_t *p;

	sigaction(SIGSEGV, &sa, NULL);
	if (sigsetjmp(jump, 1) == 0) {
		v = *SECRET_AT;
		_exit(v == SECRET ? 66 : 67);	/* readable at all: a leak */
	}
	p = mmap((void *)SECRET_AT, 8192, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (p != (uint64_t *)SECRET_AT)
		_exit(p == MAP_FAILED && errno == EEXIST ? 93 : 91);
	_exit(p[0] || p[512] ? 68 : 0);
}

static void test_memory(void)
{
	int i, bad = 0, st = 0;

	for (i = 0; i < ROUNDS; i++) {
		is(in_child(plant_memory), 0, "memory: round %d, a process maps and writes a page", i);
		st = in_child(look_for_memory);
		bad += st != 0;
		if (st)
			diag("round %d: the next process: status %d", i, st);
	}
	is(bad, 0, "memory: the next process finds nothing where it was, and fresh zeros there");
}

static uint32_t mxcsr(void)
{
	uint32_t v;

	__asm__ volatile("stmxcsr %0" : "=m"(v));
	return v;
}

static uint16_t fpu_cw(void)
{
	uint16_t v;

	__asm__ volatile("fnstcw %0" : "=m"(v));
	return v;
}

static uint64_t fs_base(void)
{
	uint64_t v = 0;

	syscall(SYS_arch_prctl, ARCH_GET_FS, &v);
	return v;
}

/* FPU control words, a segment base and rdtsc, all changed; then exit. */
static void plant_state(void)
{
	uint32_t m = 0x7f80;		/* round toward zero, all masked */
	uint16_t cw = 0x0c7f;		/* x87: round toward zero */

	if (prctl(PR_SET_TSC, PR_TSC_SIGSEGV, 0, 0, 0))
		_exit(92);
	__asm__ volatile("ldmxcsr %0" : : "m"(m));
	__asm__ volatile("fldcw %0" : : "m"(cw));
	syscall(SYS_arch_prctl, ARCH_SET_FS, 0x12345000UL);
	for (;;)
		__asm__ volatile("syscall" : : "a"(SYS_exit_group), "D"(0) : "rcx", "r11", "memory");
}

static uint32_t parent_mxcsr;
static uint16_t parent_cw;
static uint64_t parent_fs;

/* The state is the parent's, as fork gives it. */
static void look_for_state(void)
{
	uint32_t lo, hi;

	if (mxcsr() != parent_mxcsr)
		_exit(70);
	if (fpu_cw() != parent_cw)
		_exit(71);
	if (fs_base() != parent_fs)
		_exit(72);
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));	/* SIGSEGV if it carried over */
	(void)lo;
	(void)hi;
	errno = 0;
	if (syscall(-1) != -1 || errno != ENOSYS)	/* TLS (errno) works */
		_exit(73);
	_exit(0);
}

static void test_state(void)
{
	int i, bad = 0, st;

	parent_mxcsr = mxcsr();
	parent_cw = fpu_cw();
	parent_fs = fs_base();
	for (i = 0; i < ROUNDS; i++) {
		is(in_child(plant_state), 0, "state: round %d, a process changes MXCSR, "
		   "the x87 control word, its fs base and rdtsc", i);
		st = in_child(look_for_state);
		bad += st != 0;
		if (st)
			diag("round %d: the next process: status %d", i, st);
	}
	is(bad, 0, "state: the next process has its parent's MXCSR (%#x), control word (%#x), "
	   "fs base and rdtsc", parent_mxcsr, parent_cw);
}

/* Can this process write where the mailbox is (the fast gate's)? */
static int mailbox_writable(void)
{
	struct sigaction sa = { .sa_handler = on_segv }, old;
	int w = 0;

	sigaction(SIGSEGV, &sa, &old);
	if (sigsetjmp(jump, 1) == 0) {
		*(volatile uint64_t *)(MAILBOX + 16) = *(volatile uint64_t *)(MAILBOX + 16);
		w = 1;
	}
	sigaction(SIGSEGV, &old, NULL);
	return w;
}

/* Every word of the mailbox but the state word (offset 0): all ones. */
static void plant_mailbox(void)
{
	memset((void *)(MAILBOX + 4), 0xff, 4096 - 4);
	raw_exit();
}

/* Syscalls, faults, a signal: a process runs as usual after that. */
static void run_normally(void)
{
	volatile char *p = mmap(NULL, 16 * 4096, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int i;

	if (p == MAP_FAILED)
		_exit(80);
	for (i = 0; i < 1000; i++)
		if (syscall(SYS_getppid) != getppid())
			_exit(81);
	for (i = 0; i < 16; i++)
		p[i * 4096] = (char)i;
	for (i = 0; i < 16; i++)
		if (p[i * 4096] != (char)i)
			_exit(82);
	_exit(0);
}

static void test_mailbox(void)
{
	int i, bad = 0, st;

	if (!mailbox_writable()) {
		ok(1, "mailbox: nothing mapped where it is on the fast gate (this gate has none)");
		return;
	}
	for (i = 0; i < ROUNDS; i++) {
		st = in_child(plant_mailbox);
		ok(st == 0 || st == 128 + SIGKILL,
		   "mailbox: round %d, a process fills the mailbox with ones and exits (status %d)",
		   i, st);
		st = in_child(run_normally);
		bad += st != 0;
		if (st)
			diag("round %d: the next process: status %d", i, st);
	}
	is(bad, 0, "mailbox: the next process runs as usual");
}

int main(void)
{
	test_memory();
	test_state();
	test_mailbox();
	ok(getppid() > 0 && syscall(SYS_getpid) == getpid(), "and the guest goes on");
	return done_testing();
}
