/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host files a virtio-fs share has told the guest about: FUSE node IDs
 * (what the guest names a file by) to O_PATH descriptors, one per host
 * inode, counted by the guest's lookups. A node ID from the guest is only
 * ever an index into this table, checked: never a pointer.
 */
#ifndef UVMM_VIRTIO_FS_INODE_TABLE_H
#define UVMM_VIRTIO_FS_INODE_TABLE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct fs_inode {
	int fd;				/* O_PATH, O_NOFOLLOW; -1: free slot */
	dev_t dev;
	ino_t ino;
	mode_t type;			/* S_IFMT bits */
	uint64_t nlookup;		/* the guest's references */
	bool sealed;			/* a kernel interface mounted here: shown empty */
	uint32_t next;			/* hash chain (slot index + 1, 0 ends it) */
};

struct inode_table {
	struct fs_inode *slot;		/* slot[i] is node ID i + 1 */
	uint32_t nslots, used;
	uint32_t free_hint;
	uint32_t *bucket;		/* hash of (dev, ino) -> slot index + 1 */
	uint32_t nbuckets;		/* a power of two */
};

/* An empty table; 0 or -ENOMEM. */
int inode_table_init(struct inode_table *t);
/* Close every descriptor and free the table. */
void inode_table_free(struct inode_table *t);
/* The inode of node ID id, or NULL if the guest made it up or forgot it. */
struct fs_inode *inode_get(struct inode_table *t, uint64_t id);
/*
 * Take fd (O_PATH) for the file (dev, ino): the existing node gets one
 * more lookup and fd is closed, else a new node holds fd. Its node ID, or
 * 0 (fd closed) when out of memory.
 */
uint64_t inode_put(struct inode_table *t, int fd, dev_t dev, ino_t ino, mode_t type);
/* The guest dropped n lookups of id; the node goes at zero (not the root). */
void inode_forget(struct inode_table *t, uint64_t id, uint64_t n);

#endif
