// SPDX-License-Identifier: GPL-2.0
/* vCPU threads: start, signals, timer, leaving the guest. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

#include "exit_status.h"
#include "vcpu/inject.h"
#include "gate/user.h"
#include "jail/jail.h"
#include "vcpu/vcpu.h"

#define ALTSTACK_SIZE	(256 * 1024)

/* Read by the gate trampolines (gate/entry.S): this thread's host stack. */
__thread uintptr_t uvmm_gate_stack;
static __thread struct vcpu *this_vcpu;

void uvmm_enter_guest(uint64_t entry, uint64_t arg) __attribute__((noreturn));

struct vcpu *vcpu_self(void)
{
	return this_vcpu;
}

static void irq_sigset(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, VCPU_SIG_KICK);
	sigaddset(set, VCPU_SIG_TIMER);
}

int vcpu_signals_init(char *err, size_t errlen)
{
	sigset_t set;

	/* Only vCPU threads take interrupt signals; they unblock them. */
	irq_sigset(&set);
	if (inject_signals_init() || pthread_sigmask(SIG_BLOCK, &set, NULL)) {
		snprintf(err, errlen, "cannot install signal handlers: %s", strerror(errno));
		return -1;
	}
	return 0;
}

void vcpu_raise_irq(struct vcpu *v, unsigned int line)
{
	__atomic_or_fetch(&v->state->irq_pending, 1UL << line, __ATOMIC_SEQ_CST);
	if (v->tid && v != this_vcpu)
		syscall(SYS_tgkill, getpid(), v->tid, VCPU_SIG_KICK);
}

void vcpu_exit(struct vcpu *v, int status)
{
	v->exit_status = status;
	siglongjmp(v->exit_jmp, 1);
}

static int vcpu_timer_create(struct vcpu *v)
{
	struct sigevent sev;

	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = VCPU_SIG_TIMER;
	sev._sigev_un._tid = v->tid;
	if (timer_create(CLOCK_MONOTONIC, &sev, &v->timer))
		return -1;
	v->timer_ok = 1;
	return 0;
}

static void *vcpu_thread(void *arg)
{
	struct vcpu *v = arg;
	stack_t ss = { .ss_sp = v->altstack, .ss_size = ALTSTACK_SIZE };
	sigset_t set;

	this_vcpu = v;
	v->tid = syscall(SYS_gettid);
	if (sigaltstack(&ss, NULL) || vcpu_timer_create(v)) {
		fprintf(stderr, "uvmm: cannot set up the vCPU thread: %s\n", strerror(errno));
		v->exit_status = UVMM_EXIT_ERROR;
		return NULL;
	}
	v->state->cpu = v->index;
	jail_enter(JAIL_VCPU);

	if (sigsetjmp(v->exit_jmp, 0) == 0) {
		irq_sigset(&set);
		pthread_sigmask(SIG_UNBLOCK, &set, NULL);
		uvmm_enter_guest(v->entry, v->boot_arg);
	}
	/* Back from the guest through the halt gate. */
	irq_sigset(&set);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	user_destroy_all();	/* the guest processes this thread traced */
	timer_delete(v->timer);
	v->timer_ok = 0;
	return NULL;
}

int vcpu_start(struct vcpu *v, char *err, size_t errlen)
{
	v->altstack = malloc(ALTSTACK_SIZE);
	if (!v->altstack || pthread_create(&v->thread, NULL, vcpu_thread, v)) {
		snprintf(err, errlen, "cannot start the vCPU thread");
		free(v->altstack);
		v->altstack = NULL;
		return -1;
	}
	return 0;
}

int vcpu_join(struct vcpu *v)
{
	pthread_join(v->thread, NULL);
	free(v->altstack);
	v->altstack = NULL;
	return v->exit_status;
}
