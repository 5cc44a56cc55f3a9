// SPDX-License-Identifier: GPL-2.0
/*
 * Split virtqueues (virtio 1.2, 2.7), device side. The guest owns the
 * rings and may rewrite them at any moment: each descriptor is copied
 * once and checked on the copy, every buffer must lie in guest RAM, and a
 * chain ends within as many steps as its table has entries. The requests'
 * buffers reach the model as host pointers into guest RAM.
 */
#include <stdio.h>
#include <string.h>

#include "virtio_priv.h"

static bool live(const struct vpci_virtio *v, const struct vpci_vq *q)
{
	return (v->status & VST_DRIVER_OK) && !(v->status & VST_NEEDS_RESET) && q->enabled &&
	       !q->broken;
}

bool vp_vq_enable(struct vpci_virtio *v, struct vpci_vq *q, char *why, size_t whylen)
{
	uint64_t n = q->size;

	if ((q->desc_gpa & 15) || (q->avail_gpa & 1) || (q->used_gpa & 3)) {
		snprintf(why, whylen, "misaligned rings (desc %#llx, avail %#llx, used %#llx)",
			 (unsigned long long)q->desc_gpa, (unsigned long long)q->avail_gpa,
			 (unsigned long long)q->used_gpa);
		return false;
	}
	q->desc = v->dma.ptr(v->dma.opaque, q->desc_gpa, 16 * n);
	q->avail = v->dma.ptr(v->dma.opaque, q->avail_gpa, 6 + 2 * n);
	q->used = v->dma.ptr(v->dma.opaque, q->used_gpa, 6 + 8 * n);
	if (!q->desc || !q->avail || !q->used) {
		snprintf(why, whylen, "rings outside guest RAM (desc %#llx, avail %#llx, used %#llx)",
			 (unsigned long long)q->desc_gpa, (unsigned long long)q->avail_gpa,
			 (unsigned long long)q->used_gpa);
		return false;
	}
	q->last_avail = 0;
	q->used_idx = 0;
	q->enabled = true;
	return true;
}

/* The chain from head into e; NULL, or why the driver's chain is invalid. */
static const char *walk(struct vpci_virtio *v, struct vpci_vq *q, uint16_t head,
			struct vpci_vq_elem *e, char *buf, size_t buflen)
{
	const struct vring_desc *table = q->desc;
	unsigned max = q->size, i = head, steps = 0;
	bool indirect = false;

	e->n_out = e->n_in = 0;
	e->out_len = e->in_len = 0;
	if (head >= max) {
		snprintf(buf, buflen, "head %u beyond the queue", head);
		return buf;
	}
	for (;;) {
		struct vring_desc d;
		unsigned n = e->n_out + e->n_in;
		void *p;

		memcpy(&d, &table[i], sizeof(d));	/* one look: the guest may rewrite it */
		__atomic_signal_fence(__ATOMIC_SEQ_CST);
		if (++steps > max)
			return "descriptor chain loops or is longer than its table";
		if (d.flags & VRING_DESC_F_INDIRECT) {
			if (!vp_virtio_has(v, VF_INDIRECT_DESC))
				return "indirect descriptor without the feature";
			if (indirect || steps != 1 || (d.flags & VRING_DESC_F_NEXT))
				return "indirect descriptor not alone at the head of a chain";
			if (!d.len || d.len % sizeof(d) || d.len / sizeof(d) > VPCI_VQ_MAX_SEGS) {
				snprintf(buf, buflen, "indirect table of %u bytes", d.len);
				return buf;
			}
			table = v->dma.ptr(v->dma.opaque, d.addr, d.len);
			if (!table) {
				snprintf(buf, buflen, "indirect table %#llx+%u outside guest RAM",
					 (unsigned long long)d.addr, d.len);
				return buf;
			}
			max = d.len / sizeof(d);
			i = 0;
			steps = 0;
			indirect = true;
			continue;
		}
		if (d.len) {
			p = v->dma.ptr(v->dma.opaque, d.addr, d.len);
			if (!p) {
				snprintf(buf, buflen, "buffer %#llx+%u outside guest RAM",
					 (unsigned long long)d.addr, d.len);
				return buf;
			}
			if (n >= VPCI_VQ_MAX_SEGS)
				return "more buffers in one request than the device takes";
			if (d.flags & VRING_DESC_F_WRITE) {
				e->iov[n] = (struct iovec){ p, d.len };
				e->n_in++;
				e->in_len += d.len;
			} else {
				if (e->n_in)
					return "a device-readable buffer after a writable one";
				e->iov[n] = (struct iovec){ p, d.len };
				e->n_out++;
				e->out_len += d.len;
			}
		}
		if (!(d.flags & VRING_DESC_F_NEXT))
			return NULL;
		i = d.next;
		if (i >= max) {
			snprintf(buf, buflen, "next descriptor %u beyond its table of %u", i, max);
			return buf;
		}
	}
}

