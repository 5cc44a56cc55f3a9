/* SPDX-License-Identifier: GPL-2.0 */
/* virtio-blk's request handling, without the device around it (blk.c). */
#ifndef UVMM_VIRTIO_BLK_H
#define UVMM_VIRTIO_BLK_H

#include <stdint.h>

#include "virtio.h"
#include "virtio/disk.h"

/*
 * Serve one request (header, data, status byte, as the driver laid them
 * out in e) on disk: the bytes written into e's writable buffers, status
 * included; 0 when there is no room for a status.
 */
uint32_t virtio_blk_serve(struct disk *disk, struct vpci_vq_elem *e);

#endif
