/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The event thread: epoll over host file descriptors whose readiness
 * becomes a virtual IRQ (console input now, device backends later).
 */
#ifndef UVMM_EVENT_LOOP_H
#define UVMM_EVENT_LOOP_H

#include <pthread.h>

struct vcpu;

struct event_loop {
	int epfd;
	int stopfd;			/* eventfd: tells the thread to finish */
	int console_fd;			/* stdin, or -1 */
	int console_armed;		/* epoll watches console_fd */
	struct vcpu *vcpu;		/* receives the IRQs */
	pthread_t thread;
	int running;
};

int event_loop_start(struct event_loop *ev, struct vcpu *vcpu, char *err, size_t errlen);
void event_loop_stop(struct event_loop *ev);

/* Watch the console again after the guest drained it (one-shot epoll). */
void event_loop_rearm_console(struct event_loop *ev);

#endif
