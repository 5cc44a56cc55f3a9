// SPDX-License-Identifier: GPL-2.0
/*
 * ptrace's view of struct user as on x86_64: the debug registers u_debugreg
 * keep what is written to them and refuse what x86 refuses (a breakpoint
 * in the kernel, DR4/DR5, an I/O breakpoint); words of struct user that
 * are neither registers nor debug registers read as 0 and cannot be
 * written. Arming a breakpoint in DR7 either works as on x86 (the watched
 * store stops the tracee with SIGTRAP and DR6 says which) or fails with
 * ENOSPC, as on x86 when no debug register is free (uvmm: guest threads
 * get none) and then nothing is armed. Also passes natively.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tap.h"

#define DR(n)	(offsetof(struct user, u_debugreg) + (n) * sizeof(long))
/* The kernel's struct user: glibc's, then error_code and fault_address. */
#define USER_END	(sizeof(struct user) + 2 * sizeof(long))

static volatile long watched;

static long peek(pid_t pid, unsigned long off, int *err)
{
	long v;

	errno = 0;
	v = ptrace(PTRACE_PEEKUSER, pid, off, 0);
	*err = errno;
	return v;
}

static int poke(pid_t pid, unsigned long off, unsigned long val)
{
	return ptrace(PTRACE_POKEUSER, pid, off, val) == 0 ? 0 : errno;
}

int main(void)
{
	unsigned long here = (unsigned long)&watched;
	int status, err;
	long v;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGSTOP);
		watched = 1;	/* the store a DR0 write watchpoint would catch */
		_exit(0);
	}
	ok(waitpid(pid, &status, 0) == pid && WIFSTOPPED(status), "the tracee stopped");

	is(offsetof(struct user, u_debugreg), 848, "u_debugreg is where x86_64 has it");
	ok(peek(pid, DR(6), &err) == 0xffff0ff0 && !err, "DR6 reads its reset value");
	ok(peek(pid, DR(7), &err) == 0 && !err, "DR7 reads 0: nothing enabled");
	is(poke(pid, DR(0), 0xffffffff81000000UL), EINVAL, "DR0 in the kernel: EINVAL");
	is(poke(pid, DR(0), here), 0, "DR0 at a user address");
	is(poke(pid, DR(0), here + 8), 0, "DR0 written again");
	ok(peek(pid, DR(0), &err) == (long)(here + 8) && !err, "DR0 reads the last value");
	is(poke(pid, DR(0), here), 0, "and back");
	is(poke(pid, DR(4), 1), EIO, "DR4: EIO");
	is(poke(pid, DR(5), 0), EIO, "DR5: EIO");
	ok(peek(pid, DR(4), &err) == 0 && !err, "DR4 reads 0");
	is(poke(pid, DR(6), 5), 0, "DR6 written");
	ok(peek(pid, DR(6), &err) == 5 && !err, "DR6 reads it back");
	is(poke(pid, DR(7), 0x00020001), EINVAL, "DR7 with an I/O breakpoint: EINVAL");
	is(poke(pid, DR(7), 0x100), 0, "DR7 without an enabled breakpoint (LE)");
	ok(peek(pid, DR(7), &err) == 0x100 && !err, "DR7 reads it back");
	is(poke(pid, DR(0) + 3, 0), EIO, "an unaligned offset: EIO");
	is(poke(pid, USER_END, 0), EIO, "past struct user: EIO");
	peek(pid, USER_END, &err);
	is(err, EIO, "reading past struct user: EIO");
	ok(peek(pid, USER_END - sizeof(long), &err) == 0 && !err,
	   "its last word (fault_address) reads 0");
	is(poke(pid, offsetof(struct user, u_tsize), 1), EIO, "u_tsize cannot be written");
	ok(peek(pid, offsetof(struct user, u_tsize), &err) == 0 && !err, "and reads 0");

	/* A 4-byte write watchpoint on `watched' in DR0 (L0, RW0=01, LEN0=11). */
	poke(pid, DR(6), 0xffff0ff0);
	err = poke(pid, DR(7), 0x000d0001);
	if (err == 0) {
		ptrace(PTRACE_CONT, pid, 0, 0);
		ok(waitpid(pid, &status, 0) == pid && WIFSTOPPED(status) &&
		   WSTOPSIG(status) == SIGTRAP, "armed: the watched store stops the tracee (SIGTRAP)");
		v = peek(pid, DR(6), &err);
		ok((v & 1) && !err, "armed: DR6 says breakpoint 0 (%#lx)", v);
		is(poke(pid, DR(7), 0), 0, "disarmed");
	} else {
		is(err, ENOSPC, "no debug register to arm: ENOSPC (as x86 with none free)");
		ok(peek(pid, DR(7), &err) == 0x100 && !err, "and DR7 is as it was");
	}
	ptrace(PTRACE_CONT, pid, 0, 0);
	ok(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	   "the tracee goes on and exits");
	return done_testing();
}
