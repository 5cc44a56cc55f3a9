// SPDX-License-Identifier: GPL-2.0
/* The node ID table of a virtio-fs share (inode_table.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "virtio/fs/inode_table.h"

#define MAX_NODES	(1u << 24)	/* the guest's dcache is bounded; so is this */
#define FD_RESERVE	512		/* descriptors left to uvmm itself */

static long fds_held;

bool fs_fd_take(void)
{
	static long budget;
	struct rlimit rl;

	if (!__atomic_load_n(&budget, __ATOMIC_RELAXED)) {
		long b = getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur == RLIM_INFINITY ?
			 1 << 20 : (long)rl.rlim_cur - FD_RESERVE;

		__atomic_store_n(&budget, b > 64 ? b : 64, __ATOMIC_RELAXED);
	}
	if (__atomic_add_fetch(&fds_held, 1, __ATOMIC_RELAXED) <= budget)
		return true;
	__atomic_sub_fetch(&fds_held, 1, __ATOMIC_RELAXED);
	return false;
}

void fs_fd_give(void)
{
	__atomic_sub_fetch(&fds_held, 1, __ATOMIC_RELAXED);
}

static struct fs_inode *slot(const struct inode_table *t, uint32_t i)
{
	return &t->chunk[i / INODE_CHUNK][i % INODE_CHUNK];
}

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
		if (slot(t, i)->fd >= 0) {
			close(slot(t, i)->fd);
			fs_fd_give();
		}
	for (uint32_t c = 0; c < t->nslots / INODE_CHUNK; c++)
		free(t->chunk[c]);
	free(t->chunk);
	free(t->bucket);
	memset(t, 0, sizeof(*t));
}

struct fs_inode *inode_get(struct inode_table *t, uint64_t id)
{
	if (id == 0 || id > t->nslots || slot(t, (uint32_t)(id - 1))->fd < 0)
		return NULL;
	return slot(t, (uint32_t)(id - 1));
}

static void unlink_hash(struct inode_table *t, uint32_t idx)
{
	struct fs_inode *n = slot(t, idx);
	uint32_t *p = &t->bucket[hash(t, n->dev, n->ino)];

	while (*p && *p != idx + 1)
		p = &slot(t, *p - 1)->next;
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
		struct fs_inode *n = slot(t, i);
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
	struct fs_inode **c, *chunk;
	uint32_t n = t->nslots / INODE_CHUNK;

	for (uint32_t i = t->free_hint; i < t->nslots; i++)
		if (slot(t, i)->fd < 0) {
			*idx = i;
			return 0;
		}
	if (t->nslots >= MAX_NODES)
		return -ENOMEM;
	chunk = malloc(INODE_CHUNK * sizeof(*chunk));
	c = realloc(t->chunk, (n + 1) * sizeof(*c));
	if (!chunk || !c) {
		free(chunk);
		if (c)
			t->chunk = c;
		return -ENOMEM;
	}
	for (uint32_t i = 0; i < INODE_CHUNK; i++)
		chunk[i] = (struct fs_inode){ .fd = -1 };
	c[n] = chunk;
	t->chunk = c;
	*idx = t->nslots;
	t->nslots += INODE_CHUNK;
	return 0;
}

uint64_t inode_put(struct inode_table *t, int fd, dev_t dev, ino_t ino, mode_t type)
{
	uint32_t h = hash(t, dev, ino), i, idx;

	for (i = t->bucket[h]; i; i = slot(t, i - 1)->next) {
		struct fs_inode *n = slot(t, i - 1);

		if (n->dev == dev && n->ino == ino) {
			close(fd);
			n->nlookup++;
			return i;
		}
	}
	if (!fs_fd_take()) {
		close(fd);
		return 0;
	}
	if (free_slot(t, &idx)) {
		fs_fd_give();
		close(fd);
		return 0;
	}
	*slot(t, idx) = (struct fs_inode){
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
	fs_fd_give();
	node->fd = -1;
	t->used--;
	if (id - 1 < t->free_hint)
		t->free_hint = (uint32_t)(id - 1);
}
