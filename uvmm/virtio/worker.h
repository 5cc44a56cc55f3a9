/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A virtio device's worker thread: the guest's kicks (on the vCPU thread)
 * only wake it; it takes the requests, does the host I/O and raises the
 * interrupts, so a vCPU never waits for a disk.
 */
#ifndef UVMM_VIRTIO_WORKER_H
#define UVMM_VIRTIO_WORKER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jail/jail.h"

struct vpci_virtio;
struct vpci_vq_elem;

struct virtio_worker {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	uint32_t kicked;		/* queues to look at, one bit each */
	bool stop, started;
	/* Serve queue q until it is idle (virtio_serve_queue does that). */
	void (*serve)(void *opaque, unsigned q);
	void *opaque;
	enum jail_role role;		/* the thread's, once it runs */
};

/* Start the thread (all signals blocked in it, jailed in role). 0, or -1 with err. */
int virtio_worker_start(struct virtio_worker *w, void (*serve)(void *opaque, unsigned q),
			void *opaque, enum jail_role role, char *err, size_t errlen);
/* A device's own thread (all signals blocked in it). 0, or -1 with err. */
int virtio_thread_create(pthread_t *t, void *(*fn)(void *), void *arg, char *err, size_t errlen);
/* Queue q has work: async, cheap, from any thread. */
void virtio_worker_kick(struct virtio_worker *w, unsigned q);
/* Finish the request being served, then end the thread. Idempotent. */
void virtio_worker_stop(struct virtio_worker *w);

/*
 * Take every request of queue q, hand it to handle (which returns how many
 * bytes it wrote into the request's writable buffers) and give it back,
 * until the queue is idle or broken. e: scratch space for one request.
 */
void virtio_serve_queue(struct vpci_virtio *v, unsigned q, struct vpci_vq_elem *e,
			uint32_t (*handle)(void *opaque, struct vpci_vq_elem *e), void *opaque);

#endif
