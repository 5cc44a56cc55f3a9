/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where a virtio-net device's frames go on the host: a tap device (frames
 * with the virtio-net header, offloads passed through) or our slirp
 * helper, the user-mode network stack, over a stream socket
 * (net_stream.h). Both are one non-blocking descriptor that net.c reads
 * and writes; docs/network.md says why libslirp.
 */
#ifndef UVMM_VIRTIO_NET_BACKEND_H
#define UVMM_VIRTIO_NET_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct net_spec;

struct net_backend {
	int fd;				/* non-blocking, close-on-exec */
	bool vnet_hdr;			/* frames carry struct virtio_net_hdr_v1 (tap) */
	bool stream;			/* a length word before each frame (the helper) */
	uint64_t offloads;		/* VIRTIO_NET_F_* the backend can take (tap) */
	pid_t helper;			/* the slirp helper's pid, or 0 */
	int helper_err;			/* the read end of its stderr, or -1 */
};

/* Open tap device ifname (TUNSETIFF: made if missing and we may). 0, or -1 + err. */
int net_tap_open(const char *ifname, struct net_backend *b, char *err, size_t errlen);
/* Let the tap hand over what the guest's driver accepted (VIRTIO_NET_F_GUEST_*). */
int net_tap_set_offloads(struct net_backend *b, uint64_t guest_features);

/*
 * Start the slirp helper (build/uvmm-slirp) for spec (its MTU, forwards)
 * on one end of a socket pair and wait until it is ready. 0, or -1 + err
 * (the helper's own words when it refused).
 */
int net_user_start(const struct net_spec *spec, struct net_backend *b, char *err, size_t errlen);
/*
 * The helper's command line for spec into argv (at most max entries,
 * NULL last), its strings in buf: the count, or -1 if it does not fit.
 */
int net_user_argv(const struct net_spec *spec, const char *helper, char **argv, int max,
		  char *buf, size_t buflen);

/* Close the descriptor; a helper sees the end of its stream, exits and is reaped. */
void net_backend_close(struct net_backend *b);

#endif
