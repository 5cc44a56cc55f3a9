/* SPDX-License-Identifier: GPL-2.0 */
/* virtio-net's insides that its tests see (the device itself: devices.h). */
#ifndef UVMM_VIRTIO_NET_H
#define UVMM_VIRTIO_NET_H

#include <stdint.h>

#include "virtio/devices.h"
#include "virtio/net_backend.h"

/* What went through, and what was dropped (atomic: two threads count). */
struct net_stats {
	_Atomic uint64_t tx_frames, tx_bytes, tx_dropped;
	_Atomic uint64_t rx_frames, rx_bytes, rx_dropped;
};

/* virtio_net_add on a backend already open (the device owns it from here, even on failure). */
struct virtio_dev *virtio_net_add_backend(struct vpci_bus *bus, const struct vpci_dma *dma,
					  const struct net_spec *spec, struct net_backend *be,
					  char *err, size_t errlen);
const struct net_stats *virtio_net_stats(struct virtio_dev *d);

#endif
