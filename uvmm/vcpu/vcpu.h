/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A vCPU: a host thread that executes guest kernel code directly. Virtual
 * interrupts and faults reach it as host signals, which inject them into
 * the guest (inject.c).
 */
#ifndef UVMM_VCPU_H
#define UVMM_VCPU_H

#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <time.h>
#include <sys/types.h>

#include "asm/uvmm_gate.h"

/* Host signals: a kick from another uvmm thread, and the vCPU's timer. */
#define VCPU_SIG_KICK	SIGUSR1
#define VCPU_SIG_TIMER	(SIGRTMIN + 2)

struct vm;

struct vcpu {
	struct vm *vm;
	unsigned int index;
	struct uvmm_vcpu_state *state;		/* shared page, at a fixed address */
	struct uvmm_guest_entries entries;	/* set by the guest through the gate */
	uint64_t entry, boot_arg;		/* where the guest starts */
	pthread_t thread;
	pid_t tid;
	timer_t timer;
	int timer_ok;
	sigjmp_buf exit_jmp;			/* the halt gate jumps back here */
	int exit_status;
	void *altstack;
};

/* The vCPU that the calling thread runs (NULL on other threads). */
struct vcpu *vcpu_self(void);

int vcpu_start(struct vcpu *v, char *err, size_t errlen);
/* Waits for the vCPU thread to finish; returns its exit status. */
int vcpu_join(struct vcpu *v);

/* Mark a virtual IRQ pending and make the vCPU notice it. Any thread. */
void vcpu_raise_irq(struct vcpu *v, unsigned int line);

/* Install the process-wide signal handlers (once, before any vCPU). */
int vcpu_signals_init(char *err, size_t errlen);

/* Leave the guest for good: from a gate call on the vCPU's own thread. */
void vcpu_exit(struct vcpu *v, int status) __attribute__((noreturn));

#endif
