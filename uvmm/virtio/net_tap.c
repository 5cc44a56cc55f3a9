// SPDX-License-Identifier: GPL-2.0
/*
 * --net tap:IFNAME: a tap device, frames with the virtio-net header
 * (IFF_VNET_HDR), so the guest's checksum and segmentation offloads reach
 * the host's stack as they are and large receives come back whole. The
 * device exists and the user may open it (ip tuntap add ... user NAME),
 * or uvmm runs as root and makes one that lives as long as uvmm does.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <linux/virtio_net.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "virtio/net_backend.h"

/* What the guest may hand the tap: checksums left to do, TCP segments of 64 KiB. */
#define TAP_HOST_OFFLOADS	((1ULL << VIRTIO_NET_F_CSUM) | (1ULL << VIRTIO_NET_F_HOST_TSO4) | \
				 (1ULL << VIRTIO_NET_F_HOST_TSO6) | (1ULL << VIRTIO_NET_F_HOST_ECN))
/* What the tap may hand the guest, once its driver takes them (net_tap_set_offloads). */
#define TAP_GUEST_OFFLOADS	((1ULL << VIRTIO_NET_F_GUEST_CSUM) | \
				 (1ULL << VIRTIO_NET_F_GUEST_TSO4) | \
				 (1ULL << VIRTIO_NET_F_GUEST_TSO6) | (1ULL << VIRTIO_NET_F_GUEST_ECN))

int net_tap_open(const char *ifname, struct net_backend *b, char *err, size_t errlen)
{
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR };
	int hdr = sizeof(struct virtio_net_hdr_v1);
	unsigned features = 0;

	memset(b, 0, sizeof(*b));
	b->helper_err = -1;
	b->fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (b->fd < 0) {
		snprintf(err, errlen, "--net tap:%s: /dev/net/tun: %s", ifname, strerror(errno));
		return -1;
	}
	if (ioctl(b->fd, TUNGETFEATURES, &features) < 0 || !(features & IFF_VNET_HDR)) {
		snprintf(err, errlen, "--net tap:%s: the host's tun driver has no IFF_VNET_HDR",
			 ifname);
		goto fail;
	}
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(b->fd, TUNSETIFF, &ifr) < 0) {
		snprintf(err, errlen, "--net tap:%s: %s%s", ifname, strerror(errno),
			 errno == EPERM ? " (make it yours: ip tuntap add dev IFNAME mode tap user YOU)" :
			 errno == EINVAL ? " (not a tap device?)" : "");
		goto fail;
	}
	if (ioctl(b->fd, TUNSETVNETHDRSZ, &hdr) < 0 || ioctl(b->fd, TUNSETOFFLOAD, 0) < 0) {
		snprintf(err, errlen, "--net tap:%s: the virtio-net header: %s", ifname,
			 strerror(errno));
		goto fail;
	}
	b->vnet_hdr = true;
	b->offloads = TAP_HOST_OFFLOADS | TAP_GUEST_OFFLOADS;
	return 0;
fail:
	close(b->fd);
	b->fd = -1;
	return -1;
}

int net_tap_set_offloads(struct net_backend *b, uint64_t f)
{
	unsigned long tun = 0;

	if (f & (1ULL << VIRTIO_NET_F_GUEST_CSUM)) {
		tun |= TUN_F_CSUM;
		if (f & (1ULL << VIRTIO_NET_F_GUEST_TSO4))
			tun |= TUN_F_TSO4;
		if (f & (1ULL << VIRTIO_NET_F_GUEST_TSO6))
			tun |= TUN_F_TSO6;
		if ((tun & (TUN_F_TSO4 | TUN_F_TSO6)) && (f & (1ULL << VIRTIO_NET_F_GUEST_ECN)))
			tun |= TUN_F_TSO_ECN;
	}
	return ioctl(b->fd, TUNSETOFFLOAD, tun);
}
