// SPDX-License-Identifier: GPL-2.0
/*
 * Programs misbehaving: the guest kernel must deal with them as Linux on
 * hardware does, and the guest (and uvmm) must stay up. A fork bomb under
 * RLIMIT_NPROC, wild jumps and stores, calls into the legacy vsyscall
 * page, nonsense syscall numbers and arguments, and every signal's default
 * action.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tap.h"	/* tests/lib/tap.h: flushes each line, so fork() repeats nothing */

/* How a child doing fn ended: its wait status. */
static int child_status(void (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		fn();
		_exit(0);
	}
	waitpid(pid, &status, 0);
	return status;
}

static void jump_wild(void) { ((void (*)(void))0x123456789000UL)(); }
static void jump_stub(void) { ((void (*)(void))0x7fffff000000UL)(); }
static void store_high(void) { *(volatile long *)0x7fffff001000UL = 1; }
static void store_noncanonical(void) { *(volatile long *)0x8000000000000000UL = 1; }

/*
 * int $0x80, the i386 syscall gate: the guest kernel is built without
 * 32-bit emulation, where x86_64 Linux answers it with SIGSEGV (#GP).
 * eax = 39 would be getpid as an x86_64 syscall: it must not run as one.
 */
static void int80(void)
{
	long r = 39;

	__asm__ volatile("int $0x80" : "+a"(r) : : "memory");
	_exit(r == getpid() ? 41 : 40);
}

/*
 * The legacy vsyscall page: the guest behaves as x86_64 Linux booted with
 * vsyscall=none, so a call faults at the entry (the host must never run
 * time, gettimeofday or getcpu for a guest program behind its kernel).
 * The child exits 42 if SIGSEGV came with si_addr at the entry it called.
 */
static volatile uintptr_t vsyscall_entry;

static void vsyscall_segv(int sig, siginfo_t *si, void *ctx)
{
	(void)sig, (void)ctx;
	_exit((uintptr_t)si->si_addr == vsyscall_entry && si->si_code == SEGV_MAPERR ? 42 : 43);
}

static void call_vsyscall(uintptr_t entry)
{
	struct sigaction sa = { .sa_sigaction = vsyscall_segv, .sa_flags = SA_SIGINFO };

	vsyscall_entry = entry;
	sigaction(SIGSEGV, &sa, NULL);
	((long (*)(void *, void *))entry)(NULL, NULL);
	_exit(0);	/* it ran: the host answered for the guest kernel */
}

static void vsyscall_gettimeofday(void) { call_vsyscall(0xffffffffff600000UL); }
static void vsyscall_time(void) { call_vsyscall(0xffffffffff600400UL); }
static void vsyscall_getcpu(void) { call_vsyscall(0xffffffffff600800UL); }

static void fork_bomb(void)
{
	struct rlimit r = { 40, 40 };
	int made = 0;

	/* As an ordinary user: RLIMIT_NPROC does not bind root. */
	if (setgid(65534) || setuid(65534) || setrlimit(RLIMIT_NPROC, &r))
		_exit(2);
	for (;;) {
		pid_t pid = fork();

		if (pid == 0) {
			pause();
			_exit(0);
		}
		if (pid < 0)
			break;
		made++;
	}
	kill(0, SIGKILL);	/* the whole group: the bomb and us */
	_exit(made > 0 && errno == EAGAIN ? 3 : 4);
}

int main(void)
{
	int st, good = 1;

	st = child_status(jump_wild);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "a jump into nothing: SIGSEGV");
	st = child_status(jump_stub);
	/* As on x86_64 Linux, where nothing is mapped there: SIGSEGV. */
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV,
	   "a jump to uvmm's stub address: SIGSEGV (got %d)",
	   WIFSIGNALED(st) ? WTERMSIG(st) : -1);
	st = child_status(vsyscall_gettimeofday);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 42,
	   "vsyscall gettimeofday: SIGSEGV at the entry, as with vsyscall=none (status %#x)", st);
	st = child_status(vsyscall_time);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 42,
	   "vsyscall time: SIGSEGV at the entry (status %#x)", st);
	st = child_status(vsyscall_getcpu);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 42,
	   "vsyscall getcpu: SIGSEGV at the entry (status %#x)", st);
	st = child_status(int80);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV,
	   "int $0x80: SIGSEGV, as on x86_64 without 32-bit emulation (status %#x)", st);
	st = child_status(store_high);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "a store above the user range: SIGSEGV");
	st = child_status(store_noncanonical);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "a store to a non-canonical address: SIGSEGV");

	/* Nonsense syscall numbers and arguments. */
	{
		static const long nrs[] = { -1, -2, 512, 1000, 4095, 100000, 0x7fffffffL, 0x40000000L };

		for (unsigned i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++) {
			errno = 0;
			good &= syscall(nrs[i], 1, 2, 3, 4, 5, 6) == -1 && errno == ENOSYS;
		}
		ok(good, "8 nonsense syscall numbers: ENOSYS each");
		errno = 0;
		ok(syscall(SYS_read, 0, (void *)-4096L, 10) == -1 && errno == EFAULT,
		   "read into a kernel-range pointer: EFAULT");
		errno = 0;
		ok(syscall(SYS_mmap, 0x1000, 4096, 7, 0x12, -1, 0) == -1,
		   "mmap with nonsense flags is refused");
	}

	/* A fork bomb, contained by RLIMIT_NPROC. */
	{
		pid_t pid = fork();

		if (pid == 0) {
			setpgid(0, 0);
			fork_bomb();
		}
		waitpid(pid, &st, 0);
		ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
		   "a fork bomb under RLIMIT_NPROC hits EAGAIN and is killed (status %#x)", st);
	}

	/* Every signal's default action on a child. */
	good = 1;
	for (int sig = 1; sig < 65; sig++) {
		pid_t pid;

		if (sig == SIGKILL || sig == SIGSTOP || sig == 32 || sig == 33)
			continue;	/* 32, 33: taken by the C library */
		pid = fork();
		if (pid == 0) {
			/* Its own group, with its parent in the session: not
			 * orphaned, so the stop signals do stop it. */
			setpgid(0, 0);
			signal(sig, SIG_DFL);
			raise(sig);
			_exit(100);	/* ignored by default, or stopped and continued */
		}
		if (sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU) {
			waitpid(pid, &st, WUNTRACED);
			good &= WIFSTOPPED(st) && WSTOPSIG(st) == sig;
			kill(pid, SIGCONT);
		}
		waitpid(pid, &st, 0);
		if (sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT ||
		    sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU)
			good &= WIFEXITED(st) && WEXITSTATUS(st) == 100;
		else
			good &= WIFSIGNALED(st) && WTERMSIG(st) == sig;
		if (!good) {
			printf("# signal %d: status %#x\n", sig, st);
			break;
		}
	}
	ok(good, "every signal's default action: terminate, ignore or stop, as on Linux");
	return done_testing();
}
