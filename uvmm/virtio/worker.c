// SPDX-License-Identifier: GPL-2.0
/* The worker thread of a virtio device (worker.h). */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "virtio.h"
#include "virtio/worker.h"

static void *worker_main(void *arg)
{
	struct virtio_worker *w = arg;

	jail_enter(w->role);
	pthread_mutex_lock(&w->lock);
	for (;;) {
		uint32_t kicked;

		while (!w->kicked && !w->stop)
			pthread_cond_wait(&w->cond, &w->lock);
		if (w->stop)
			break;
		kicked = w->kicked;
		w->kicked = 0;
		pthread_mutex_unlock(&w->lock);
		for (unsigned q = 0; q < 32; q++)
			if (kicked & (1u << q))
				w->serve(w->opaque, q);
		pthread_mutex_lock(&w->lock);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int virtio_worker_start(struct virtio_worker *w, void (*serve)(void *opaque, unsigned q),
			void *opaque, enum jail_role role, char *err, size_t errlen)
{
	memset(w, 0, sizeof(*w));
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	w->serve = serve;
	w->opaque = opaque;
	w->role = role;
	if (virtio_thread_create(&w->thread, worker_main, w, err, errlen))
		return -1;
	w->started = true;
	return 0;
}

int virtio_thread_create(pthread_t *t, void *(*fn)(void *), void *arg, char *err, size_t errlen)
{
	sigset_t all, old;
	int r;

	/* Signals are the vCPU's and the main thread's business. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	r = pthread_create(t, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (r) {
		snprintf(err, errlen, "cannot start a device thread: %s", strerror(r));
		return -1;
	}
	return 0;
}

void virtio_worker_kick(struct virtio_worker *w, unsigned q)
{
	pthread_mutex_lock(&w->lock);
	w->kicked |= 1u << q;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

void virtio_worker_stop(struct virtio_worker *w)
{
	if (!w->started)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	w->started = false;
}

void virtio_serve_queue(struct vpci_virtio *v, unsigned q, struct vpci_vq_elem *e,
			uint32_t (*handle)(void *opaque, struct vpci_vq_elem *e), void *opaque)
{
	for (;;) {
		int r;

		while ((r = vpci_virtio_pop(v, q, e)) > 0)
			vpci_virtio_push(v, q, e, handle(opaque, e));
		if (r < 0 || vpci_virtio_idle(v, q))
			return;
	}
}
