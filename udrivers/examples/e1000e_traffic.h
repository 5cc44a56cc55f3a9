/* SPDX-License-Identifier: GPL-2.0 */
/* Traffic between two example e1000e NICs: bulk transfer and ping-pong, every byte checked. */
#ifndef UDRIVERS_EXAMPLE_E1000E_TRAFFIC_H
#define UDRIVERS_EXAMPLE_E1000E_TRAFFIC_H

#include "e1000e.h"

struct e1k_result {
	unsigned int frames;		/* frames received and verified */
	double seconds;
	double per_sec;			/* bulk: frames per second */
	double rtt_avg_us, rtt_min_us, rtt_p50_us; /* ping-pong */
	char why[256];			/* first failure, if any */
};

/* @count frames from @a to @b, lengths 60..1514; 0 if all arrived intact. */
int e1k_bulk(struct e1k *a, struct e1k *b, unsigned int count, struct e1k_result *r);
/* @rounds round trips a -> b -> a (b echoes); 0 if all intact. */
int e1k_pingpong(struct e1k *a, struct e1k *b, unsigned int rounds, struct e1k_result *r);

#endif
