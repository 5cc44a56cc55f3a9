// SPDX-License-Identifier: GPL-2.0
/*
 * The event thread. Console input is watched one-shot: it raises
 * UVMM_IRQ_CONSOLE once, and the guest's console_read re-arms the watch when
 * it finds nothing left to read, so a slow guest is not flooded with IRQs.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

#include "host/event_loop.h"
#include "jail/jail.h"
#include "vcpu/vcpu.h"

/* epoll data of the loop's own descriptors; a device's is its event_watch. */
static struct event_watch stop_mark, console_mark;

static void *event_thread(void *arg)
{
	struct event_loop *ev = arg;

	jail_enter(JAIL_EVENTS);
	for (;;) {
		struct epoll_event e[8];
		int i, n = epoll_wait(ev->epfd, e, 8, -1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			perror("uvmm: epoll_wait");
			return NULL;
		}
		for (i = 0; i < n; i++) {
			struct event_watch *w = e[i].data.ptr;

			if (w == &stop_mark)
				return NULL;
			if (w == &console_mark)
				vcpu_raise_irq(ev->vcpu, UVMM_IRQ_CONSOLE);
			else
				w->fn(w->opaque);
		}
	}
}

void event_loop_rearm_console(struct event_loop *ev)
{
	struct epoll_event e = { .events = EPOLLIN | EPOLLONESHOT, .data.ptr = &console_mark };

	if (ev->console_armed)
		epoll_ctl(ev->epfd, EPOLL_CTL_MOD, ev->console_fd, &e);
}

int event_loop_start(struct event_loop *ev, struct vcpu *vcpu, char *err, size_t errlen)
{
	struct epoll_event e = { .events = EPOLLIN, .data.ptr = &stop_mark };

	memset(ev, 0, sizeof(*ev));
	ev->vcpu = vcpu;
	ev->console_fd = STDIN_FILENO;
	ev->epfd = epoll_create1(EPOLL_CLOEXEC);
	ev->stopfd = eventfd(0, EFD_CLOEXEC);
	if (ev->epfd < 0 || ev->stopfd < 0 ||
	    epoll_ctl(ev->epfd, EPOLL_CTL_ADD, ev->stopfd, &e) < 0) {
		snprintf(err, errlen, "cannot set up the event loop: %s", strerror(errno));
		return -1;
	}

	/*
	 * stdin may be a tty, a pipe, a regular file or closed. A regular file
	 * (or /dev/null) cannot be polled: it is always readable, so one IRQ
	 * at start lets the guest read it to the end.
	 */
	e = (struct epoll_event) { .events = EPOLLIN | EPOLLONESHOT, .data.ptr = &console_mark };
	if (epoll_ctl(ev->epfd, EPOLL_CTL_ADD, ev->console_fd, &e) == 0)
		ev->console_armed = 1;
	else if (errno == EPERM)
		vcpu_raise_irq(vcpu, UVMM_IRQ_CONSOLE);

	if (pthread_create(&ev->thread, NULL, event_thread, ev)) {
		snprintf(err, errlen, "cannot start the event thread");
		return -1;
	}
	ev->running = 1;
	return 0;
}

int event_loop_watch(struct event_loop *ev, struct event_watch *w, char *err, size_t errlen)
{
	struct epoll_event e = { .events = EPOLLIN, .data.ptr = w };

	if (epoll_ctl(ev->epfd, EPOLL_CTL_ADD, w->fd, &e) < 0) {
		snprintf(err, errlen, "cannot watch descriptor %d: %s", w->fd, strerror(errno));
		return -1;
	}
	return 0;
}

void event_loop_stop(struct event_loop *ev)
{
	uint64_t one = 1;

	if (ev->running) {
		if (write(ev->stopfd, &one, sizeof(one)) != sizeof(one))
			perror("uvmm: stopping the event thread");
		pthread_join(ev->thread, NULL);
		ev->running = 0;
	}
	if (ev->epfd >= 0)
		close(ev->epfd);
	if (ev->stopfd >= 0)
		close(ev->stopfd);
	ev->epfd = ev->stopfd = -1;
}
