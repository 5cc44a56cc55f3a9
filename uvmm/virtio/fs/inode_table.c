// SPDX-License-Identifier: GPL-2.0
/* The node ID table of a virtio-fs share (inode_table.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "virtio/fs/inode_table.h"

#define MAX_NODES	(1u << 24)	/* the guest's dcache is bounded; so is this */
#define FD_RESERVE	512		/* descriptors left to uvmm itself */
#define MIN_FDS		8		/* a reopen holds a directory and its child */
#define ROOT_ID		1u
#define MAX_DEPTH	(PATH_MAX / 2)	/* names in a path, at most */

static int tables;	/* shares alive: they split the nodes' descriptors */

/*
 * Descriptors one share's nodes may hold: half of what the process may
 * open beyond a reserve for uvmm itself (the other half is for the files
 * the guest opens), split evenly between the shares. Read when the first
 * share opens, after main raised the soft limit to the hard one.
 */
static uint32_t fd_limit(const struct inode_table *t)
{
	static long budget;
	long per;

	if (!__atomic_load_n(&budget, __ATOMIC_RELAXED)) {
		struct rlimit rl;
		long b = getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur == RLIM_INFINITY ?
			 1 << 20 : (long)rl.rlim_cur - FD_RESERVE;

		__atomic_store_n(&budget, b / 2 > MIN_FDS ? b / 2 : MIN_FDS, __ATOMIC_RELAXED);
	}
	per = budget / (__atomic_load_n(&tables, __ATOMIC_RELAXED) ?: 1);
	if (per < MIN_FDS)
		per = MIN_FDS;
	return per < (long)t->max_fds ? (uint32_t)per : t->max_fds;
}

static struct fs_inode *slot(const struct inode_table *t, uint32_t id)
{
	return &t->chunk[(id - 1) / INODE_CHUNK][(id - 1) % INODE_CHUNK];
}

static uint32_t hash(const struct inode_table *t, dev_t dev, ino_t ino)
{
	uint64_t h = (uint64_t)ino * 0x9e3779b97f4a7c15ULL ^ (uint64_t)dev * 0xc2b2ae3d27d4eb4fULL;

	return (uint32_t)(h >> 32) & (t->nbuckets - 1);
}

/* ---- the recency list of nodes holding a descriptor (not the root, not pinned) ---- */

static void lru_unlink(struct inode_table *t, struct fs_inode *n)
{
	if (!n->older && !n->newer && t->oldest != n->id)
		return;		/* not on the list */
	if (n->older)
		slot(t, n->older)->newer = n->newer;
	else
		t->oldest = n->newer;
	if (n->newer)
		slot(t, n->newer)->older = n->older;
	else
		t->newest = n->older;
	n->older = n->newer = 0;
}

static void lru_push(struct inode_table *t, struct fs_inode *n)
{
	n->stamp = t->stamp;
	if (n->id == ROOT_ID || n->pinned)
		return;
	n->older = t->newest;
	n->newer = 0;
	if (t->newest)
		slot(t, t->newest)->newer = n->id;
	else
		t->oldest = n->id;
	t->newest = n->id;
}

/* n was used by the request being served: newest, not closed for it. */
static void lru_touch(struct inode_table *t, struct fs_inode *n)
{
	lru_unlink(t, n);
	lru_push(t, n);
}

/*
 * The file's handle (its inode number and generation, for most
 * filesystems): once n's descriptor is closed, the inode number may be
 * given to a new file, and only the generation tells them apart. Taking
 * a handle needs no privilege (opening by one would). NULL where the
 * filesystem has none: (dev, ino) must do.
 */
static struct file_handle *file_handle_of(int fd)
{
	struct file_handle *h = malloc(sizeof(*h) + MAX_HANDLE_SZ);
	int mount_id;

	if (!h)
		return NULL;
	h->handle_bytes = MAX_HANDLE_SZ;
	if (name_to_handle_at(fd, "", h, &mount_id, AT_EMPTY_PATH)) {
		free(h);
		return NULL;
	}
	return realloc(h, sizeof(*h) + h->handle_bytes) ?: h;	/* kept per node */
}

static bool same_file(const struct file_handle *a, int fd)
{
	struct file_handle *b;
	bool same;

	if (!a)
		return true;
	b = file_handle_of(fd);
	same = b && a->handle_type == b->handle_type && a->handle_bytes == b->handle_bytes &&
	       !memcmp(a->f_handle, b->f_handle, a->handle_bytes);
	free(b);
	return same;
}

