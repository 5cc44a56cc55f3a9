// SPDX-License-Identifier: GPL-2.0
/* virtio-net's byte work: transmit checks, receive buffers (net_frame.h). */
#include <string.h>

#include "virtio/net_frame.h"

const char *const net_tx_verdict_name[NET_TX_NR_VERDICTS] = {
	[NET_TX_OK] = "sent",
	[NET_TX_NO_HEADER] = "no virtio-net header",
	[NET_TX_RUNT] = "shorter than an Ethernet header",
	[NET_TX_OVERSIZE] = "larger than the link's frames",
	[NET_TX_BAD_CSUM] = "a checksum request not negotiated or outside the frame",
	[NET_TX_BAD_GSO] = "segmentation not negotiated or malformed",
};

static bool has(uint64_t features, unsigned bit)
{
	return features & (1ULL << bit);
}

static enum net_tx_verdict check_gso(const struct virtio_net_hdr_v1 *h, uint64_t f,
				     size_t frame_len)
{
	uint8_t type = h->gso_type & (uint8_t)~VIRTIO_NET_HDR_GSO_ECN;

	if (h->gso_type == VIRTIO_NET_HDR_GSO_NONE)
		return NET_TX_OK;
	if ((h->gso_type & VIRTIO_NET_HDR_GSO_ECN) && !has(f, VIRTIO_NET_F_HOST_ECN))
		return NET_TX_BAD_GSO;
	if (!(type == VIRTIO_NET_HDR_GSO_TCPV4 && has(f, VIRTIO_NET_F_HOST_TSO4)) &&
	    !(type == VIRTIO_NET_HDR_GSO_TCPV6 && has(f, VIRTIO_NET_F_HOST_TSO6)))
		return NET_TX_BAD_GSO;
	/* Segments need a size, and a TSO frame's checksum is always the host's to do. */
	if (!h->gso_size || !(h->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) ||
	    h->hdr_len > frame_len)
		return NET_TX_BAD_GSO;
	return NET_TX_OK;
}

enum net_tx_verdict net_tx_check(const struct vpci_vq_elem *e, uint64_t features,
				 size_t max_frame, struct virtio_net_hdr_v1 *h, size_t *frame_len)
{
	*frame_len = 0;
	if (e->out_len < NET_HDR_LEN ||
	    vpci_iov_to_buf(e->iov, e->n_out, 0, h, NET_HDR_LEN) != NET_HDR_LEN)
		return NET_TX_NO_HEADER;
	*frame_len = e->out_len - NET_HDR_LEN;
	if (*frame_len < NET_ETH_HLEN)
		return NET_TX_RUNT;
	/* Without segmentation a frame is one link frame; with it, one 64 KiB packet. */
	if (*frame_len > (h->gso_type == VIRTIO_NET_HDR_GSO_NONE ? max_frame : NET_FRAME_MAX))
		return NET_TX_OVERSIZE;
	/* DATA_VALID and the rest are receive-side: only NEEDS_CSUM goes out. */
	if (h->flags & (uint8_t)~VIRTIO_NET_HDR_F_NEEDS_CSUM)
		return NET_TX_BAD_CSUM;
	if ((h->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) &&
	    (!has(features, VIRTIO_NET_F_CSUM) ||
	     (size_t)h->csum_start + h->csum_offset + 2 > *frame_len))
		return NET_TX_BAD_CSUM;
	return check_gso(h, features, *frame_len);
}

unsigned net_rx_fill(struct vpci_vq_elem *const *bufs, unsigned nbufs, bool mrg,
		     const struct virtio_net_hdr_v1 *h, const void *frame, size_t len,
		     uint32_t *lens)
{
	struct virtio_net_hdr_v1 hdr = *h;
	size_t need = NET_HDR_LEN + len, have = 0, at = 0;
	unsigned n = 0;

	if (!nbufs || bufs[0]->in_len < NET_HDR_LEN)
		return 0;
	while (have < need && n < nbufs && (mrg || n == 0))
		have += bufs[n++]->in_len;
	if (have < need)
		return 0;
	hdr.num_buffers = (uint16_t)n;	/* little-endian, as this host */
	for (unsigned i = 0; i < n; i++) {
		const struct vpci_vq_elem *b = bufs[i];
		const struct iovec *iov = b->iov + b->n_out;
		size_t room = b->in_len, done = 0;

		/* The header first, then the frame from where the last buffer stopped. */
		if (i == 0) {
			done = vpci_iov_from_buf(iov, b->n_in, 0, &hdr, NET_HDR_LEN);
			room -= done;
		}
		if (room > len - at)
			room = len - at;
		done += vpci_iov_from_buf(iov, b->n_in, done, (const uint8_t *)frame + at, room);
		at += room;
		lens[i] = (uint32_t)done;
	}
	return n;
}
