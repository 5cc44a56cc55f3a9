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

/* Another CPU we may run on than cpu, or -1. */
static int other_cpu(int cpu)
{
	cpu_set_t set;
	int i;

	if (sched_getaffinity(0, sizeof(set), &set) < 0)
		return -1;
	for (i = 0; i < CPU_SETSIZE; i++)
		if (i != cpu && CPU_ISSET(i, &set))
			return i;
	return -1;
}

void guest_proc_pin(struct guest_proc *p)
{
	cpu_set_t set;
	int cpu;

	if (pinning == GUEST_PROC_PIN_NONE) {
		if (p->cpu >= 0 && sched_getaffinity(0, sizeof(set), &set) == 0 &&
		    sched_setaffinity(p->pid, sizeof(set), &set) == 0) {
			if (p->mapper_tid)
				sched_setaffinity(p->mapper_tid, sizeof(set), &set);
			p->cpu = -1;
		}
		return;
	}
	cpu = sched_getcpu();
	if (cpu < 0)
		return;
	if (pinning == GUEST_PROC_PIN_OTHER_CPU)
		cpu = other_cpu(cpu);
	if (cpu < 0 || cpu == p->cpu)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(p->pid, sizeof(set), &set) == 0)
		p->cpu = cpu;
	/* The fast gate's mapper works while its vCPU thread waits for it. */
	if (p->mapper_tid)
		sched_setaffinity(p->mapper_tid, sizeof(set), &set);
}
