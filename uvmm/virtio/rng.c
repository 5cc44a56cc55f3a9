// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-rng (virtio 1.2, 5.4): one queue of writable buffers, filled from
 * the host's getrandom(), so the guest's entropy never runs dry.
 */
#include <errno.h>
#include <linux/virtio_ids.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>

#include "virtio/dev.h"

static uint32_t rng_handle(struct virtio_dev *d, unsigned q, struct vpci_vq_elem *e)
{
	uint32_t done = 0;

	(void)d;
	(void)q;
	for (unsigned i = e->n_out; i < e->n_out + e->n_in; i++) {
		char *p = e->iov[i].iov_base;
		size_t left = e->iov[i].iov_len;

		while (left) {
			ssize_t n = getrandom(p, left, 0);

			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				return done;
			p += n;
			left -= (size_t)n;
			done += (uint32_t)n;
		}
	}
	return done;
}

struct virtio_dev *virtio_rng_add(struct vpci_bus *bus, const struct vpci_dma *dma,
				  char *err, size_t errlen)
{
	struct vpci_virtio_info info = {
		.name = "virtio-rng",
		.type = VIRTIO_ID_RNG,
		.class_code = 0xff0000,		/* unclassified, as virtio-rng devices are */
		.nr_queues = 1,
		.queue_size = 64,
	};
	struct virtio_dev *d = calloc(1, sizeof(*d));

	if (!d) {
		snprintf(err, errlen, "virtio-rng: out of memory");
		return NULL;
	}
	d->handle = rng_handle;
	d->role = JAIL_DEVICE;
	return virtio_dev_plug(d, bus, &info, dma, err, errlen) ? NULL : d;
}
