// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: virtio-net's byte work (uvmm/virtio/net_frame.c,
 * net_stream.c) on what a hostile guest and a hostile helper hand it.
 * The input picks the negotiated features, a transmit request (its header
 * and frame split over segments of chosen sizes), receive buffers of
 * chosen sizes with a frame to spread over them, and a stream of bytes
 * read in chunks of chosen sizes. Checked: a frame let through obeys
 * every rule its header and the features set; a received frame lands
 * whole, in order, behind a header saying how many buffers it took, and
 * nothing is written past a buffer (ASan); the stream gives back exactly
 * the frames that were sent in it, each inside the buffer, or says it is
 * broken at the first bad length.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "virtio/net_frame.h"
#include "virtio/net_stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_SEGS	8
#define MAX_BUFS	8

struct input {
	const uint8_t *p;
	size_t left;
};

static uint32_t take(struct input *in, unsigned bytes)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < bytes && in->left; i++, in->p++, in->left--)
		v |= (uint32_t)*in->p << (8 * i);
	return v;
}

static bool has(uint64_t f, unsigned bit)
{
	return f & (1ULL << bit);
}

static void check_tx(struct input *in, uint64_t f)
{
	static uint8_t seg[MAX_SEGS][NET_FRAME_MAX / MAX_SEGS + 64];
	struct vpci_vq_elem e = { 0 };
	struct virtio_net_hdr_v1 h;
	size_t max_frame = 64 + take(in, 2), len;
	enum net_tx_verdict v;

	e.n_out = 1 + take(in, 1) % MAX_SEGS;
	for (unsigned i = 0; i < e.n_out; i++) {
		size_t n = take(in, 2) % sizeof(seg[0]);

		for (size_t j = 0; j < n; j++)
			seg[i][j] = (uint8_t)take(in, 1);
		e.iov[i] = (struct iovec){ seg[i], n };
		e.out_len += n;
	}
	v = net_tx_check(&e, f, max_frame, &h, &len);
	if (v >= NET_TX_NR_VERDICTS)
		abort();
	if (v != NET_TX_OK)
		return;
	/* What was let through obeys every rule. */
	if (len != e.out_len - NET_HDR_LEN || len < NET_ETH_HLEN)
		abort();
	if (len > (h.gso_type == VIRTIO_NET_HDR_GSO_NONE ? max_frame : NET_FRAME_MAX))
		abort();
	if (h.flags & ~VIRTIO_NET_HDR_F_NEEDS_CSUM)
		abort();
	if ((h.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) &&
	    (!has(f, VIRTIO_NET_F_CSUM) || (size_t)h.csum_start + h.csum_offset + 2 > len))
		abort();
	if (h.gso_type != VIRTIO_NET_HDR_GSO_NONE) {
		uint8_t type = h.gso_type & (uint8_t)~VIRTIO_NET_HDR_GSO_ECN;

		if (!h.gso_size || !(h.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) || h.hdr_len > len)
			abort();
		if ((h.gso_type & VIRTIO_NET_HDR_GSO_ECN) && !has(f, VIRTIO_NET_F_HOST_ECN))
			abort();
		if (!(type == VIRTIO_NET_HDR_GSO_TCPV4 && has(f, VIRTIO_NET_F_HOST_TSO4)) &&
		    !(type == VIRTIO_NET_HDR_GSO_TCPV6 && has(f, VIRTIO_NET_F_HOST_TSO6)))
			abort();
	}
}

static void check_rx(struct input *in)
{
	static uint8_t frame[NET_FRAME_MAX], back[NET_HDR_LEN + NET_FRAME_MAX];
	static struct vpci_vq_elem b[MAX_BUFS];
	struct vpci_vq_elem *bufs[MAX_BUFS];
	struct virtio_net_hdr_v1 h = { .flags = (uint8_t)take(in, 1) }, got;
	unsigned nbufs = take(in, 1) % (MAX_BUFS + 1), n;
	bool mrg = take(in, 1) & 1;
	size_t len = take(in, 2) % (NET_FRAME_MAX + 1), cap = 0, at = 0, total = 0;
	uint32_t lens[MAX_BUFS];

	for (size_t i = 0; i < len; i++)
		frame[i] = (uint8_t)(i * 7 + len);
	for (unsigned i = 0; i < nbufs; i++) {
		/* Each buffer one or two segments, on the heap: ASan sees their ends. */
		size_t size = take(in, 2) % 20000, first = size ? take(in, 2) % (size + 1) : 0;

		bool two = first && first < size;
		size_t len0 = two ? first : size;

		b[i] = (struct vpci_vq_elem){ .n_in = two ? 2 : 1, .in_len = size };
		b[i].iov[0] = (struct iovec){ malloc(len0 ? len0 : 1), len0 };
		if (two)
			b[i].iov[1] = (struct iovec){ malloc(size - first), size - first };
		bufs[i] = &b[i];
		cap += size;
	}
	n = net_rx_fill(bufs, nbufs, mrg, &h, frame, len, lens);
	if (n > nbufs || (!mrg && n > 1))
		abort();
	if (n) {
		for (unsigned i = 0; i < n; i++) {
			if (lens[i] > b[i].in_len)
				abort();
			vpci_iov_to_buf(b[i].iov, b[i].n_in, 0, back + at, lens[i]);
			at += lens[i];
			total += lens[i];
		}
		memcpy(&got, back, sizeof(got));
		if (total != NET_HDR_LEN + len || got.num_buffers != n || got.flags != h.flags ||
		    memcmp(back + NET_HDR_LEN, frame, len))
			abort();
	} else if (nbufs && b[0].in_len >= NET_HDR_LEN && cap >= NET_HDR_LEN + len &&
		   (mrg || b[0].in_len >= NET_HDR_LEN + len)) {
		abort();	/* there was room, and it said no */
	}
	for (unsigned i = 0; i < nbufs; i++) {
		free(b[i].iov[0].iov_base);
		if (b[i].n_in == 2)
			free(b[i].iov[1].iov_base);
	}
}

static void check_stream(struct input *in)
{
	static uint8_t buf[2 * (4 + NET_FRAME_MAX)];
	struct net_stream s = { .buf = buf, .cap = sizeof(buf) };
	const uint8_t *src = in->p, *frame;
	size_t fed = 0, parsed = 0, len, room;

	while (fed < in->left) {
		size_t chunk = 1 + (src[fed] % 64) * 997;
		uint8_t *at = net_stream_room(&s, &room, true);
		int r;

		if (chunk > in->left - fed)
			chunk = in->left - fed;
		if (chunk > room)
			chunk = room;
		if (!chunk)
			abort();	/* no room although every whole frame was taken */
		memcpy(at, src + fed, chunk);
		s.end += chunk;
		fed += chunk;
		while ((r = net_stream_next(&s, &frame, &len)) > 0) {
			uint32_t be;

			memcpy(&be, src + parsed, 4);
			if (len != ntohl(be) || !len || len > NET_FRAME_MAX || frame < buf ||
			    frame + len > buf + s.end || memcmp(frame, src + parsed + 4, len))
				abort();
			parsed += 4 + len;
		}
		if (r < 0) {
			uint32_t be;

			memcpy(&be, src + parsed, 4);
			if (ntohl(be) && ntohl(be) <= NET_FRAME_MAX)
				abort();	/* broken, but the length was fine */
			return;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	uint64_t f = take(&in, 4);

	check_tx(&in, f);
	check_rx(&in);
	check_stream(&in);
	return 0;
}
