// SPDX-License-Identifier: GPL-2.0
/* The node ID table of a virtio-fs share (inode_table.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "virtio/fs/inode_table.h"

#define MAX_NODES	(1u << 24)	/* the guest's dcache is bounded; so is this */

static uint32_t hash(const struct inode_table *t, dev_t dev, ino_t ino)
{
	uint64_t h = (uint64_t)ino * 0x9e3779b97f4a7c15ULL ^ (uint64_t)dev * 0xc2b2ae3d27d4eb4fULL;

	return (uint32_t)(h >> 32) & (t->nbuckets - 1);
}

int inode_table_init(struct inode_table *t)
{
	memset(t, 0, sizeof(*t));
	t->nbuckets = 1024;
	t->bucket = calloc(t->nbuckets, sizeof(*t->bucket));
	return t->bucket ? 0 : -ENOMEM;
}

void inode_table_free(struct inode_table *t)
{
	for (uint32_t i = 0; i < t->nslots; i++)
		if (t->slot[i].fd >= 0)
			close(t->slot[i].fd);
	free(t->slot);
	free(t->bucket);
	memset(t, 0, sizeof(*t));
}

struct fs_inode *inode_get(struct inode_table *t, uint64_t id)
{
	if (id == 0 || id > t->nslots || t->slot[id - 1].fd < 0)
		return NULL;
	return &t->slot[id - 1];
}

static void unlink_hash(struct inode_table *t, uint32_t idx)
{
	struct fs_inode *n = &t->slot[idx];
	uint32_t *p = &t->bucket[hash(t, n->dev, n->ino)];

	while (*p && *p != idx + 1)
		p = &t->slot[*p - 1].next;
	if (*p)
		*p = n->next;
}

/* Twice the buckets when the table is fuller than them. */
static void maybe_rehash(struct inode_table *t)
{
	uint32_t nb = t->nbuckets * 2, *b;

	if (t->used < t->nbuckets || nb > MAX_NODES)
		return;
	b = calloc(nb, sizeof(*b));
	if (!b)
		return;		/* longer chains; still correct */
	free(t->bucket);
	t->bucket = b;
	t->nbuckets = nb;
	for (uint32_t i = 0; i < t->nslots; i++) {
		struct fs_inode *n = &t->slot[i];
		uint32_t h;

		if (n->fd < 0)
			continue;
		h = hash(t, n->dev, n->ino);
		n->next = t->bucket[h];
		t->bucket[h] = i + 1;
	}
}

static int free_slot(struct inode_table *t, uint32_t *idx)
{
	struct fs_inode *s;
	uint32_t n;

	for (uint32_t i = t->free_hint; i < t->nslots; i++)
		if (t->slot[i].fd < 0) {
			*idx = i;
			return 0;
		}
	if (t->nslots >= MAX_NODES)
		return -ENOMEM;
	n = t->nslots ? t->nslots * 2 : 256;
	s = realloc(t->slot, n * sizeof(*s));
	if (!s)
		return -ENOMEM;
	for (uint32_t i = t->nslots; i < n; i++)
		s[i] = (struct fs_inode){ .fd = -1 };
	t->slot = s;
	*idx = t->nslots;
	t->nslots = n;
	return 0;
}

uint64_t inode_put(struct inode_table *t, int fd, dev_t dev, ino_t ino, mode_t type)
{
	uint32_t h = hash(t, dev, ino), i, idx;

	for (i = t->bucket[h]; i; i = t->slot[i - 1].next) {
		struct fs_inode *n = &t->slot[i - 1];

		if (n->dev == dev && n->ino == ino) {
			close(fd);
			n->nlookup++;
			return i;
		}
	}
	if (free_slot(t, &idx)) {
		close(fd);
		return 0;
	}
	t->slot[idx] = (struct fs_inode){
		.fd = fd, .dev = dev, .ino = ino, .type = type & S_IFMT, .nlookup = 1,
		.next = t->bucket[h],
	};
	t->bucket[h] = idx + 1;
	t->used++;
	t->free_hint = idx + 1;
	maybe_rehash(t);
	return idx + 1;
}

void inode_forget(struct inode_table *t, uint64_t id, uint64_t n)
{
	struct fs_inode *node = inode_get(t, id);

	if (!node || id == 1)
		return;		/* unknown, or the root, which stays */
	node->nlookup = n < node->nlookup ? node->nlookup - n : 0;
	if (node->nlookup)
		return;
	unlink_hash(t, (uint32_t)(id - 1));
	close(node->fd);
	node->fd = -1;
	t->used--;
	if (id - 1 < t->free_hint)
		t->free_hint = (uint32_t)(id - 1);
}
