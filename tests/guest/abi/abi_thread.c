// SPDX-License-Identifier: GPL-2.0
/* Threads: clone with TLS, set_tid_address, futexes under contention, per-thread FPU. */
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>
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
	return done_testing();
}
