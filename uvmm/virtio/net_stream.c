// SPDX-License-Identifier: GPL-2.0
/* Cutting a network helper's stream into frames (net_stream.h). */
#include <arpa/inet.h>
#include <string.h>

#include "virtio/net_stream.h"

int net_stream_next(struct net_stream *s, const uint8_t **frame, size_t *len)
{
	uint32_t be;

	if (s->end - s->start < sizeof(be))
		return 0;
	memcpy(&be, s->buf + s->start, sizeof(be));
	*len = ntohl(be);
	if (*len == 0 || *len > NET_FRAME_MAX)
		return -1;
	if (s->end - s->start - sizeof(be) < *len)
		return 0;
	*frame = s->buf + s->start + sizeof(be);
	s->start += sizeof(be) + *len;
	return 1;
}

uint8_t *net_stream_room(struct net_stream *s, size_t *room, bool may_move)
{
	if (may_move && s->start && s->cap - s->end < sizeof(uint32_t) + NET_FRAME_MAX) {
		memmove(s->buf, s->buf + s->start, s->end - s->start);
		s->end -= s->start;
		s->start = 0;
	}
	*room = s->cap - s->end;
	return s->buf + s->end;
}