static void close_fd(struct inode_table *t, struct fs_inode *n)
{
	lru_unlink(t, n);
	close(n->fd);
	n->fd = -1;
	t->nfds--;
}

/* Closed to make room: its handle first, to know it again when reopened. */
static void evict(struct inode_table *t, struct fs_inode *n)
{
	if (!n->handle)
		n->handle = file_handle_of(n->fd);
	close_fd(t, n);
}

/* Room for one more descriptor, closing the least recently used ones
 * that the request being served has not used. */
static bool take_fd(struct inode_table *t)
{
	for (;;) {
		struct fs_inode *old;

		if (t->nfds < fd_limit(t)) {
			t->nfds++;
			return true;
		}
		if (!t->oldest)
			return false;
		old = slot(t, t->oldest);
		if (old->stamp == t->stamp)
			return false;	/* all in use by this request */
		evict(t, old);
	}
}

/* ---- nodes ---- */

int inode_table_init(struct inode_table *t)
{
	memset(t, 0, sizeof(*t));
	t->nbuckets = 1024;
	t->max_fds = INODE_MAX_FDS;
	t->bucket = calloc(t->nbuckets, sizeof(*t->bucket));
	if (!t->bucket)
		return -ENOMEM;
	fd_limit(t);		/* the budget, read now */
	__atomic_add_fetch(&tables, 1, __ATOMIC_RELAXED);
	return 0;
}

void inode_table_free(struct inode_table *t)
{
	for (uint32_t id = 1; id <= t->nslots; id++) {
		struct fs_inode *n = slot(t, id);

		if (n->fd >= 0)
			close(n->fd);
		free(n->name);
		free(n->handle);
	}
	for (uint32_t c = 0; c < t->nslots / INODE_CHUNK; c++)
		free(t->chunk[c]);
	free(t->chunk);
	if (t->bucket)
		__atomic_sub_fetch(&tables, 1, __ATOMIC_RELAXED);
	free(t->bucket);
	memset(t, 0, sizeof(*t));
}

struct fs_inode *inode_get(struct inode_table *t, uint64_t id)
{
	if (id == 0 || id > t->nslots || !slot(t, (uint32_t)id)->used)
		return NULL;
	return slot(t, (uint32_t)id);
}

struct fs_inode *inode_find(struct inode_table *t, dev_t dev, ino_t ino)
{
	for (uint32_t i = t->bucket[hash(t, dev, ino)]; i; i = slot(t, i)->next) {
		struct fs_inode *n = slot(t, i);

		if (n->dev == dev && n->ino == ino)
			return n;
	}
	return NULL;
}

static void unlink_hash(struct inode_table *t, struct fs_inode *n)
{
	uint32_t *p = &t->bucket[hash(t, n->dev, n->ino)];

	while (*p && *p != n->id)
		p = &slot(t, *p)->next;
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
	for (uint32_t id = 1; id <= t->nslots; id++) {
		struct fs_inode *n = slot(t, id);
		uint32_t h;

		if (!n->used)
			continue;
		h = hash(t, n->dev, n->ino);
		n->next = t->bucket[h];
		t->bucket[h] = id;
	}
}

static int free_slot(struct inode_table *t, uint32_t *id)
{
	struct fs_inode **c, *chunk;
	uint32_t n = t->nslots / INODE_CHUNK;

	for (uint32_t i = t->free_hint + 1; i <= t->nslots; i++)
		if (!slot(t, i)->used) {
			*id = i;
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
	*id = t->nslots + 1;
	t->nslots += INODE_CHUNK;
	return 0;
}

/* Free n, and then each directory above it that nothing holds any more. */
static void release(struct inode_table *t, struct fs_inode *n)
{
	while (n && n->used && n->id != ROOT_ID && !n->nlookup && !n->held) {
		uint32_t parent = n->parent, id = n->id;

		unlink_hash(t, n);
		if (n->fd >= 0)
			close_fd(t, n);
		free(n->name);
		free(n->handle);
		*n = (struct fs_inode){ .fd = -1 };
		t->used--;
		if (id - 1 < t->free_hint)
			t->free_hint = id - 1;
		n = parent ? slot(t, parent) : NULL;
		if (n)
			n->held--;
	}
}

/* Forget where n was; the directory it was under may go. */
static void detach(struct inode_table *t, struct fs_inode *n)
{
	struct fs_inode *parent = n->parent ? slot(t, n->parent) : NULL;

	free(n->name);
	n->name = NULL;
	n->parent = 0;
	if (parent) {
		parent->held--;
		release(t, parent);
	}
}

/* n is name under node parent; false (n unchanged) when out of memory. */
static bool locate(struct inode_table *t, struct fs_inode *n, uint32_t parent, const char *name)
{
	char *copy;

	if (n->id == ROOT_ID || (n->parent == parent && n->name && !strcmp(n->name, name)))
		return true;
	copy = strdup(name);
	if (!copy)
		return false;
	slot(t, parent)->held++;	/* first: detach may free the old one */
	detach(t, n);
	n->parent = parent;
	n->name = copy;
	return true;
}

/* One step of a reopen: n, whose directory holds a descriptor. */
static int reopen_step(struct inode_table *t, struct fs_inode *n)
{
	struct fs_inode *dir = slot(t, n->parent);
	struct stat st;
	int fd;

	lru_touch(t, dir);		/* not closed to make room for n */
	if (!take_fd(t))
		return -ENFILE;
	fd = openat(dir->fd, n->name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) || st.st_dev != n->dev || st.st_ino != n->ino ||
	    !same_file(n->handle, fd)) {
		int err = fd < 0 && errno != ENOENT && errno != ENOTDIR ? -errno : -ESTALE;

		if (fd >= 0)
			close(fd);
		t->nfds--;
		return err;
	}
	n->fd = fd;
	lru_push(t, n);
	return 0;
}

