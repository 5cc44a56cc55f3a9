/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host files a virtio-fs share has told the guest about: FUSE node IDs
 * (what the guest names a file by) to host inodes, counted by the guest's
 * lookups. A node ID from the guest is only ever an index into this
 * table, checked: never a pointer.
 *
 * A node is reached through an O_PATH descriptor, but not every node holds
 * one: the guest may cache more names than the process may open files
 * (a walk of /usr is 160,000). Each node remembers where it was found
 * (its directory's node and its name), so the descriptors are a cache: the
 * least recently used are closed past a limit (max_fds, and a share's
 * part of half the process's descriptors), and a node without one is
 * reopened one name at a time from its nearest open ancestor, never
 * following a link, and must turn out to be the same inode, generation
 * included (else ESTALE: it was renamed or removed behind the guest's
 * back). A node keeps the
 * nodes it was found under; one whose name is gone (unlinked, or replaced
 * by a rename, through the share) is pinned: its descriptor stays.
 */
#ifndef UVMM_VIRTIO_FS_INODE_TABLE_H
#define UVMM_VIRTIO_FS_INODE_TABLE_H

#include <stdbool.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/types.h>

struct fs_inode {
	int fd;				/* O_PATH, O_NOFOLLOW; -1: closed for now */
	bool used;			/* false: a free slot */
	bool sealed;			/* a kernel interface mounted here: shown empty */
	bool pinned;			/* its name is gone: the descriptor stays */
	mode_t type;			/* S_IFMT bits */
	dev_t dev;
	ino_t ino;
	uint64_t nlookup;		/* the guest's references */
	uint32_t id;			/* its node ID */
	uint32_t parent;		/* node ID it was found under; 0: the root, or pinned */
	uint32_t held;			/* nodes found under it, requests on it: they keep it */
	char *name;			/* its name under parent */
	struct file_handle *handle;	/* taken when its descriptor is first closed */
	uint32_t next;			/* hash chain (node ID, 0 ends it) */
	uint32_t older, newer;		/* recency list of descriptors (node IDs) */
	uint32_t stamp;			/* the request that last used its descriptor */
};

/*
 * Node i + 1 lives in chunk[i / INODE_CHUNK]: chunks never move, so a
 * node's address stays valid while others are added (a READDIRPLUS looks
 * up many names under one directory node).
 */
#define INODE_CHUNK	1024
#define INODE_MAX_FDS	65536		/* descriptors a share's nodes hold at most */

struct inode_table {
	struct fs_inode **chunk;
	uint32_t nslots, used;		/* nslots: chunks * INODE_CHUNK */
	uint32_t free_hint;
	uint32_t *bucket;		/* hash of (dev, ino) -> node ID */
	uint32_t nbuckets;		/* a power of two */
	uint32_t oldest, newest;	/* the recency list's ends (node IDs) */
	uint32_t nfds, max_fds;		/* descriptors held; at most (>= 8) */
	uint32_t stamp;			/* the request being served */
};

/* An empty table; 0 or -ENOMEM. */
int inode_table_init(struct inode_table *t);
/* Close every descriptor and free the table. */
void inode_table_free(struct inode_table *t);
/* A new request: descriptors it uses stay open until the next one. */
static inline void inode_table_next_request(struct inode_table *t)
{
	t->stamp++;
}
/* The inode of node ID id, or NULL if the guest made it up or forgot it. */
struct fs_inode *inode_get(struct inode_table *t, uint64_t id);
/* The node of the host inode (dev, ino), or NULL. */
struct fs_inode *inode_find(struct inode_table *t, dev_t dev, ino_t ino);
/*
 * Node n's O_PATH descriptor, reopened by path if it was closed; or
 * -ESTALE (not there any more), -ENFILE, -errno. It stays open until the
 * next request.
 */
int inode_fd(struct inode_table *t, struct fs_inode *n);
/*
 * Take fd (O_PATH) for the file (dev, ino) found as name under node
 * parent (0 and NULL for the root): the existing node gets one more lookup
 * and is now known by that name, else a new node holds fd. Its node ID, or
 * 0 (fd closed) when out of memory or descriptors.
 */
uint64_t inode_put(struct inode_table *t, int fd, dev_t dev, ino_t ino, mode_t type,
		   uint32_t parent, const char *name);
/* n is now name under node parent (a rename through the share). */
void inode_move(struct inode_table *t, struct fs_inode *n, uint32_t parent, const char *name);
/* Keep n while a request works on it (it may name a node it forgot). */
static inline void inode_hold(struct fs_inode *n)
{
	n->held++;
}
void inode_unhold(struct inode_table *t, struct fs_inode *n);
/*
 * n's name is gone (unlinked or replaced through the share): keep its
 * descriptor from now on. Take it with inode_fd before the name goes.
 */
void inode_pin(struct inode_table *t, struct fs_inode *n);
/* The guest dropped n lookups of id; the node goes at zero (not the root). */
void inode_forget(struct inode_table *t, uint64_t id, uint64_t n);

#endif
