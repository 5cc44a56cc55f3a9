// SPDX-License-Identifier: GPL-2.0
/*
 * Signals as on x86_64 Linux: the fault signals with their si_code and
 * si_addr, handlers and sigreturn, SA_RESTART and EINTR, sigaltstack, and
 * the FPU state of the interrupted code surviving a handler that uses it.
 */
#define _GNU_SOURCE	/* REG_RSP, gettid() */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <ucontext.h>
#include <unistd.h>
#include "tap.h"	/* tests/lib/tap.h: flushes each line, so fork() repeats nothing */

static sigjmp_buf back;
static volatile siginfo_t got;
static volatile int got_sig;

static void catch(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got = *si;
	got_sig = sig;
	siglongjmp(back, 1);
}

static void on(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | flags;
	sigaction(sig, &sa, NULL);
}

/* Run fn; say which signal it raised, with what code and address. */
static int trap(void (*fn)(void))
{
	got_sig = 0;
	if (sigsetjmp(back, 1) == 0)
		fn();
	return got_sig;
}

static char *ro_page, *past_eof;
static void write_null(void) { *(volatile int *)0 = 1; }
static void read_past_eof(void) { (void)*(volatile char *)past_eof; }
static void write_ro(void) { ro_page[8] = 1; }
static void divide(void) { volatile int a = 1, b = 0; a = a / b; }
static void ud2(void) { asm volatile("ud2"); }
static void int3(void) { asm volatile("int3"); }
static void hlt(void) { asm volatile("hlt"); }

static volatile int alarms;
static void on_alarm(int sig) { (void)sig; alarms++; }

static volatile double handler_result;
static void fpu_handler(int sig)
{
	volatile double x = 1.0;

	(void)sig;
	for (int i = 0; i < 10; i++)
		x = x * 3.0 + 0.5;
	handler_result = x;
}

static volatile uintptr_t handler_sp;
static void stack_handler(int sig)
{
	int here;

	(void)sig;
	handler_sp = (uintptr_t)&here;
}

/*
 * A signal whose frame cannot be written (the stack pointer is garbage)
 * turns into SIGSEGV, handled here on the alternate stack: it puts the
 * stack pointer back, and after its rt_sigreturn the interrupted code's
 * SSE registers are what they were, though the handler used them (the
 * scenario of Linux commits df24fb859a4e and 66463db4fc56, LTP signal06).
 */
static volatile uint64_t good_sp;
static volatile int bad_frame_segvs;

static void put_stack_back(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;

	(void)sig;
	(void)si;
	bad_frame_segvs++;
	asm volatile("pcmpeqd %%xmm7, %%xmm7" : : : "xmm7");	/* all ones */
	uc->uc_mcontext.gregs[REG_RSP] = good_sp;
}

static int sse_after_failed_frame(void)
{
	static const uint64_t in[2] = { 0x0123456789abcdefULL, 0xfedcba9876543210ULL };
	static uint64_t out[2];

	asm volatile("movdqu (%[in]), %%xmm7\n\t"
		     "mov %%rsp, %[sp]\n\t"
		     "mov $0x1000, %%rsp\n\t"	/* nothing mapped there */
		     "mov %[nr], %%eax\n\t"
		     "syscall\n\t"		/* tgkill(pid, tid, SIGUSR1) */
		     "mov %[sp], %%rsp\n\t"
		     "movdqu %%xmm7, (%[out])"
		     : [sp] "+m"(good_sp)
		     : [in] "r"(in), [out] "r"(out), [nr] "i"(SYS_tgkill),
		       "D"(getpid()), "S"(gettid()), "d"(SIGUSR1)
		     : "rax", "rcx", "r11", "xmm7", "memory");
	return out[0] == in[0] && out[1] == in[1];
}

