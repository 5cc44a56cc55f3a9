/* SPDX-License-Identifier: GPL-2.0 */
/*
 * uvmm's virtio devices on the vpci bus (the transport is vpci/virtio.h):
 * each has a worker thread that serves its queues from host resources.
 */
#ifndef UVMM_VIRTIO_DEVICES_H
#define UVMM_VIRTIO_DEVICES_H

#include <stdbool.h>
#include <stddef.h>

struct vpci_bus;
struct vpci_dma;
struct virtio_dev;

/* A --disk: FILE[,ro][,snapshot], parsed by disk_spec_parse. */
struct disk_spec {
	const char *path;
	bool ro;		/* the guest sees a read-only disk */
	bool snapshot;		/* writes go to a private layer; the file stays as it was */
};

/* "FILE[,ro][,snapshot]" (spec keeps pointers into s, which it modifies). 0, or -1 + err. */
int disk_spec_parse(char *s, struct disk_spec *spec, char *err, size_t errlen);

/* A --share: HOSTDIR[:TAG][,ro], parsed by share_spec_parse. */
#define SHARE_TAG_MAX	36		/* virtio-fs tags are at most 36 bytes */
struct share_spec {
	const char *dir;
	char tag[SHARE_TAG_MAX + 1];	/* what the guest mounts: mount -t virtiofs TAG DIR */
	bool ro;
};

/*
 * "HOSTDIR[:TAG][,ro]" (modifies s); without TAG, the directory's last
 * name ("root" for /). 0, or -1 + err.
 */
int share_spec_parse(char *s, struct share_spec *spec, char *err, size_t errlen);

/* Plug a device; NULL with a one-line reason in err. */
struct virtio_dev *virtio_rng_add(struct vpci_bus *bus, const struct vpci_dma *dma,
				  char *err, size_t errlen);
struct virtio_dev *virtio_blk_add(struct vpci_bus *bus, const struct vpci_dma *dma,
				  const struct disk_spec *spec, char *err, size_t errlen);

struct virtio_dev *virtio_fs_add(struct vpci_bus *bus, const struct vpci_dma *dma,
				 const struct share_spec *spec, char *err, size_t errlen);

/*
 * Stop the device's thread (before the bus is freed: the bus then frees
 * the device itself). Idempotent.
 */
void virtio_dev_stop(struct virtio_dev *d);

#endif
