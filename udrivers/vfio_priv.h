/* SPDX-License-Identifier: GPL-2.0 */
/* The state of an open VFIO device, shared by the vfio_*.c files. */
#ifndef UDRIVERS_VFIO_PRIV_H
#define UDRIVERS_VFIO_PRIV_H

#include <linux/vfio.h>

#include "pci_info.h"
#include "vfio.h"

#define UDRV_MAX_IRQ_FDS 64

struct udrv_dma_map {
	uint64_t iova, len;
};

struct udrv_vfio_dev {
	char bdf[UDRV_BDF_LEN];
	enum udrv_vfio_mode mode;
	int container_fd, group_fd;		/* group path */
	int iommufd;				/* cdev path */
	uint32_t ioas_id;
	int dev_fd;
	struct vfio_device_info info;
	void *bar_addr[6];
	size_t bar_len[6];
	struct udrv_dma_map *dma;		/* live mappings, undone at close */
	size_t ndma, dma_cap;
	int irq_index;				/* enabled kind, -1 if none */
	int irq_fds[UDRV_MAX_IRQ_FDS];
	unsigned int nirq_fds;
};

#endif
