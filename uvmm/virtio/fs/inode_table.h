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

/*
 * Node i + 1 lives in chunk[i / INODE_CHUNK]: chunks never move, so a
 * node's address stays valid while others are added (a READDIRPLUS looks
 * up many names under one directory node).
 */
#define INODE_CHUNK	1024

struct inode_table {
	struct fs_inode **chunk;
	uint32_t nslots, used;		/* nslots: chunks * INODE_CHUNK */
	uint32_t free_hint;
	uint32_t *bucket;		/* hash of (dev, ino) -> slot index + 1 */
	uint32_t nbuckets;		/* a power of two */
};

/*
 * Descriptors every share together may hold (nodes and open handles):
 * the process's limit less a reserve for uvmm itself, so that a guest
 * walking a big tree gets ENFILE, not a uvmm that cannot open anything.
 * take: false when the budget is spent.
 */
bool fs_fd_take(void);
void fs_fd_give(void);

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
