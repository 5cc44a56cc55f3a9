/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The event thread: epoll over host file descriptors whose readiness
 * becomes a virtual IRQ: console input, and the watches devices add
 * (a passthrough device's interrupt eventfds).
 */
#ifndef UVMM_EVENT_LOOP_H
#define UVMM_EVENT_LOOP_H

#include <pthread.h>

struct vcpu;

/* A descriptor the event thread watches; fn runs there when it is readable. */
struct event_watch {
	int fd;
	void (*fn)(void *opaque);
	void *opaque;
};

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

/*
 * Watch w (level-triggered: fn must consume what made fd readable) until
 * the loop stops; w must live that long. 0, or -1 with err.
 */
int event_loop_watch(struct event_loop *ev, struct event_watch *w, char *err, size_t errlen);

/* Watch the console again after the guest drained it (one-shot epoll). */
void event_loop_rearm_console(struct event_loop *ev);

#endif
