// SPDX-License-Identifier: GPL-2.0
/*
 * baseline.c - reference round trips measured the same way as fastgate.c
 * (rdtsc around each getppid in the "guest", median over n iterations):
 *   native   : plain getppid
 *   sigsys   : seccomp RET_TRAP on getppid, SIGSYS handler in the same
 *              process sets rax and returns (no monitor)
 *   sysemu   : PTRACE_SYSEMU stop, tracer GETREGS/SETREGS(rax)/SYSEMU
 *              (what uvmm's tracer path does), same core and other core
 *   futex    : futex ping-pong between two processes (shared memfd word)
 *
 * Build: gcc -O2 -static -fno-stack-protector -o baseline baseline.c
 */
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/futex.h>
#include <linux/seccomp.h>

static double ghz;
static uint64_t *buf;

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline long raw_getppid(void)
{
	long r;
	asm volatile("syscall" : "=a"(r) : "a"(SYS_getppid) : "rcx", "r11", "memory");
	return r;
}

static void pin(int cpu)
{
	cpu_set_t cs;
	CPU_ZERO(&cs);
	CPU_SET(cpu, &cs);
	sched_setaffinity(0, sizeof cs, &cs);
}

static int cmp64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static void report(const char *what, long n, long errs)
{
	double sum = 0;
	for (long i = 0; i < n; i++)
		sum += buf[i];
	qsort(buf, n, sizeof *buf, cmp64);
	printf("%-44s median %7.2f us  p10 %7.2f  p90 %7.2f  mean %7.2f [n=%ld errs=%ld]\n", what,
	       buf[n / 2] / ghz / 1000, buf[n / 10] / ghz / 1000, buf[n * 9 / 10] / ghz / 1000,
	       sum / n / ghz / 1000, n, errs);
	fflush(stdout);
}

static long loop_getppid(long n, long expect)
{
	long errs = 0;
	for (long i = 0; i < n; i++) {
		uint64_t t0 = rdtsc();
		long r = raw_getppid();
		buf[i] = rdtsc() - t0;
		if (expect && r != expect)
			errs++;
	}
	return errs;
}

static void handler(int sig, siginfo_t *si, void *ucv)
{
	(void)sig; (void)si;
	((ucontext_t *)ucv)->uc_mcontext.gregs[REG_RAX] = 4242;
}

static void bench_sigsys(long n)
{
	pid_t p = fork();
	if (p == 0) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_sigaction = handler;
		sa.sa_flags = SA_SIGINFO;
		sigaction(SIGSYS, &sa, NULL);
		struct sock_filter f[] = {
			BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
			BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		};
		struct sock_fprog prog = { 4, f };
		prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog))
			_exit(1);
		long e = loop_getppid(n, 4242);
		_exit(e ? 2 : 0);
	}
	int st;
	waitpid(p, &st, 0);
	report("seccomp TRAP + SIGSYS handler, same process", n, WEXITSTATUS(st));
}

static void bench_sysemu(int diff, long n)
{
	pin(0);
	pid_t p = fork();
	if (p == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGSTOP);
		long e = loop_getppid(n, 4242);
		buf[n] = e;
		for (;;)
			raw_getppid();	/* tracer kills us */
	}
	int st;
	long cnt = 0;
	waitpid(p, &st, 0);
	ptrace(PTRACE_SETOPTIONS, p, 0, PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL);
	if (diff)
		pin(1);
	for (;;) {
		ptrace(PTRACE_SYSEMU, p, 0, 0);
		if (waitpid(p, &st, 0) != p || !WIFSTOPPED(st))
			break;
		struct user_regs_struct r;
		ptrace(PTRACE_GETREGS, p, 0, &r);
		r.rax = 4242;
		ptrace(PTRACE_SETREGS, p, 0, &r);
		if (++cnt == n)
			break;
	}
	ptrace(PTRACE_SYSEMU, p, 0, 0);	/* let it finish the last measurement */
	usleep(10000);
	kill(p, SIGKILL);
	waitpid(p, &st, 0);
	report(diff ? "PTRACE_SYSEMU round trip, tracer other core" :
		      "PTRACE_SYSEMU round trip, tracer same core", n, buf[n]);
	pin(0);
}

static void bench_futex(int diff, long n)
{
	uint32_t *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	*w = 0;
	pin(0);
	pid_t p = fork();
	if (p == 0) {
		for (long i = 0; i < n; i++) {
			uint64_t t0 = rdtsc();
			__atomic_store_n(w, 1, __ATOMIC_SEQ_CST);
			syscall(SYS_futex, w, FUTEX_WAKE, 1, 0, 0, 0);
			while (__atomic_load_n(w, __ATOMIC_SEQ_CST) != 2)
				syscall(SYS_futex, w, FUTEX_WAIT, 1, 0, 0, 0);
			buf[i] = rdtsc() - t0;
		}
		__atomic_store_n(w, 3, __ATOMIC_SEQ_CST);
		syscall(SYS_futex, w, FUTEX_WAKE, 1, 0, 0, 0);
		_exit(0);
	}
	if (diff)
		pin(1);
	for (;;) {
		uint32_t v = __atomic_load_n(w, __ATOMIC_SEQ_CST);
		if (v == 3)
			break;
		if (v == 1) {
			__atomic_store_n(w, 2, __ATOMIC_SEQ_CST);
			syscall(SYS_futex, w, FUTEX_WAKE, 1, 0, 0, 0);
			continue;
		}
		syscall(SYS_futex, w, FUTEX_WAIT, v, 0, 0, 0);
	}
	waitpid(p, NULL, 0);
	report(diff ? "futex ping-pong 2 processes, other core" : "futex ping-pong 2 processes, same core", n, 0);
	pin(0);
	munmap(w, 4096);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 200000;
	struct timespec a, b;
	setvbuf(stdout, NULL, _IOLBF, 0);
	buf = mmap(NULL, (n + 1) * 8, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	clock_gettime(CLOCK_MONOTONIC, &a);
	uint64_t t0 = rdtsc();
	usleep(100000);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ghz = (rdtsc() - t0) / ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec));
	pin(0);
	loop_getppid(n, 0);
	report("native getppid", n, 0);
	bench_sigsys(n);
	bench_sysemu(0, n);
	bench_sysemu(1, n);
	bench_futex(0, n);
	bench_futex(1, n);
	return 0;
}
