// SPDX-License-Identifier: GPL-2.0
/*
 * Threads: clone with TLS, set_tid_address, futexes under contention,
 * per-thread FPU and segment selectors; shared futexes between processes,
 * requeued.
 */
#include <asm/prctl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "tap.h"	/* tests/lib/tap.h: flushes each line, so fork() repeats nothing */

static __thread int tls_value;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *worker(void *arg)
{
	long id = (long)arg;
	volatile double f = (double)id;

	tls_value = (int)id;
	for (int i = 0; i < 20000; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
		f = f * 1.0000001;
	}
	/* Each thread's TLS and FPU registers are its own. */
	return (void *)(intptr_t)(tls_value == id && f > id ? id : -1);
}

static long futex(uint32_t *w, int op, uint32_t val, long val2, uint32_t *w2, uint32_t val3)
{
	return syscall(SYS_futex, w, op, val, val2, w2, val3);
}

/* Whether every process in pids sleeps ('S' in /proc/PID/stat). */
static int all_asleep(const pid_t *pids, int n)
{
	char path[64], buf[256], *p;
	int i, asleep = 0;
	FILE *f;

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/proc/%d/stat", (int)pids[i]);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')) && p[1] == ' ' && p[2] == 'S')
			asleep++;
		fclose(f);
	}
	return asleep == n;
}

/*
 * FUTEX_CMP_REQUEUE across processes (futex_cmp_requeue in LTP): five
 * children wait on one shared word; one call wakes two and moves three to
 * a second word, where a wake finds exactly those three.
 */
static void test_cmp_requeue(void)
{
	uint32_t *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct timespec nap = { 0, 20 * 1000 * 1000 };
	long woken = -1, moved = -1, rest = -1;
	int i, waiting = 0, exited = 0, status;
	pid_t kids[5];

	w[0] = w[1] = 0;
	for (i = 0; i < 5; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			__atomic_add_fetch(&w[2], 1, __ATOMIC_SEQ_CST);
			futex(&w[0], FUTEX_WAIT, 0, 0, NULL, 0);
			_exit(0);
		}
	}
	/* All five counted in and asleep (in FUTEX_WAIT), bounded. */
	for (i = 0; i < 500 && (__atomic_load_n(&w[2], __ATOMIC_SEQ_CST) < 5 ||
				!all_asleep(kids, 5)); i++)
		nanosleep(&nap, NULL);
	waiting = __atomic_load_n(&w[2], __ATOMIC_SEQ_CST);
	woken = futex(&w[0], FUTEX_CMP_REQUEUE, 2, 3, &w[1], 0);
	nanosleep(&nap, NULL);
	rest = futex(&w[1], FUTEX_WAKE, 5, 0, NULL, 0);
	moved = futex(&w[0], FUTEX_WAKE, 5, 0, NULL, 0);	/* none left there */
	alarm(20);
	for (i = 0; i < 5; i++)
		exited += waitpid(kids[i], &status, 0) == kids[i] && WIFEXITED(status);
	alarm(0);
	ok(waiting == 5 && woken == 5 && rest == 3 && moved == 0 && exited == 5,
	   "FUTEX_CMP_REQUEUE between processes: 2 woken + 3 moved (%ld), "
	   "3 woken from the new word (%ld), none left (%ld), 5 exit (%d)",
	   woken, rest, moved, exited);
	munmap(w, 4096);
}

#define USER_DS 0x2b	/* x86_64's user data segment */

#define READ_SEG(seg) ({ uint16_t v_; __asm__ volatile("mov %%" #seg ", %0" : "=r"(v_)); v_; })
#define LOAD_SEG(seg, v) __asm__ volatile("mov %0, %%" #seg : : "r"((uint16_t)(v)))

static uint32_t sel_turn;

/* The other thread, run while the first one waits: selectors of its own. */
static void *other_selectors(void *arg)
{
	(void)arg;
	LOAD_SEG(ds, 0);
	LOAD_SEG(es, 0);
	LOAD_SEG(gs, 0);
	syscall(SYS_arch_prctl, ARCH_SET_GS, 0x5000UL);
	__atomic_store_n(&sel_turn, 1, __ATOMIC_SEQ_CST);
	futex(&sel_turn, FUTEX_WAKE, 1, 0, NULL, 0);
	return (void *)(uintptr_t)(READ_SEG(gs) | READ_SEG(ds) << 16);
}

/*
 * The data segment selectors belong to the thread, as on x86_64: loaded
 * by one thread, they stay across a syscall, another thread's run with
 * selectors of its own (fsgsbase_64 in the kernel selftests), and fork;
 * loading GS takes its base from the descriptor, and ARCH_SET_GS clears
 * the selector. (FS stays alone: glibc's TLS lives there.)
 */
static void test_selectors(void)
{
	unsigned long base = 1;
	uint16_t ds, es, gs;
	pthread_t th;
	void *other = NULL;
	int status = -1;
	pid_t kid;

	syscall(SYS_arch_prctl, ARCH_SET_GS, 0x7000UL);
	LOAD_SEG(ds, USER_DS);
	LOAD_SEG(es, USER_DS);
	LOAD_SEG(gs, USER_DS);
	syscall(SYS_arch_prctl, ARCH_GET_GS, &base);
	ok(base == 0, "loading GS took its base from the descriptor (0x%lx)", base);

	pthread_create(&th, NULL, other_selectors, NULL);
	while (!__atomic_load_n(&sel_turn, __ATOMIC_SEQ_CST))
		futex(&sel_turn, FUTEX_WAIT, 0, 0, NULL, 0);
	pthread_join(th, &other);
	ds = READ_SEG(ds);
	es = READ_SEG(es);
	gs = READ_SEG(gs);
	ok(ds == USER_DS && es == USER_DS && gs == USER_DS && (uintptr_t)other == 0,
	   "selectors kept per thread across a switch: ds %#x es %#x gs %#x (other: %#lx)",
	   ds, es, gs, (unsigned long)(uintptr_t)other);

	kid = fork();
	if (kid == 0)
		_exit(READ_SEG(gs) == USER_DS && READ_SEG(ds) == USER_DS ? 0 : 1);
	waitpid(kid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "a forked child has its parent's selectors");

	syscall(SYS_arch_prctl, ARCH_SET_GS, 0x6000UL);
	gs = READ_SEG(gs);
	syscall(SYS_arch_prctl, ARCH_GET_GS, &base);
	ok(gs == 0 && base == 0x6000, "ARCH_SET_GS clears the selector (gs %#x, base 0x%lx)",
	   gs, base);
	LOAD_SEG(ds, 0);
	LOAD_SEG(es, 0);
}

int main(void)
{
	pthread_t t[4];
	long ok_threads = 0;
	void *r;

	tls_value = 99;
	for (long i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, worker, (void *)(i + 1));
	for (long i = 0; i < 4; i++)
		if (pthread_join(t[i], &r) == 0 && (intptr_t)r == i + 1)
			ok_threads++;
	ok(ok_threads == 4, "4 threads, each with its own TLS and FPU state (%ld)", ok_threads);
	ok(counter == 80000, "a futex mutex under contention counts right (%ld)", counter);
	ok(tls_value == 99, "the main thread's TLS is untouched");
	ok(syscall(SYS_gettid) == getpid(), "the main thread's tid is the pid");
	test_cmp_requeue();
	test_selectors();
	return done_testing();
}
