/* SPDX-License-Identifier: GPL-2.0 */
/* State of a virtio-pci function, shared by virtio_pci.c and virtqueue.c. */
#ifndef VPCI_VIRTIO_PRIV_H
#define VPCI_VIRTIO_PRIV_H

#include <linux/virtio_ring.h>

#include "priv.h"
#include "virtio.h"

#define VIRTIO_NO_VECTOR	0xffff

/* Status bits (virtio 1.2, 2.1). */
#define VST_ACKNOWLEDGE		1
#define VST_DRIVER		2
#define VST_DRIVER_OK		4
#define VST_FEATURES_OK		8
#define VST_NEEDS_RESET		64
#define VST_FAILED		128

/* Transport feature bits every device here offers. */
#define VF_INDIRECT_DESC	28
#define VF_EVENT_IDX		29
#define VF_VERSION_1		32

/* Misuse kinds of the transport (one log line each per device). */
enum {
	VMISUSE_COMMON_WIDTH = VPCI_MISUSE_MODEL_FIRST,
	VMISUSE_QUEUE_SETUP,
	VMISUSE_RING,
	VMISUSE_FEATURES,
	VMISUSE_NOTIFY,
	VMISUSE_NR,
};
_Static_assert(VMISUSE_NR <= VPCI_VIRTIO_MISUSE_MODEL, "the transport's misuse kinds overflow");

struct vpci_vq {
	uint16_t size;			/* what the driver chose (<= the device's) */
	uint16_t msix_vector;
	bool enabled;
	bool broken;			/* the driver broke this ring: ignored until reset */
	uint64_t desc_gpa, avail_gpa, used_gpa;
	/* Host pointers into guest RAM, checked when the queue was enabled. */
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	uint16_t last_avail;		/* next avail entry to take */
	uint16_t used_idx;		/* next used entry to write */
};

struct vpci_virtio {
	struct vpci_device *dev;
	struct vpci_virtio_info info;
	struct vpci_dma dma;
	uint64_t device_features, driver_features;
	uint32_t dfselect, gfselect;
	uint16_t msix_config;
	uint16_t queue_select;
	uint8_t status;
	uint8_t isr;
	uint32_t gen;			/* reset generation */
	unsigned inflight;		/* popped, not yet pushed */
	struct vpci_vq vq[VPCI_VIRTIO_MAX_QUEUES];
	uint8_t config[VPCI_VIRTIO_MAX_CONFIG];
};

/* virtio_pci.c: a queue's interrupt, and giving up on a broken ring. */
void vp_virtio_irq_queue(struct vpci_virtio *v, unsigned q);
void vp_virtio_broken(struct vpci_virtio *v, unsigned q, const char *why);

/* virtqueue.c: the driver enabled a queue; false if its rings are not in RAM. */
bool vp_vq_enable(struct vpci_virtio *v, struct vpci_vq *q, char *why, size_t whylen);

static inline bool vp_virtio_has(const struct vpci_virtio *v, unsigned bit)
{
	return v->driver_features & (1ULL << bit);
}

#endif
