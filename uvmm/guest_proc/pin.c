// SPDX-License-Identifier: GPL-2.0
/*
 * Keeping a guest process on its tracer's CPU: every run is a ptrace stop
 * and wake-up, and a wake-up across cores costs several times one on the
 * same core here (docs/performance.md, "Host crossing costs", and
 * docs/guest-processes.md).
 * The tracer is not pinned by us, so the process follows it: one
 * sched_setaffinity() whenever the tracer is seen on a new CPU.
 */
#include <sched.h>

#include "guest_proc/internal.h"

static enum guest_proc_pinning pinning = GUEST_PROC_PIN_TRACER_CPU;

void guest_proc_set_pinning(enum guest_proc_pinning how)
{
	pinning = how;
}

/* The CPUs uvmm may use, as it started (before a vCPU thread is pinned). */
static cpu_set_t *allowed(void)
{
	static cpu_set_t set;
	static int known;

	if (!__atomic_load_n(&known, __ATOMIC_ACQUIRE)) {
		if (sched_getaffinity(0, sizeof(set), &set) < 0)
			CPU_ZERO(&set);
		__atomic_store_n(&known, 1, __ATOMIC_RELEASE);
	}
	return &set;
}

int guest_proc_cpus(void)
{
	return CPU_COUNT(allowed());
}

/* Another CPU we may run on than cpu, or -1. */
static int other_cpu(int cpu)
{
	int i;

	for (i = 0; i < CPU_SETSIZE; i++)
		if (i != cpu && CPU_ISSET(i, allowed()))
			return i;
	return -1;
}

/*
 * The fast gate with spinning: the vCPU thread stays on the CPU it was
 * on first, its processes on another, so that neither spins on a core
 * the other needs. -1 if this thread could not be pinned.
 */
static int vcpu_cpu(void)
{
	static __thread int pinned = -1;
	cpu_set_t set;
	int cpu;

	if (pinned >= 0)
		return pinned;
	cpu = sched_getcpu();
	allowed();	/* read before this thread's mask shrinks */
	CPU_ZERO(&set);
	if (cpu >= 0)
		CPU_SET(cpu, &set);
	if (cpu >= 0 && sched_setaffinity(0, sizeof(set), &set) == 0)
		pinned = cpu;
	return pinned;
}

void guest_proc_pin(struct guest_proc *p)
{
	cpu_set_t set;
	int cpu, mapper_cpu;

	if (pinning == GUEST_PROC_PIN_NONE) {
		if (p->cpu >= 0 && sched_getaffinity(0, sizeof(set), &set) == 0 &&
		    sched_setaffinity(p->pid, sizeof(set), &set) == 0) {
			if (p->mapper_tid)
				sched_setaffinity(p->mapper_tid, sizeof(set), &set);
			p->cpu = -1;
		}
		return;
	}
	if (p->fast && guest_proc_fast_spin_ns) {
		/*
		 * Spin handover: the guest task on another CPU than its vCPU
		 * thread, and its mapper with it: the waiting handler wakes
		 * the mapper on their core, and a mapping change in an mm that
		 * runs on that core only needs no TLB shoot-down across cores
		 * (either would cost tens of microseconds here).
		 */
		cpu = mapper_cpu = other_cpu(vcpu_cpu());
	} else {
		cpu = mapper_cpu = sched_getcpu();
	}
	if (cpu < 0)
		return;
	if (pinning == GUEST_PROC_PIN_OTHER_CPU)
		cpu = mapper_cpu = other_cpu(cpu);
	if (cpu < 0 || cpu == p->cpu)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(p->pid, sizeof(set), &set) == 0)
		p->cpu = cpu;
	if (p->mapper_tid && mapper_cpu >= 0) {
		CPU_ZERO(&set);
		CPU_SET(mapper_cpu, &set);
		sched_setaffinity(p->mapper_tid, sizeof(set), &set);
	}
}
