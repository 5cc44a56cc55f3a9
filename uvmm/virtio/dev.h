/* SPDX-License-Identifier: GPL-2.0 */
/* What every virtio device of uvmm has (rng.c, blk.c). */
#ifndef UVMM_VIRTIO_DEV_H
#define UVMM_VIRTIO_DEV_H

#include "virtio.h"
#include "virtio/devices.h"
#include "virtio/worker.h"

struct virtio_dev {
	struct vpci_virtio *v;
	struct virtio_worker worker;
	struct vpci_vq_elem elem;	/* the request being served */
	/* The device's own request handler: bytes written into e. */
	uint32_t (*handle)(struct virtio_dev *d, unsigned q, struct vpci_vq_elem *e);
	void (*free_model)(struct virtio_dev *d);
	/*
	 * Optional, for a device that is more than requests and replies
	 * (net.c): kick replaces the worker's wake-up (vCPU thread, bus lock
	 * held: nothing slow), serve replaces the request loop on the worker,
	 * reset hears of a device reset (as kick), stop ends the model's own
	 * threads (before the worker's).
	 */
	void (*kick)(struct virtio_dev *d, unsigned q);
	void (*serve)(struct virtio_dev *d, unsigned q);
	void (*reset)(struct virtio_dev *d);
	void (*stop)(struct virtio_dev *d);
	void *model;
	enum jail_role role;		/* its worker's: JAIL_DEVICE or JAIL_SHARE */
};

/*
 * Plug d (handle, free_model, model and role set) with info (ops and opaque are
 * filled in here) and start its worker. 0, or -1 + err; on failure d is
 * freed (free_model included).
 */
int virtio_dev_plug(struct virtio_dev *d, struct vpci_bus *bus, struct vpci_virtio_info *info,
		    const struct vpci_dma *dma, char *err, size_t errlen);

#endif
