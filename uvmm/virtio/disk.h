/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A disk image as virtio-blk serves it: a raw file (or block device),
 * read-only or not, and for --disk ...,snapshot a private copy-on-write
 * layer in a memory file, so that the image stays as it was.
 */
#ifndef UVMM_VIRTIO_DISK_H
#define UVMM_VIRTIO_DISK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "virtio/devices.h"

#define DISK_SECTOR	512ULL
#define DISK_CHUNK	4096ULL		/* copy-on-write granule */

struct disk {
	int fd;
	uint64_t size;			/* bytes the guest sees: whole sectors */
	bool ro, snapshot;
	bool can_discard;		/* the host file takes hole punches */
	int cow_fd;			/* snapshot: the private layer, else -1 */
	uint64_t *cow_map;		/* snapshot: bit per DISK_CHUNK held by the layer */
	char id[21];			/* what GET_ID answers: the file's name */
};

/* Open per spec; 0, or -1 with "--disk FILE: why" in err. */
int disk_open(struct disk *d, const struct disk_spec *spec, char *err, size_t errlen);
void disk_close(struct disk *d);

/* [off, off + the iovecs' length) inside the disk; 0 or -errno. */
int disk_read(struct disk *d, uint64_t off, const struct iovec *iov, unsigned n);
int disk_write(struct disk *d, uint64_t off, const struct iovec *iov, unsigned n);
int disk_flush(struct disk *d);
int disk_discard(struct disk *d, uint64_t off, uint64_t len);

/* iovecs for bytes [skip, skip + len) of src; how many (<= max), 0 if they do not fit. */
unsigned iov_slice(const struct iovec *src, unsigned n, size_t skip, size_t len,
		   struct iovec *dst, unsigned max);

#endif
