// SPDX-License-Identifier: GPL-2.0
/*
 * Gate calls that stand for the CPU's privileged state: the guest's entry
 * points, halting, idling until an interrupt, the clock and the one-shot
 * timer of this vCPU.
 */
#include <signal.h>
#include <stdio.h>
#include <time.h>

#include "exit_status.h"
#include "gate/gate.h"
#include "vcpu/vcpu.h"
#include "vm.h"

void gate_set_entries(const struct uvmm_guest_entries *e)
{
	if (!gate_guest_ptr_ok(e, sizeof(*e))) {
		/* Nowhere to send interrupts and faults: the guest cannot run. */
		fprintf(stderr, "uvmm: the guest kernel passed a bad pointer to set_entries (%p)\n",
			(const void *)e);
		vcpu_exit(vcpu_self(), UVMM_EXIT_PANIC);
	}
	vcpu_self()->entries = *e;
}

void gate_halt(__u32 reason, __u32 detail)
{
	static const int status[] = {
		[UVMM_HALT_POWER_OFF] = UVMM_EXIT_POWEROFF,
		[UVMM_HALT_REBOOT] = UVMM_EXIT_REBOOT,
		[UVMM_HALT_PANIC] = UVMM_EXIT_PANIC,
	};

	/* A power-off carries the exit status the guest chose (uvmm run -- CMD). */
	if (reason == UVMM_HALT_POWER_OFF)
		vcpu_exit(vcpu_self(), detail & 0xff);
	vcpu_exit(vcpu_self(), reason < sizeof(status) / sizeof(status[0]) ?
			       status[reason] : UVMM_EXIT_PANIC);
}

void gate_idle(void)
{
	struct vcpu *v = vcpu_self();
	sigset_t block, old;

	sigemptyset(&block);
	sigaddset(&block, VCPU_SIG_KICK);
	sigaddset(&block, VCPU_SIG_TIMER);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	while (!__atomic_load_n(&v->state->irq_pending, __ATOMIC_SEQ_CST))
		sigsuspend(&old);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

__u64 gate_clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

void gate_timer_set(__u64 delta_ns)
{
	struct vcpu *v = vcpu_self();
	struct itimerspec its = {
		.it_value.tv_sec = delta_ns / 1000000000ULL,
		.it_value.tv_nsec = delta_ns % 1000000000ULL,
	};

	timer_settime(v->timer, 0, &its, NULL);
}
