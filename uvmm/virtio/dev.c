// SPDX-License-Identifier: GPL-2.0
/* Plugging a virtio device and wiring its transport to its worker (dev.h). */
#include <stdlib.h>

#include "virtio/dev.h"

static void dev_notify(void *opaque, unsigned q)
{
	struct virtio_dev *d = opaque;

	if (d->kick)
		d->kick(d, q);
	else
		virtio_worker_kick(&d->worker, q);
}

static void dev_reset(void *opaque)
{
	struct virtio_dev *d = opaque;

	if (d->reset)
		d->reset(d);
}

static void dev_release(void *opaque)
{
	struct virtio_dev *d = opaque;

	virtio_dev_stop(d);
	if (d->free_model)
		d->free_model(d);
	free(d);
}

static const struct vpci_virtio_ops dev_ops = {
	.notify = dev_notify,
	.reset = dev_reset,
	.release = dev_release,
};

struct serve_ctx {
	struct virtio_dev *d;
	unsigned q;
};

static uint32_t serve_one(void *opaque, struct vpci_vq_elem *e)
{
	struct serve_ctx *c = opaque;

	return c->d->handle(c->d, c->q, e);
}

static void dev_serve(void *opaque, unsigned q)
{
	struct virtio_dev *d = opaque;
	struct serve_ctx c = { d, q };

	if (d->serve) {
		d->serve(d, q);
		return;
	}
	virtio_serve_queue(d->v, q, &d->elem, serve_one, &c);
}

int virtio_dev_plug(struct virtio_dev *d, struct vpci_bus *bus, struct vpci_virtio_info *info,
		    const struct vpci_dma *dma, char *err, size_t errlen)
{
	info->ops = &dev_ops;
	info->opaque = d;
	/* The worker first: the guest may kick as soon as the function is plugged. */
	if (virtio_worker_start(&d->worker, dev_serve, d, d->role, err, errlen))
		goto fail;
	d->v = vpci_virtio_add(bus, info, dma, err, errlen);
	if (!d->v) {
		virtio_worker_stop(&d->worker);
		goto fail;
	}
	return 0;
fail:
	if (d->free_model)
		d->free_model(d);
	free(d);
	return -1;
}

void virtio_dev_stop(struct virtio_dev *d)
{
	if (d->stop)
		d->stop(d);
	virtio_worker_stop(&d->worker);
}
