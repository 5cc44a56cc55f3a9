// SPDX-License-Identifier: GPL-2.0
/*
 * What guest processes cost (not a test: prints numbers, asserts nothing).
 *   - a syscall round trip (stop, GETREGS, SETREGS, PTRACE_SYSEMU, next
 *     stop) with the process kept on the tracer's CPU, left alone, or
 *     kept on the other CPU;
 *   - process create + destroy;
 *   - one batch of N map requests;
 *   - a fault, the map that resolves it, and the rerun;
 *   - on the fast gate (UVMM_TEST_GATE=fast), a syscall site's round trip
 *     through the signal, and through the gate once it is rewritten.
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

/*
 * The same `mov $nr, %eax; syscall` looping, each run one round trip,
 * with the process on the other CPU (as uvmm places it on two): through
 * the signal first, then through the gate once the site is rewritten.
 */
static void site_round_trips(int mem_fd)
{
	const uint8_t *mem = mmap(NULL, MEM_SIZE, PROT_READ, MAP_SHARED, mem_fd, 0);
	struct guest_proc *p;
	struct uvmm_regs r;
	double sig, gate;

	if (mem == MAP_FAILED || !guest_proc_rewrite_on())
		return;
	guest_proc_set_pinning(GUEST_PROC_PIN_OTHER_CPU);
	p = fixture_proc();
	regs_at(&r, snip_site);
	sig = MEDIAN_US(1000, , {
		if (run(p, &r, &t) != UVMM_USER_SYSCALL)
			exit(1);
	});
	if (guest_proc_rewrite(p, GUEST_ADDR(snip_site_at), mem + CODE_OFF, CODE_OFF, 110,
			       UVMM_PROT_READ | UVMM_PROT_EXEC))
		exit(1);
	gate = MEDIAN_US(1000, , {
		if (run(p, &r, &t) != UVMM_USER_SYSCALL)
			exit(1);
	});
	printf("syscall site round trip, process on the other CPU: through the signal "
	       "%.2f us, rewritten (through the gate) %.2f us (%llu gate events)\n",
	       sig, gate, (unsigned long long)p->mbox->gate_events);
	guest_proc_destroy(p);
	guest_proc_set_pinning(GUEST_PROC_PIN_TRACER_CPU);
	munmap((void *)mem, MEM_SIZE);
}

int main(void)
{
	cpu_set_t one;
	int cpu, fd;

	fd = fixture_mem();
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
	site_round_trips(fd);
	return 0;
}
