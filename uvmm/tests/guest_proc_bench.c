// SPDX-License-Identifier: GPL-2.0
/*
 * What guest processes cost (not a test: prints numbers, asserts nothing).
 *   - a syscall round trip (stop, GETREGS, SETREGS, PTRACE_SYSEMU, next
 *     stop) with the process kept on the tracer's CPU, left alone, or
 *     kept on the other CPU;
 *   - process create + destroy;
 *   - one batch of N map requests;
 *   - a fault, the map that resolves it, and the rerun.
 * Built with the release flags: make bench, or
 * make $PWD/build/tests/uvmm/guest_proc_bench; run build/tests/uvmm/guest_proc_bench.
 */
#include <sched.h>
#include <stdlib.h>
#include <time.h>

#include "guest_proc_fixture.h"

static struct uvmm_user_thread t;

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

#define ROUNDS 15

/* Median over ROUNDS of the mean of one round of n. */
#define MEDIAN_US(n, setup, body) ({					\
	double r_[ROUNDS], t0_;						\
	int i_, k_;							\
	for (k_ = 0; k_ < ROUNDS; k_++) {				\
		setup;							\
		t0_ = now_us();						\
		for (i_ = 0; i_ < (n); i_++) { body; }			\
		r_[k_] = (now_us() - t0_) / (n);			\
	}								\
	qsort(r_, ROUNDS, sizeof(r_[0]), cmp);				\
	r_[ROUNDS / 2];							\
})

/*
 * Syscall round trips on one process, the placements interleaved round by
 * round so that load from elsewhere on the machine hits them all alike.
 */
#define NPLACE 3
static void syscall_round_trips(double med[NPLACE])
{
	static const enum guest_proc_pinning how[NPLACE] = {
		GUEST_PROC_PIN_TRACER_CPU, GUEST_PROC_PIN_NONE, GUEST_PROC_PIN_OTHER_CPU,
	};
	struct guest_proc *p = fixture_proc();
	double r[NPLACE][ROUNDS], t0;
	struct uvmm_regs regs;
	int k, m, i;

	regs_at(&regs, snip_sysloop);
	for (k = 0; k < ROUNDS; k++)
		for (m = 0; m < NPLACE; m++) {
			guest_proc_set_pinning(how[m]);
			run(p, &regs, &t);	/* placement takes effect */
			t0 = now_us();
			for (i = 0; i < 1000; i++) {
				regs.ip = GUEST_ADDR(snip_sysloop);
				if (run(p, &regs, &t) != UVMM_USER_SYSCALL)
					exit(1);
			}
			r[m][k] = (now_us() - t0) / 1000;
		}
	for (m = 0; m < NPLACE; m++) {
		qsort(r[m], ROUNDS, sizeof(r[m][0]), cmp);
		med[m] = r[m][ROUNDS / 2];
	}
	guest_proc_set_pinning(GUEST_PROC_PIN_TRACER_CPU);
	guest_proc_destroy(p);
}

static double create_destroy(void)
{
	struct guest_proc *p;

	return MEDIAN_US(20, , {
		if (guest_proc_create(&p))
			exit(1);
		guest_proc_destroy(p);
	});
}

/* One batch of n maps (alternating prot so none merge), then unmapping all. */
static double batch(int n)
{
	struct guest_proc *p = fixture_proc();
	double us;

	us = MEDIAN_US(20, , {
		int j;
		for (j = 0; j < n; j++)
			guest_proc_map(p, GUEST_DATA + 2 * j * PAGE, DATA_OFF, PAGE,
				       UVMM_PROT_READ | (j & 1 ? UVMM_PROT_WRITE : 0));
		if (guest_proc_flush(p))
			exit(1);
		guest_proc_unmap(p, GUEST_DATA, 2 * n * PAGE);
		if (guest_proc_flush(p))
			exit(1);
	});
	guest_proc_destroy(p);
	return us;
}

/* Unmapped read -> fault; map; rerun -> syscall; unmap (in the next batch). */
static double fault_map_resume(void)
{
	struct guest_proc *p = fixture_proc();
	struct uvmm_regs r;
	double us;

	us = MEDIAN_US(500, , {
		regs_at(&r, snip_load);
		r.di = GUEST_DATA;
		if (run(p, &r, &t) != UVMM_USER_FAULT)
			exit(1);
		guest_proc_map(p, GUEST_DATA, DATA_OFF, PAGE, UVMM_PROT_READ);
		if (run(p, &r, &t) != UVMM_USER_SYSCALL)
			exit(1);
		guest_proc_unmap(p, GUEST_DATA, PAGE);
	});
	guest_proc_destroy(p);
	return us;
}

int main(void)
{
	cpu_set_t one;
	int cpu;

	fixture_mem();
	thread_init(&t);
	double med[NPLACE];

	syscall_round_trips(med);
	printf("syscall round trip, tracer free, process follows it: %.2f us; "
	       "process free: %.2f us\n", med[0], med[1]);
	/* The same with the tracer pinned, and the process also elsewhere. */
	cpu = sched_getcpu();
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	if (sched_setaffinity(0, sizeof(one), &one) == 0) {
		syscall_round_trips(med);
		printf("syscall round trip, tracer pinned: process on its CPU: %.2f us; "
		       "process free: %.2f us; process on the other CPU: %.2f us\n",
		       med[0], med[1], med[2]);
		CPU_ZERO(&one);
		for (cpu = 0; cpu < CPU_SETSIZE; cpu++)
			CPU_SET(cpu, &one);
		sched_setaffinity(0, sizeof(one), &one);
	}
	printf("process create + destroy: %.0f us\n", create_destroy());
	printf("batch of 1 map + 1 unmap: %.2f us\n", batch(1));
	printf("batch of 16 maps + 1 unmap: %.2f us\n", batch(16));
	printf("batch of %zu maps + 1 unmap: %.2f us\n", STUB_MAX_OPS - 1,
	       batch(STUB_MAX_OPS - 1));
	printf("fault -> map -> resume (+ unmap): %.2f us\n", fault_map_resume());
	return 0;
}