int inode_fd(struct inode_table *t, struct fs_inode *n)
{
	while (n->fd < 0) {
		struct fs_inode *step = n;
		unsigned depth = 0;
		int err;

		if (!n->parent)
			return -ESTALE;		/* pinned, and its descriptor went: cannot be */
		/* The highest closed node under an open one: every node above
		 * n has a parent up to the root, which never closes. */
		while (slot(t, step->parent)->fd < 0) {
			step = slot(t, step->parent);
			if (++depth > MAX_DEPTH)
				return -ELOOP;	/* a loop: directories moved on the host */
		}
		err = reopen_step(t, step);
		if (err)
			return err;
	}
	lru_touch(t, n);
	return n->fd;
}

uint64_t inode_put(struct inode_table *t, int fd, dev_t dev, ino_t ino, mode_t type,
		   uint32_t parent, const char *name)
{
	struct fs_inode *n = inode_find(t, dev, ino);
	uint32_t h = hash(t, dev, ino), id;
	char *copy = NULL;

	if (n) {
		n->nlookup++;
		if (!n->pinned)
			locate(t, n, parent, name);	/* its newest name */
		if (n->fd < 0 && !n->pinned && take_fd(t)) {
			n->fd = fd;			/* saves a reopen */
			free(n->handle);		/* taken again if it closes */
			n->handle = NULL;
			lru_push(t, n);
		} else {
			close(fd);
			if (n->fd >= 0)
				lru_touch(t, n);
		}
		return n->id;
	}
	if ((parent && !(copy = strdup(name))) || free_slot(t, &id)) {
		free(copy);
		close(fd);
		return 0;
	}
	if (!take_fd(t)) {
		free(copy);
		close(fd);
		return 0;
	}
	n = slot(t, id);
	*n = (struct fs_inode){
		.fd = fd, .used = true, .dev = dev, .ino = ino, .type = type & S_IFMT,
		.nlookup = 1, .id = id, .parent = parent, .name = copy, .next = t->bucket[h],
	};
	if (parent)
		slot(t, parent)->held++;
	lru_push(t, n);
	t->bucket[h] = id;
	t->used++;
	t->free_hint = id;
	maybe_rehash(t);
	return id;
}

void inode_move(struct inode_table *t, struct fs_inode *n, uint32_t parent, const char *name)
{
	if (!n->pinned && !locate(t, n, parent, name) && n->fd >= 0)
		inode_pin(t, n);	/* no memory for the name: keep the descriptor */
}

void inode_pin(struct inode_table *t, struct fs_inode *n)
{
	if (n->pinned || n->id == ROOT_ID || n->fd < 0)
		return;
	lru_unlink(t, n);
	n->pinned = true;
	detach(t, n);
}

void inode_unhold(struct inode_table *t, struct fs_inode *n)
{
	n->held--;
	release(t, n);
}

void inode_forget(struct inode_table *t, uint64_t id, uint64_t n)
{
	struct fs_inode *node = inode_get(t, id);

	if (!node || id == ROOT_ID)
		return;		/* unknown, or the root, which stays */
	node->nlookup = n < node->nlookup ? node->nlookup - n : 0;
	release(t, node);
}