int main(void)
{
	static const int faults[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP };
	struct sigaction sa;
	int fds[2];
	char c;

	for (unsigned i = 0; i < sizeof(faults) / sizeof(faults[0]); i++)
		on(faults[i], catch, SA_NODEFER);
	ro_page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ok(trap(write_null) == SIGSEGV && got.si_code == SEGV_MAPERR && got.si_addr == NULL,
	   "store to NULL: SIGSEGV SEGV_MAPERR at 0 (code %d)", got.si_code);
	ok(trap(write_ro) == SIGSEGV && got.si_code == SEGV_ACCERR && got.si_addr == ro_page + 8,
	   "store to a read-only page: SIGSEGV SEGV_ACCERR at its address");
	{
		int fd = open("/tmp/abi-short", O_RDWR | O_CREAT | O_TRUNC, 0600);
		char *m;

		ftruncate(fd, 8192);
		m = mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0);
		ftruncate(fd, 4096);
		past_eof = m + 4096 + 16;
		ok(trap(read_past_eof) == SIGBUS && got.si_code == BUS_ADRERR &&
		   got.si_addr == past_eof, "a load past the end of a mapped file: SIGBUS BUS_ADRERR at it");
	}
	ok(trap(divide) == SIGFPE && got.si_code == FPE_INTDIV, "divide by zero: SIGFPE FPE_INTDIV");
	ok(trap(ud2) == SIGILL && got.si_code == ILL_ILLOPN, "ud2: SIGILL ILL_ILLOPN");
	ok(trap(int3) == SIGTRAP, "int3: SIGTRAP");
	ok(trap(hlt) == SIGSEGV && got.si_code == SI_KERNEL,
	   "a privileged instruction: SIGSEGV SI_KERNEL (code %d)", got.si_code);

	/* SA_RESTART: a read interrupted by a handled signal goes on. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	pipe(fds);
	if (fork() == 0) {
		usleep(200000);
		write(fds[1], "x", 1);
		_exit(0);
	}
	alarm(0);
	ualarm(50000, 0);
	ok(read(fds[0], &c, 1) == 1 && c == 'x' && alarms == 1,
	   "SA_RESTART: read() survives the handler and gets the data");

	/* Without SA_RESTART it fails with EINTR. */
	sa.sa_flags = 0;
	sigaction(SIGALRM, &sa, NULL);
	ualarm(50000, 0);
	errno = 0;
	ok(read(fds[0], &c, 1) == -1 && errno == EINTR && alarms == 2,
	   "no SA_RESTART: read() fails with EINTR");

	/* The interrupted code's FPU registers survive a handler that uses them. */
	{
		volatile double a = 1.5, r;

		signal(SIGUSR1, fpu_handler);
		r = a * 2.0;
		raise(SIGUSR1);
		r = r + a;
		ok(r == 4.5 && handler_result == 73811.0, "FPU values survive a handler using the FPU");
	}

	/* sigaltstack: the handler runs on it. */
	{
		static char alt[64 * 1024];
		stack_t ss = { .ss_sp = alt, .ss_size = sizeof(alt) };

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = stack_handler;
		sa.sa_flags = SA_ONSTACK;
		sigaction(SIGUSR2, &sa, NULL);
		ok(sigaltstack(&ss, NULL) == 0, "sigaltstack");
		raise(SIGUSR2);
		ok(handler_sp > (uintptr_t)alt && handler_sp < (uintptr_t)alt + sizeof(alt),
		   "an SA_ONSTACK handler runs on the alternate stack");

		/* (the alternate stack stays for this one) */
		signal(SIGUSR1, fpu_handler);
		on(SIGSEGV, put_stack_back, SA_ONSTACK);
		ok(sse_after_failed_frame() && bad_frame_segvs == 1,
		   "a signal frame that cannot be written: SIGSEGV on the alternate stack, "
		   "and the SSE registers survive it (%d SIGSEGV)", bad_frame_segvs);
		on(SIGSEGV, catch, SA_NODEFER);
	}

	/* Blocked signals stay pending until unblocked. */
	{
		sigset_t set, pend;

		sigemptyset(&set);
		sigaddset(&set, SIGUSR1);
		sigprocmask(SIG_BLOCK, &set, NULL);
		handler_result = 0;
		raise(SIGUSR1);
		sigpending(&pend);
		ok(sigismember(&pend, SIGUSR1) && handler_result == 0, "a blocked signal stays pending");
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		ok(handler_result > 0, "unblocking delivers it");
	}
	return done_testing();
}
