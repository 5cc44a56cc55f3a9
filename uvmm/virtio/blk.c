// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-blk (virtio 1.2, 5.2): one request queue served from a disk image
 * (disk.h). A request is a 16-byte header the device reads, the data, and
 * a status byte the device writes last; a malformed one gets IOERR (or
 * nothing, when it has no byte to hold a status), as a disk controller
 * would answer nonsense.
 */
#include <errno.h>
#include <linux/virtio_blk.h>
#include <linux/virtio_ids.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "virtio/blk.h"
#include "virtio/dev.h"

#define BLK_QUEUE_SIZE	128
#define BLK_SEG_MAX	(VPCI_VQ_MAX_SEGS - 2)	/* the header and the status take one each */
#define BLK_DISCARD_SEG	32

/* Do bytes from sector on lie inside the disk? */
static bool in_disk(const struct disk *d, uint64_t sector, uint64_t bytes)
{
	return sector <= d->size / DISK_SECTOR && bytes <= d->size - sector * DISK_SECTOR;
}

static int request(struct disk *disk, const struct virtio_blk_outhdr *h, struct vpci_vq_elem *e,
		   struct iovec *data, unsigned *ndata, size_t *written)
{
	size_t out_data = e->out_len - sizeof(*h), in_data = e->in_len - 1;
	bool in = h->type == VIRTIO_BLK_T_IN;
	size_t len;

	*written = 0;
	switch (h->type) {
	case VIRTIO_BLK_T_IN:
	case VIRTIO_BLK_T_OUT:
		/* The data: the writable buffers but the status byte, or the
		 * readable ones after the header. */
		len = in ? in_data : out_data;
		*ndata = in ? iov_slice(e->iov + e->n_out, e->n_in, 0, len, data, VPCI_VQ_MAX_SEGS)
			    : iov_slice(e->iov, e->n_out, sizeof(*h), len, data, VPCI_VQ_MAX_SEGS);
		if ((len && !*ndata) || !in_disk(disk, h->sector, len))
			return -EIO;
		if (!in)
			return disk_write(disk, h->sector * DISK_SECTOR, data, *ndata);
		*written = len;
		return disk_read(disk, h->sector * DISK_SECTOR, data, *ndata);
	case VIRTIO_BLK_T_FLUSH:
		return disk_flush(disk);
	case VIRTIO_BLK_T_GET_ID: {
		char id[VIRTIO_BLK_ID_BYTES] = { 0 };

		memcpy(id, disk->id, strnlen(disk->id, sizeof(id)));
		*written = vpci_iov_from_buf(e->iov + e->n_out, e->n_in, 0, id,
					     in_data < sizeof(id) ? in_data : sizeof(id));
		return 0;
	}
	case VIRTIO_BLK_T_DISCARD: {
		struct virtio_blk_discard_write_zeroes seg;
		int r = 0;

		if (!out_data || out_data % sizeof(seg) || out_data / sizeof(seg) > BLK_DISCARD_SEG)
			return -EIO;
		for (size_t at = sizeof(*h); at < e->out_len && !r; at += sizeof(seg)) {
			vpci_iov_to_buf(e->iov, e->n_out, at, &seg, sizeof(seg));
			if (!in_disk(disk, seg.sector, (uint64_t)seg.num_sectors * DISK_SECTOR))
				return -EIO;
			r = disk_discard(disk, seg.sector * DISK_SECTOR,
					 (uint64_t)seg.num_sectors * DISK_SECTOR);
		}
		return r;
	}
	default:
		return -EOPNOTSUPP;
	}
}

uint32_t virtio_blk_serve(struct disk *disk, struct vpci_vq_elem *e)
{
	static __thread struct iovec data[VPCI_VQ_MAX_SEGS];
	struct virtio_blk_outhdr h;
	uint8_t status = VIRTIO_BLK_S_IOERR;
	struct iovec *last;
	unsigned ndata = 0;
	size_t written = 0;
	int r;

	if (!e->in_len)
		return 0;	/* no room for a status: nothing to answer */
	if (e->out_len >= sizeof(h)) {
		vpci_iov_to_buf(e->iov, e->n_out, 0, &h, sizeof(h));
		r = request(disk, &h, e, data, &ndata, &written);
		status = !r ? VIRTIO_BLK_S_OK : r == -EOPNOTSUPP ? VIRTIO_BLK_S_UNSUPP
								 : VIRTIO_BLK_S_IOERR;
		if (r)
			written = 0;
	}
	/* The status is the last byte of the last writable buffer. */
	last = &e->iov[e->n_out + e->n_in - 1];
	((uint8_t *)last->iov_base)[last->iov_len - 1] = status;
	return (uint32_t)(written + 1);
}

static uint32_t blk_handle(struct virtio_dev *d, unsigned q, struct vpci_vq_elem *e)
{
	(void)q;
	return virtio_blk_serve(d->model, e);
}

static void blk_free(struct virtio_dev *d)
{
	disk_close(d->model);
	free(d->model);
}

struct virtio_dev *virtio_blk_add(struct vpci_bus *bus, const struct vpci_dma *dma,
				  const struct disk_spec *spec, char *err, size_t errlen)
{
	struct virtio_blk_config cfg = { 0 };
	struct vpci_virtio_info info = {
		.name = "virtio-blk",
		.type = VIRTIO_ID_BLOCK,
		.class_code = 0x018000,		/* mass storage, other */
		.nr_queues = 1,
		.queue_size = BLK_QUEUE_SIZE,
		.config = &cfg,
		.config_len = sizeof(cfg),
	};
	struct virtio_dev *d = calloc(1, sizeof(*d));
	struct disk *disk = calloc(1, sizeof(*disk));

	if (!d || !disk) {
		free(d);
		free(disk);
		snprintf(err, errlen, "virtio-blk: out of memory");
		return NULL;
	}
	if (disk_open(disk, spec, err, errlen)) {
		free(d);
		free(disk);
		return NULL;
	}
	cfg.capacity = disk->size / DISK_SECTOR;
	cfg.seg_max = BLK_SEG_MAX;
	info.features = 1ULL << VIRTIO_BLK_F_SEG_MAX | 1ULL << VIRTIO_BLK_F_FLUSH;
	if (disk->ro)
		info.features |= 1ULL << VIRTIO_BLK_F_RO;
	if (disk->can_discard) {
		info.features |= 1ULL << VIRTIO_BLK_F_DISCARD;
		cfg.max_discard_sectors = 1u << 22;	/* 2 GiB a segment */
		cfg.max_discard_seg = BLK_DISCARD_SEG;
		cfg.discard_sector_alignment = DISK_CHUNK / DISK_SECTOR;
	}
	d->handle = blk_handle;
	d->free_model = blk_free;
	d->role = JAIL_DEVICE;
	d->model = disk;
	return virtio_dev_plug(d, bus, &info, dma, err, errlen) ? NULL : d;
}
