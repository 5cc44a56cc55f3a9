// SPDX-License-Identifier: GPL-2.0
/*
 * prctl(PR_SET_TSC) as on x86_64: with PR_TSC_SIGSEGV, rdtsc and rdtscp in
 * the calling thread fault (SIGSEGV, SI_KERNEL), other threads are not
 * affected, fork and exec keep the setting, PR_TSC_ENABLE undoes it,
 * anything else is EINVAL. Also passes natively.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tap.h"

static sigjmp_buf back;
static volatile int segv_code;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	segv_code = si->si_code;
	siglongjmp(back, 1);
}

/* 1 if the instruction ran, 0 if it raised SIGSEGV (segv_code says how). */
static int try_rdtsc(int rdtscp)
{
	uint32_t lo, hi, aux;

	segv_code = -1;
	if (sigsetjmp(back, 1))
		return 0;
	if (rdtscp)
		asm volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(aux));
	else
		asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return 1;
}

static int tsc_mode(void)
{
	int mode = -1;

	return prctl(PR_GET_TSC, &mode, 0, 0, 0) == 0 ? mode : -1;
}

static pthread_barrier_t set;

/* Started before PR_SET_TSC: what it sees after. */
static void *earlier_thread(void *arg)
{
	(void)arg;
	pthread_barrier_wait(&set);
	return (void *)(intptr_t)(try_rdtsc(0) && tsc_mode() == PR_TSC_ENABLE);
}

/* Started after: it inherits the setting, as on x86. */
static void *later_thread(void *arg)
{
	(void)arg;
	return (void *)(intptr_t)(!try_rdtsc(0) && tsc_mode() == PR_TSC_SIGSEGV);
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	pthread_t th, early;
	void *res;
	int status;
	pid_t pid;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGSEGV, &sa, NULL);

	/* Run again by exec below: report the mode and whether rdtsc faults. */
	if (argc > 1 && !strcmp(argv[1], "--after-exec"))
		return tsc_mode() == PR_TSC_SIGSEGV && !try_rdtsc(0) ? 0 : 1;

	is(tsc_mode(), PR_TSC_ENABLE, "PR_GET_TSC: enabled at first");
	ok(try_rdtsc(0) && try_rdtsc(1), "rdtsc and rdtscp run");
	ok(prctl(PR_SET_TSC, 3, 0, 0, 0) == -1 && errno == EINVAL, "PR_SET_TSC 3: EINVAL");
	pthread_barrier_init(&set, NULL, 2);
	pthread_create(&early, NULL, earlier_thread, NULL);
	is(prctl(PR_SET_TSC, PR_TSC_SIGSEGV, 0, 0, 0), 0, "PR_SET_TSC PR_TSC_SIGSEGV");
	is(tsc_mode(), PR_TSC_SIGSEGV, "PR_GET_TSC says so");
	ok(!try_rdtsc(0) && segv_code == SI_KERNEL, "rdtsc: SIGSEGV SI_KERNEL (code %d)", segv_code);
	ok(!try_rdtsc(1) && segv_code == SI_KERNEL, "rdtscp: SIGSEGV SI_KERNEL (code %d)", segv_code);
	pthread_barrier_wait(&set);
	ok(pthread_join(early, &res) == 0 && res == (void *)1,
	   "another thread of the process: enabled, its rdtsc runs (per thread)");
	ok(!try_rdtsc(0), "and here it still faults");
	ok(pthread_create(&th, NULL, later_thread, NULL) == 0 && pthread_join(th, &res) == 0 &&
	   res == (void *)1, "a thread created now inherits it");

	pid = fork();
	if (pid == 0)
		_exit(tsc_mode() == PR_TSC_SIGSEGV && !try_rdtsc(0) ? 0 : 1);
	ok(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	   "a forked child inherits it");
	pid = fork();
	if (pid == 0) {
		execl("/proc/self/exe", argv[0], "--after-exec", (char *)NULL);
		_exit(2);
	}
	ok(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	   "exec keeps it (status %d)", WIFEXITED(status) ? WEXITSTATUS(status) : -1);

	is(prctl(PR_SET_TSC, PR_TSC_ENABLE, 0, 0, 0), 0, "PR_SET_TSC PR_TSC_ENABLE");
	ok(tsc_mode() == PR_TSC_ENABLE && try_rdtsc(0) && try_rdtsc(1), "rdtsc runs again");
	return done_testing();
}
