/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The stream a user-mode network helper (our slirp helper, passt) and
 * uvmm speak over a socket pair: each Ethernet frame behind its length,
 * 4 bytes big-endian (QEMU's "stream" netdev format). Both ends cut it
 * with these; the lengths are the other end's, and checked.
 */
#ifndef UVMM_VIRTIO_NET_STREAM_H
#define UVMM_VIRTIO_NET_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest frame either way: a 64 KiB IP packet (a TSO segment) behind
 * an Ethernet header and a VLAN tag. */
#define NET_FRAME_MAX	(65535 + 14 + 4)

struct net_stream {
	uint8_t *buf;
	size_t cap, start, end;		/* unread bytes: [start, end) */
};

/* 1 and the next whole frame; 0 when more bytes are needed (net_stream_room
 * says where); -1 when a length is 0 or above NET_FRAME_MAX (a broken stream). */
int net_stream_next(struct net_stream *s, const uint8_t **frame, size_t *len);
/*
 * Room for reading more at the end; when that is less than a frame and
 * may_move (no frame found earlier is still in use), the unread bytes
 * move to the front first.
 */
uint8_t *net_stream_room(struct net_stream *s, size_t *room, bool may_move);

#endif