int vpci_virtio_pop(struct vpci_virtio *v, unsigned qi, struct vpci_vq_elem *e)
{
	struct vpci_bus *bus = v->dev->bus;
	struct vpci_vq *q;
	const char *why;
	char buf[128];
	uint16_t avail, pending, head;
	int r = 0;

	vp_bus_lock(bus);
	if (qi >= v->info.nr_queues || !live(v, q = &v->vq[qi]))
		goto out;
	avail = __atomic_load_n(&q->avail->idx, __ATOMIC_ACQUIRE);
	pending = (uint16_t)(avail - q->last_avail);
	if (!pending)
		goto out;
	if (pending > q->size) {
		snprintf(buf, sizeof(buf), "avail index %u is %u ahead of the device, queue size %u",
			 avail, pending, q->size);
		vp_virtio_broken(v, qi, buf);
		r = -1;
		goto out;
	}
	head = __atomic_load_n(&q->avail->ring[q->last_avail & (q->size - 1)], __ATOMIC_RELAXED);
	why = walk(v, q, head, e, buf, sizeof(buf));
	if (why) {
		vp_virtio_broken(v, qi, why);
		r = -1;
		goto out;
	}
	q->last_avail++;
	e->head = head;
	e->gen = v->gen;
	v->inflight++;
	r = 1;
out:
	vp_bus_unlock(bus);
	return r;
}

void vpci_virtio_push_n(struct vpci_virtio *v, unsigned qi, const struct vpci_vq_elem *const *e,
			const uint32_t *len, unsigned n)
{
	struct vpci_bus *bus = v->dev->bus;
	struct vpci_vq *q = &v->vq[qi];
	uint16_t old, idx, event;
	bool notify;

	vp_bus_lock(bus);
	v->inflight -= n < v->inflight ? n : v->inflight;
	if (qi >= v->info.nr_queues || !live(v, q))
		goto out;
	old = idx = q->used_idx;
	for (unsigned i = 0; i < n; i++) {
		struct vring_used_elem *u = &q->used->ring[idx & (q->size - 1)];

		if (e[i]->gen != v->gen)
			continue;	/* reset since: the driver has forgotten it */
		__atomic_store_n(&u->id, e[i]->head, __ATOMIC_RELAXED);
		__atomic_store_n(&u->len, len[i] > e[i]->in_len ? (uint32_t)e[i]->in_len : len[i],
				 __ATOMIC_RELAXED);
		idx++;
	}
	if (idx == old)
		goto out;
	/* One index update: the driver sees all n (a frame's buffers) at once. */
	__atomic_store_n(&q->used->idx, idx, __ATOMIC_RELEASE);
	q->used_idx = idx;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);	/* used idx before the driver's wishes */
	if (vp_virtio_has(v, VF_EVENT_IDX)) {
		event = __atomic_load_n(&q->avail->ring[q->size], __ATOMIC_RELAXED);	/* used_event */
		notify = vring_need_event(event, q->used_idx, old);
	} else {
		notify = !(__atomic_load_n(&q->avail->flags, __ATOMIC_RELAXED) &
			   VRING_AVAIL_F_NO_INTERRUPT);
	}
	if (notify)
		vp_virtio_irq_queue(v, qi);
out:
	vp_bus_unlock(bus);
}

void vpci_virtio_push(struct vpci_virtio *v, unsigned qi, const struct vpci_vq_elem *e,
		      uint32_t len)
{
	vpci_virtio_push_n(v, qi, &e, &len, 1);
}

bool vpci_virtio_idle(struct vpci_virtio *v, unsigned qi)
{
	struct vpci_bus *bus = v->dev->bus;
	struct vpci_vq *q;
	bool empty = true;

	vp_bus_lock(bus);
	if (qi >= v->info.nr_queues || !live(v, q = &v->vq[qi]))
		goto out;
	if (vp_virtio_has(v, VF_EVENT_IDX))	/* avail_event: kick for the next one */
		__atomic_store_n((uint16_t *)&q->used->ring[q->size], q->last_avail,
				 __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	empty = __atomic_load_n(&q->avail->idx, __ATOMIC_ACQUIRE) == q->last_avail;
out:
	vp_bus_unlock(bus);
	return empty;
}

/* Copy between bytes [skip, skip + len) of the iovecs and buf, either way. */
static size_t iov_copy(const struct iovec *iov, unsigned n, size_t skip, void *buf,
		       size_t len, bool to_buf)
{
	size_t done = 0;

	for (unsigned i = 0; i < n && done < len; i++) {
		size_t l = iov[i].iov_len, c;
		char *at;

		if (skip >= l) {
			skip -= l;
			continue;
		}
		at = (char *)iov[i].iov_base + skip;
		c = l - skip < len - done ? l - skip : len - done;
		if (to_buf)
			memcpy((char *)buf + done, at, c);
		else
			memcpy(at, (char *)buf + done, c);
		done += c;
		skip = 0;
	}
	return done;
}

size_t vpci_iov_to_buf(const struct iovec *iov, unsigned n, size_t skip, void *buf, size_t len)
{
	return iov_copy(iov, n, skip, buf, len, true);
}

size_t vpci_iov_from_buf(const struct iovec *iov, unsigned n, size_t skip, const void *buf,
			 size_t len)
{
	return iov_copy(iov, n, skip, (void *)buf, len, false);
}
