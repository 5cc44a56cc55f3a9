// SPDX-License-Identifier: GPL-2.0
/*
 * Frames with a known pattern (sequence number, length, then bytes derived
 * from both), so the receiver can check every byte and spot loss,
 * reordering and truncation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "e1000e_traffic.h"

#define ETHERTYPE_TEST	0x88b5		/* IEEE local experimental */
#define HDR		14
#define MIN_FRAME	60
#define MAX_FRAME	1514
#define WAIT_MS		2000

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static uint8_t pattern(uint32_t seq, size_t i)
{
	return (uint8_t)(seq * 31u + i * 7u + 0x5au + (i >> 8));
}

static size_t frame_len(uint32_t seq)
{
	return MIN_FRAME + (seq * 97u) % (MAX_FRAME - MIN_FRAME + 1);
}

static size_t build(uint8_t *f, const uint8_t dst[6], const uint8_t src[6], uint32_t seq)
{
	size_t len = frame_len(seq);

	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	f[12] = ETHERTYPE_TEST >> 8;
	f[13] = ETHERTYPE_TEST & 0xff;
	memcpy(f + HDR, &seq, 4);
	f[HDR + 4] = len >> 8;
	f[HDR + 5] = len & 0xff;
	for (size_t i = HDR + 6; i < len; i++)
		f[i] = pattern(seq, i);
	return len;
}

/* 0 if @f is frame @seq exactly; else a reason in r->why. */
static int check(const uint8_t *f, size_t len, const uint8_t dst[6], uint32_t seq,
		 struct e1k_result *r)
{
	uint32_t got;

	if (len < HDR + 6) {
		snprintf(r->why, sizeof(r->why), "frame %u: only %zu bytes", seq, len);
		return -1;
	}
	memcpy(&got, f + HDR, 4);
	if (got != seq) {
		snprintf(r->why, sizeof(r->why), "expected frame %u, got %u (lost or reordered)", seq, got);
		return -1;
	}
	if (len != frame_len(seq) || ((size_t)f[HDR + 4] << 8 | f[HDR + 5]) != len) {
		snprintf(r->why, sizeof(r->why), "frame %u: length %zu, sent %zu", seq, len, frame_len(seq));
		return -1;
	}
	if (memcmp(f, dst, 6) || f[12] != (ETHERTYPE_TEST >> 8) || f[13] != (ETHERTYPE_TEST & 0xff)) {
		snprintf(r->why, sizeof(r->why), "frame %u: header corrupted", seq);
		return -1;
	}
	for (size_t i = HDR + 6; i < len; i++)
		if (f[i] != pattern(seq, i)) {
			snprintf(r->why, sizeof(r->why), "frame %u: byte %zu is %#x, sent %#x", seq, i, f[i],
				 pattern(seq, i));
			return -1;
		}
	return 0;
}

/* One frame: wait for RX work (an interrupt, or a filled descriptor when
 * polling), then take it; a few rounds, since an interrupt's work may
 * already have been drained by the previous call. */
static bool recv_one(struct e1k *n, uint8_t *buf, size_t *len)
{
	for (int tries = 0; tries < 4; tries++) {
		if (!e1k_wait_rx(n, WAIT_MS))
			return false;
		*len = e1k_recv(n, buf, MAX_FRAME + 4);
		if (*len)
			return true;
	}
	return false;
}

int e1k_bulk(struct e1k *a, struct e1k *b, unsigned int count, struct e1k_result *r)
{
	uint8_t tx[MAX_FRAME], rx[MAX_FRAME + 4];
	unsigned int sent = 0;
	double t0;
	size_t len;

	memset(r, 0, sizeof(*r));
	t0 = now_s();
	while (r->frames < count) {
		/* Keep up to half a ring in flight. */
		while (sent < count && sent - r->frames < E1K_RING / 2) {
			len = build(tx, b->mac, a->mac, sent);
			if (!e1k_send(a, tx, len))
				break;
			sent++;
		}
		if (!recv_one(b, rx, &len)) {
			snprintf(r->why, sizeof(r->why), "frame %u did not arrive within %d ms (%u sent)",
				 r->frames, WAIT_MS, sent);
			return -1;
		}
		if (check(rx, len, b->mac, r->frames, r))
			return -1;
		r->frames++;
	}
	r->seconds = now_s() - t0;
	r->per_sec = r->frames / r->seconds;
	return 0;
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

int e1k_pingpong(struct e1k *a, struct e1k *b, unsigned int rounds, struct e1k_result *r)
{
	uint8_t tx[MAX_FRAME], rx[MAX_FRAME + 4];
	double *rtt = calloc(rounds ? rounds : 1, sizeof(double));
	double t0, sum = 0;
	size_t len;
	int ret = -1;

	memset(r, 0, sizeof(*r));
	if (!rtt) {
		snprintf(r->why, sizeof(r->why), "out of memory");
		return -1;
	}
	for (uint32_t seq = 0; seq < rounds; seq++) {
		t0 = now_s();
		len = build(tx, b->mac, a->mac, seq);
		if (!e1k_send(a, tx, len)) {
			snprintf(r->why, sizeof(r->why), "TX ring of the first NIC is stuck");
			goto out;
		}
		if (!recv_one(b, rx, &len)) {
			snprintf(r->why, sizeof(r->why), "ping %u did not arrive", seq);
			goto out;
		}
		if (check(rx, len, b->mac, seq, r))
			goto out;
		/* Echo it back with the addresses swapped. */
		memcpy(rx, a->mac, 6);
		memcpy(rx + 6, b->mac, 6);
		if (!e1k_send(b, rx, len)) {
			snprintf(r->why, sizeof(r->why), "TX ring of the second NIC is stuck");
			goto out;
		}
		if (!recv_one(a, rx, &len)) {
			snprintf(r->why, sizeof(r->why), "pong %u did not come back", seq);
			goto out;
		}
		if (check(rx, len, a->mac, seq, r))
			goto out;
		rtt[seq] = (now_s() - t0) * 1e6;
		sum += rtt[seq];
		r->frames++;
	}
	qsort(rtt, rounds, sizeof(double), cmp_double);
	r->rtt_avg_us = rounds ? sum / rounds : 0;
	r->rtt_min_us = rounds ? rtt[0] : 0;
	r->rtt_p50_us = rounds ? rtt[rounds / 2] : 0;
	r->seconds = sum / 1e6;
	ret = 0;
out:
	free(rtt);
	return ret;
}
