/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The parts of virtio-net that are only bytes (net.c does the threads):
 * checking what a guest hands over for sending, spreading a received
 * frame over the guest's buffers (net_stream.h cuts a helper's stream).
 * Every number in a frame's header or a stream's length word is the
 * guest's or the helper's, and checked here.
 */
#ifndef UVMM_VIRTIO_NET_FRAME_H
#define UVMM_VIRTIO_NET_FRAME_H

#include <linux/virtio_net.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "virtio.h"
#include "virtio/net_stream.h"

#define NET_HDR_LEN	sizeof(struct virtio_net_hdr_v1)	/* 12: virtio 1.x always has num_buffers */
#define NET_ETH_HLEN	14

/* Why a frame the guest sent was dropped (NET_TX_OK: it was not). */
enum net_tx_verdict {
	NET_TX_OK,
	NET_TX_NO_HEADER,		/* fewer readable bytes than the virtio-net header */
	NET_TX_RUNT,			/* shorter than an Ethernet header */
	NET_TX_OVERSIZE,		/* longer than the link takes */
	NET_TX_BAD_CSUM,		/* a checksum to finish that was not negotiated or lies */
	NET_TX_BAD_GSO,			/* segmentation not negotiated, or nonsense */
	NET_TX_NR_VERDICTS
};
extern const char *const net_tx_verdict_name[NET_TX_NR_VERDICTS];

/*
 * Check a request of the transmit queue: its header (copied into *h) and
 * frame length against the negotiated features and the link's largest
 * frame; *frame_len: the bytes after the header.
 */
enum net_tx_verdict net_tx_check(const struct vpci_vq_elem *e, uint64_t features,
				 size_t max_frame, struct virtio_net_hdr_v1 *h, size_t *frame_len);

/*
 * Write header h (num_buffers set here) and frame into the writable
 * buffers bufs[0..nbufs), as many as it takes, each wholly the device's:
 * their count, lens[] the bytes in each, or 0 when they are too few. Without
 * mergeable buffers (mrg false) the first must hold it all.
 */
unsigned net_rx_fill(struct vpci_vq_elem *const *bufs, unsigned nbufs, bool mrg,
		     const struct virtio_net_hdr_v1 *h, const void *frame, size_t len,
		     uint32_t *lens);

#endif
