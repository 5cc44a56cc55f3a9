// SPDX-License-Identifier: GPL-2.0
/*
 * pkey_deny: a guest program that denies itself pkey 0 (every page it has)
 * with WRPKRU gets what x86_64 Linux gives it: an access faults with
 * SIGSEGV/SEGV_PKUERR (its handler runs, with access allowed again, and
 * learns the key), without a handler it dies of SIGSEGV, and syscalls
 * that change its mappings meanwhile work. Prints TAP; run by
 * tests/uvmm/pkey.t where the CPU has protection keys (exits 2 if not).
 */
#include <cpuid.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

#ifndef SEGV_PKUERR
#define SEGV_PKUERR 4
#endif
#define PKRU_DENY_KEY0	1	/* access disable, key 0 */

static volatile int target = 42;
static sigjmp_buf back;
static volatile siginfo_t seen;

static inline void wrpkru(unsigned int v)
{
	asm volatile("wrpkru" : : "a"(v), "c"(0), "d"(0) : "memory");
}

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	memcpy((void *)&seen, si, sizeof(*si));
	siglongjmp(back, 1);
}

/* munmap(addr, 4096) with key 0 denied: registers only, no memory access. */
static long munmap_denied(void *addr)
{
	long ret;

	asm volatile("xor %%ecx, %%ecx\n\txor %%edx, %%edx\n\tmov $1, %%eax\n\twrpkru\n\t"
		     "mov %[nr], %%eax\n\tmov %[addr], %%rdi\n\tmov $4096, %%esi\n\tsyscall\n\t"
		     "mov %%rax, %%r8\n\t"
		     "xor %%ecx, %%ecx\n\txor %%edx, %%edx\n\txor %%eax, %%eax\n\twrpkru\n\t"
		     "mov %%r8, %[ret]"
		     : [ret] "=r"(ret)
		     : [nr] "i"(SYS_munmap), [addr] "r"(addr)
		     : "rax", "rcx", "rdx", "rdi", "rsi", "r8", "r11", "memory");
	return ret;
}

int main(void)
{
	unsigned int a, b, c, d;
	struct sigaction sa;
	char *page;
	int status;
	pid_t pid;

	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d) || !(c & (1u << 4))) {
		printf("# no protection keys (OSPKE) on this CPU\n");
		return 2;
	}
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	page[0] = 1;
	is(munmap_denied(page), 0, "munmap with key 0 denied: done");

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	if (!sigsetjmp(back, 1)) {
		wrpkru(PKRU_DENY_KEY0);
		target++;
		wrpkru(0);
		ok(0, "a load with key 0 denied faults");
	} else {
		wrpkru(0);
		ok(1, "a load with key 0 denied faults, and the handler runs");
	}
	is(seen.si_signo, SIGSEGV, "the signal is SIGSEGV");
	is(seen.si_code, SEGV_PKUERR, "si_code is SEGV_PKUERR");
	ok(seen.si_addr == (void *)&target, "si_addr is the variable's address");
	is(seen.si_pkey, 0, "si_pkey is 0, every page's key");
	is(target, 42, "the store did not happen");

	pid = fork();
	if (pid == 0) {
		signal(SIGSEGV, SIG_DFL);
		wrpkru(PKRU_DENY_KEY0);
		target++;
		_exit(0);
	}
	ok(pid > 0 && waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) &&
	   WTERMSIG(status) == SIGSEGV, "without a handler the program dies of SIGSEGV (status %#x)",
	   status);
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}
