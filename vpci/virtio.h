/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtio-pci transport (virtio 1.x, "modern" only) on the vpci device
 * API, with split virtqueues (indirect descriptors, event index). A device
 * model (uvmm's virtio-rng, virtio-blk, ...) gives its type, features,
 * queues and configuration bytes; the transport does the PCI side (IDs,
 * the common/notify/ISR/device capabilities, MSI-X with a vector per queue,
 * INTx with the ISR), feature negotiation, device reset and the rings.
 *
 * Threads: the guest's accesses arrive on the vCPU thread; the model's
 * worker takes requests (vpci_virtio_pop) and hands them back
 * (vpci_virtio_push) on its own thread. Both take the bus lock, briefly;
 * the request's data is moved outside it, straight to or from guest RAM
 * through the iovecs. Every ring entry the guest wrote is checked: an
 * address outside guest RAM, a chain that loops or is longer than the
 * queue, an indirect table of bad length, an avail index that jumped by
 * more than the queue size: the device sets DEVICE_NEEDS_RESET, tells the
 * driver (configuration interrupt), logs one line and touches that queue
 * no more until the driver resets it. That is what virtio 1.2 (2.1.2)
 * lets a device do, and nothing in uvmm depends on the guest behaving.
 */
#ifndef VPCI_VIRTIO_H
#define VPCI_VIRTIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "vpci.h"

struct vpci_virtio;

#define VPCI_VIRTIO_MAX_QUEUES	8
#define VPCI_VQ_MAX_SIZE	1024	/* the largest queue a device offers */
#define VPCI_VQ_MAX_SEGS	256	/* buffers in one request, indirect ones included */
#define VPCI_VIRTIO_MAX_CONFIG	256	/* bytes of device-specific configuration */
/* vpci_misuse kinds from here to VPCI_MISUSE_MAX are the device model's. */
#define VPCI_VIRTIO_MISUSE_MODEL	(VPCI_MISUSE_MODEL_FIRST + 8)

/* Guest RAM as a device reaches it: a host pointer for all of [gpa, gpa+len), or NULL. */
struct vpci_dma {
	void *(*ptr)(void *opaque, uint64_t gpa, uint64_t len);
	void *opaque;
};

struct vpci_virtio_ops {
	/*
	 * The driver kicked queue q. On the vCPU thread with the bus lock
	 * held: wake the worker, do nothing slow.
	 */
	void (*notify)(void *opaque, unsigned q);
	/*
	 * The device was reset (the driver wrote status 0, an FLR, a platform
	 * reset). Requests already popped may still be pushed: the transport
	 * drops them, and reports the reset done only once all are back.
	 */
	void (*reset)(void *opaque);
	/* The function is being freed: free opaque (the worker is stopped). */
	void (*release)(void *opaque);
};

struct vpci_virtio_info {
	const char *name;
	uint16_t type;			/* VIRTIO_ID_* (virtio 1.2, 5) */
	uint32_t class_code;
	uint64_t features;		/* device-type feature bits; the transport adds its own */
	unsigned nr_queues;		/* 1..VPCI_VIRTIO_MAX_QUEUES */
	uint16_t queue_size;		/* largest size, a power of 2 <= VPCI_VQ_MAX_SIZE */
	const void *config;		/* initial configuration bytes */
	unsigned config_len;		/* <= VPCI_VIRTIO_MAX_CONFIG */
	const struct vpci_virtio_ops *ops;
	void *opaque;
};

/* One request: its buffers in guest RAM, the device-readable ones first. */
struct vpci_vq_elem {
	uint16_t head;			/* what goes back in the used ring */
	uint32_t gen;			/* the reset generation it was taken in */
	unsigned n_out, n_in;		/* readable, then writable, segments */
	size_t out_len, in_len;		/* their total sizes */
	struct iovec iov[VPCI_VQ_MAX_SEGS];
};

/* A plugged virtio function on bus (the first free slot). NULL + err. */
struct vpci_virtio *vpci_virtio_add(struct vpci_bus *bus, const struct vpci_virtio_info *info,
				    const struct vpci_dma *dma, char *err, size_t errlen);
struct vpci_device *vpci_virtio_device(struct vpci_virtio *v);

/*
 * The next request of queue q: 1 and *e filled; 0 when there is none (or
 * the queue is not live); -1 when the driver broke the ring (the device
 * now needs a reset). Any thread.
 */
int vpci_virtio_pop(struct vpci_virtio *v, unsigned q, struct vpci_vq_elem *e);
/*
 * Give e back with len bytes written into its writable part and interrupt
 * the driver if it asked for that. Dropped if the device was reset since
 * e was popped.
 */
void vpci_virtio_push(struct vpci_virtio *v, unsigned q, const struct vpci_vq_elem *e,
		      uint32_t len);
/*
 * Give back n requests at once (a received frame spread over several
 * buffers): the driver sees them together, and is interrupted once.
 */
void vpci_virtio_push_n(struct vpci_virtio *v, unsigned q, const struct vpci_vq_elem *const *e,
			const uint32_t *len, unsigned n);
/*
 * The worker found queue q empty and will sleep: ask the driver to kick
 * for the next request. False if one came in meanwhile (pop again).
 */
bool vpci_virtio_idle(struct vpci_virtio *v, unsigned q);

/* The features the driver accepted (FEATURES_OK), else 0. Any thread. */
uint64_t vpci_virtio_features(struct vpci_virtio *v);

/* iovec helpers for models: copy between a request's segments and a buffer. */
size_t vpci_iov_to_buf(const struct iovec *iov, unsigned n, size_t skip, void *buf, size_t len);
size_t vpci_iov_from_buf(const struct iovec *iov, unsigned n, size_t skip, const void *buf,
			 size_t len);

#endif
