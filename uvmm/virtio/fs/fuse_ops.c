// SPDX-License-Identifier: GPL-2.0
/*
 * The FUSE operations of a virtio-fs share (fs.h). Every path is one name
 * under a directory we hold (openat and friends with AT_SYMLINK_NOFOLLOW
 * or O_NOFOLLOW), every node ID and file handle is looked up in our
 * tables, every length is checked against what the guest really sent.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/uio.h>
#include <unistd.h>

#include "virtio/disk.h"
#include "virtio/fs/fs.h"

#define FS_MINOR	31	/* the protocol we speak: 7.31 */
#define ATTR_VALID	1	/* seconds the guest may cache names and attributes */
#define MAX_PAGES	256	/* 1 MiB reads and writes */

/* ---- replies ---- */

static uint32_t reply(struct fs_req *r, int err, const void *payload, size_t len)
{
	struct vpci_vq_elem *e = r->e;
	struct fuse_out_header oh = { .unique = r->in.unique };

	if (err)
		len = 0;
	if (e->in_len < sizeof(oh))
		return 0;	/* nowhere to answer: the guest gets nothing */
	if (e->in_len < sizeof(oh) + len) {
		err = EIO;
		len = 0;
	}
	oh.len = (uint32_t)(sizeof(oh) + len);
	oh.error = -err;
	vpci_iov_from_buf(e->iov + e->n_out, e->n_in, 0, &oh, sizeof(oh));
	vpci_iov_from_buf(e->iov + e->n_out, e->n_in, sizeof(oh), payload, len);
	return oh.len;
}

static uint32_t reply_err(struct fs_req *r, int err)
{
	return reply(r, err, NULL, 0);
}

/* ---- arguments ---- */

static const void *arg(struct fs_req *r, size_t len)
{
	return r->arglen >= len ? r->arg : NULL;
}

/* A NUL-terminated string at off; NULL if it runs past what was sent. */
static const char *arg_str(struct fs_req *r, size_t off)
{
	if (off >= r->arglen || !memchr(r->arg + off, '\0', r->arglen - off))
		return NULL;
	return (const char *)r->arg + off;
}

/* One name inside a directory: never empty, ".", ".." or with a '/'. */
static const char *arg_name(struct fs_req *r, size_t off)
{
	const char *n = arg_str(r, off);

	if (!n || !*n || strchr(n, '/') || !strcmp(n, ".") || !strcmp(n, "..") ||
	    strlen(n) > NAME_MAX)
		return NULL;
	return n;
}

static struct fs_inode *node(struct fs_req *r, uint64_t id)
{
	return inode_get(&r->s->inodes, id);
}

/* Node n's O_PATH descriptor (reopened if the table had closed it), open
 * until the next request; or -errno. */
static int node_fd(struct fs_req *r, struct fs_inode *n)
{
	return inode_fd(&r->s->inodes, n);
}

static struct fs_handle *handle(struct fs_req *r, uint64_t fh, bool dir)
{
	struct fs_share *s = r->s;

	if (fh == 0 || fh > s->nhandles || s->handle[fh - 1].fd < 0 ||
	    !s->handle[fh - 1].dir != !dir)
		return NULL;
	return &s->handle[fh - 1];
}

static uint64_t handle_new(struct fs_share *s, int fd, DIR *dir)
{
	uint32_t i, n;

	for (i = 0; i < s->nhandles && s->handle[i].fd >= 0; i++)
		;
	if (i == s->nhandles) {
		struct fs_handle *h;

		n = s->nhandles ? s->nhandles * 2 : 64;
		if (n > (1u << 20) || !(h = realloc(s->handle, n * sizeof(*h))))
			return 0;
		for (uint32_t j = s->nhandles; j < n; j++)
			h[j] = (struct fs_handle){ .fd = -1 };
		s->handle = h;
		s->nhandles = n;
	}
	s->handle[i] = (struct fs_handle){ .fd = fd, .dir = dir };
	return i + 1;
}

static void handle_close(struct fs_handle *h)
{
	if (h->dir)
		closedir(h->dir);
	else if (h->fd >= 0)
		close(h->fd);
	*h = (struct fs_handle){ .fd = -1 };
}

void fs_close_handles(struct fs_share *s)
{
	for (uint32_t i = 0; i < s->nhandles; i++)
		if (s->handle[i].fd >= 0)
			handle_close(&s->handle[i]);
}

/* ---- attributes and entries ---- */

static void attr_from_stat(struct fuse_attr *a, const struct stat *st)
{
	*a = (struct fuse_attr){
		.ino = st->st_ino, .size = (uint64_t)st->st_size, .blocks = (uint64_t)st->st_blocks,
		.atime = (uint64_t)st->st_atim.tv_sec, .mtime = (uint64_t)st->st_mtim.tv_sec,
		.ctime = (uint64_t)st->st_ctim.tv_sec,
		.atimensec = (uint32_t)st->st_atim.tv_nsec, .mtimensec = (uint32_t)st->st_mtim.tv_nsec,
		.ctimensec = (uint32_t)st->st_ctim.tv_nsec,
		.mode = st->st_mode, .nlink = (uint32_t)st->st_nlink, .uid = st->st_uid,
		.gid = st->st_gid, .rdev = (uint32_t)st->st_rdev, .blksize = (uint32_t)st->st_blksize,
	};
}

static int stat_fd(int fd, struct stat *st)
{
	return fstatat(fd, "", st, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) ? -errno : 0;
}

/*
 * Kernel interfaces mounted in the shared tree (the host's /proc, /sys,
 * ...) are not files: through them the guest would read, or as root
 * write, the host kernel's and uvmm's own state. Their mount points show
 * as empty directories (the guest mounts its own there).
 */
bool fs_kernel_interface(int fd)
{
	static const long types[] = {
		PROC_SUPER_MAGIC, SYSFS_MAGIC, DEBUGFS_MAGIC, TRACEFS_MAGIC, SECURITYFS_MAGIC,
		CGROUP_SUPER_MAGIC, CGROUP2_SUPER_MAGIC, BPF_FS_MAGIC, EFIVARFS_MAGIC,
		PSTOREFS_MAGIC, BINFMTFS_MAGIC, 0x62656570 /* configfs */, 0x65735543 /* fusectl */,
	};
	struct statfs sf;

	if (fstatfs(fd, &sf))
		return true;	/* cannot tell: keep out */
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if ((long)sf.f_type == types[i])
			return true;
	return false;
}

/* Look name up under dir: a node (one more lookup) and its entry. */
static int lookup(struct fs_req *r, struct fs_inode *dir, const char *name,
		  struct fuse_entry_out *out)
{
	struct stat st;
	bool sealed;
	int fd, err, dfd;

	if (dir->sealed)
		return -ENOENT;
	dfd = node_fd(r, dir);
	if (dfd < 0)
		return dfd;
	fd = openat(dfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = stat_fd(fd, &st);
	if (err) {
		close(fd);
		return err;
	}
	sealed = dir->sealed || (st.st_dev != dir->dev && fs_kernel_interface(fd));
	memset(out, 0, sizeof(*out));
	out->nodeid = inode_put(&r->s->inodes, fd, st.st_dev, st.st_ino, st.st_mode, dir->id, name);
	if (!out->nodeid)
		return -ENFILE;
	if (sealed)
		node(r, out->nodeid)->sealed = true;
	out->entry_valid = out->attr_valid = ATTR_VALID;
	attr_from_stat(&out->attr, &st);
	return 0;
}

static uint32_t reply_entry(struct fs_req *r, struct fs_inode *dir, const char *name)
{
	struct fuse_entry_out out;
	int err = lookup(r, dir, name, &out);

	return err ? reply_err(r, -err) : reply(r, 0, &out, sizeof(out));
}

static uint32_t reply_attr(struct fs_req *r, struct fs_inode *n)
{
	struct fuse_attr_out out = { .attr_valid = ATTR_VALID };
	struct stat st;
	int fd = node_fd(r, n), err = fd < 0 ? fd : stat_fd(fd, &st);

	if (err)
		return reply_err(r, -err);
	attr_from_stat(&out.attr, &st);
	return reply(r, 0, &out, sizeof(out));
}

/*
 * Open the file an O_PATH descriptor names, itself: only a regular file
 * or a directory (a device, FIFO or socket in the share is the guest's
 * own: FUSE hands them to the guest kernel; a link is never followed).
 */
static int reopen_path(struct fs_req *r, int path_fd, mode_t type, int flags)
{
	char name[16];
	int fd;

	if (!S_ISREG(type) && !S_ISDIR(type))
		return -EACCES;
	snprintf(name, sizeof(name), "%d", path_fd);
	/* The magic link leads to that very inode: no O_NOFOLLOW here. */
	fd = openat(r->s->proc_fd, name,
		    (flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_NOFOLLOW)) | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* Open node n's file itself (n holds only an O_PATH descriptor). */
static int reopen(struct fs_req *r, struct fs_inode *n, int flags)
{
	int fd;

	if (n->sealed)
		return -EACCES;
	fd = node_fd(r, n);
	return fd < 0 ? fd : reopen_path(r, fd, n->type, flags);
}

/*
 * CREATE of a name that is there already (made meanwhile on the host, or
 * a guest driver that lies about its cache) opens the file, as open(2)
 * with O_CREAT would, but only a regular file: opening a FIFO would block
 * the worker until a writer came, and a device's open does things on the
 * host. So the name is looked at through an O_PATH descriptor first,
 * which opens nothing, and then reopened as that very inode.
 */
static int open_existing(struct fs_req *r, struct fs_inode *dir, const char *name, int flags)
{
	struct stat st;
	int fd = node_fd(r, dir), path_fd;

	if (fd < 0)
		return fd;
	path_fd = openat(fd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (path_fd < 0)
		return -errno;
	if (fstat(path_fd, &st))
		fd = -errno;
	else if (S_ISDIR(st.st_mode))
		fd = -EISDIR;		/* as open(2) says */
	else
		fd = reopen_path(r, path_fd, st.st_mode & S_IFMT, flags & ~O_EXCL);
	close(path_fd);
	return fd;
}

static bool writes(int flags)
{
	return (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC);
}

/* ---- operations ---- */

static uint32_t op_init(struct fs_req *r)
{
	const struct fuse_init_in *in = arg(r, offsetof(struct fuse_init_in, flags2));
	struct fuse_init_out out = { 0 };
	uint32_t want = FUSE_ASYNC_READ | FUSE_ATOMIC_O_TRUNC | FUSE_BIG_WRITES |
			FUSE_DO_READDIRPLUS | FUSE_READDIRPLUS_AUTO | FUSE_PARALLEL_DIROPS |
			FUSE_AUTO_INVAL_DATA | FUSE_MAX_PAGES | FUSE_CACHE_SYMLINKS;

	if (!in)
		return reply_err(r, EINVAL);
	out.major = FUSE_KERNEL_VERSION;
	out.minor = in->minor < FS_MINOR ? in->minor : FS_MINOR;
	if (in->major != FUSE_KERNEL_VERSION || in->minor < 27)
		return reply_err(r, EPROTO);
	out.max_readahead = in->max_readahead;
	out.flags = in->flags & want;
	out.max_background = 64;
	out.congestion_threshold = 48;
	out.max_write = r->s->max_write;
	out.time_gran = 1;
	out.max_pages = MAX_PAGES;
	return reply(r, 0, &out, sizeof(out));
}

static uint32_t op_lookup(struct fs_req *r, struct fs_inode *n)
{
	const char *name = arg_name(r, 0);

	if (!name)
		return reply_err(r, ENOENT);
	if (!S_ISDIR(n->type))
		return reply_err(r, ENOTDIR);
	return reply_entry(r, n, name);
}

static uint32_t op_forget(struct fs_req *r)
{
	const struct fuse_forget_in *in = arg(r, sizeof(*in));

	if (in)
		inode_forget(&r->s->inodes, r->in.nodeid, in->nlookup);
	return 0;	/* FORGET has no answer */
}

static uint32_t op_batch_forget(struct fs_req *r)
{
	const struct fuse_batch_forget_in *in = arg(r, sizeof(*in));
	const struct fuse_forget_one *one = (const void *)(r->arg + sizeof(*in));

	if (!in || in->count > (r->arglen - sizeof(*in)) / sizeof(*one))
		return 0;
	for (uint32_t i = 0; i < in->count; i++)
		inode_forget(&r->s->inodes, one[i].nodeid, one[i].nlookup);
	return 0;
}

static uint32_t op_readlink(struct fs_req *r, struct fs_inode *n)
{
	char buf[PATH_MAX];
	int fd = node_fd(r, n);
	ssize_t len = fd < 0 ? (errno = -fd, -1) : readlinkat(fd, "", buf, sizeof(buf));

	return len < 0 ? reply_err(r, errno) : reply(r, 0, buf, (size_t)len);
}

static uint32_t op_open(struct fs_req *r, struct fs_inode *n, bool dir)
{
	const struct fuse_open_in *in = arg(r, sizeof(*in));
	struct fuse_open_out out = { 0 };
	int fd, flags;
	DIR *d = NULL;

	if (!in)
		return reply_err(r, EINVAL);
	flags = dir ? O_RDONLY | O_DIRECTORY : (int)in->flags;
	if (r->s->ro && writes(flags))
		return reply_err(r, EROFS);
	if (dir != !!S_ISDIR(n->type))
		return reply_err(r, dir ? ENOTDIR : EISDIR);
	fd = reopen(r, n, flags);
	if (fd < 0)
		return reply_err(r, -fd);
	if (dir && !(d = fdopendir(fd))) {
		close(fd);
		return reply_err(r, ENOMEM);
	}
	out.fh = handle_new(r->s, fd, d);
	if (!out.fh) {
		if (d)
			closedir(d);
		else
			close(fd);
		return reply_err(r, ENFILE);
	}
	return reply(r, 0, &out, sizeof(out));
}

static uint32_t op_release(struct fs_req *r, bool dir)
{
	const struct fuse_release_in *in = arg(r, sizeof(*in));
	struct fs_handle *h = in ? handle(r, in->fh, dir) : NULL;

	if (h)
		handle_close(h);
	return reply_err(r, h ? 0 : EBADF);
}

static uint32_t op_read(struct fs_req *r)
{
	const struct fuse_read_in *in = arg(r, sizeof(*in));
	struct fs_handle *h = in ? handle(r, in->fh, false) : NULL;
	struct vpci_vq_elem *e = r->e;
	struct fuse_out_header oh = { .unique = r->in.unique };
	struct iovec v[VPCI_VQ_MAX_SEGS];
	size_t size;
	unsigned k;
	ssize_t n;

	if (!h)
		return reply_err(r, EBADF);
	if (e->in_len < sizeof(oh))
		return 0;
	size = in->size < e->in_len - sizeof(oh) ? in->size : e->in_len - sizeof(oh);
	k = iov_slice(e->iov + e->n_out, e->n_in, sizeof(oh), size, v, VPCI_VQ_MAX_SEGS);
	n = size ? preadv(h->fd, v, (int)k, (off_t)in->offset) : 0;
	if (n < 0)
		return reply_err(r, errno);
	oh.len = (uint32_t)(sizeof(oh) + (size_t)n);
	vpci_iov_from_buf(e->iov + e->n_out, e->n_in, 0, &oh, sizeof(oh));
	return oh.len;
}

static uint32_t op_write(struct fs_req *r)
{
	const struct fuse_write_in *in = arg(r, sizeof(*in));
	struct fs_handle *h = in ? handle(r, in->fh, false) : NULL;
	struct vpci_vq_elem *e = r->e;
	size_t at = sizeof(struct fuse_in_header) + sizeof(*in);
	struct iovec v[VPCI_VQ_MAX_SEGS];
	struct fuse_write_out out = { 0 };
	unsigned k;
	ssize_t n;

	if (!h)
		return reply_err(r, EBADF);
	if (r->s->ro)
		return reply_err(r, EROFS);
	if (in->size > e->out_len - at)
		return reply_err(r, EINVAL);
	k = iov_slice(e->iov, e->n_out, at, in->size, v, VPCI_VQ_MAX_SEGS);
	n = in->size ? pwritev(h->fd, v, (int)k, (off_t)in->offset) : 0;
	if (n < 0)
		return reply_err(r, errno);
	out.size = (uint32_t)n;
	return reply(r, 0, &out, sizeof(out));
}

/* READDIR(PLUS): entries after in->offset, as many as fit in in->size. */
static uint32_t op_readdir(struct fs_req *r, struct fs_inode *n, bool plus)
{
	const struct fuse_read_in *in = arg(r, sizeof(*in));
	struct fs_handle *h = in ? handle(r, in->fh, true) : NULL;
	size_t size, used = 0;
	uint8_t *buf;
	uint32_t ret;

	if (!h)
		return reply_err(r, EBADF);
	size = in->size < MAX_PAGES * 4096u ? in->size : MAX_PAGES * 4096u;
	buf = calloc(1, size ? size : 1);
	if (!buf)
		return reply_err(r, ENOMEM);
	if ((long)in->offset != h->dir_pos) {
		seekdir(h->dir, (long)in->offset);
		h->dir_pos = (long)in->offset;
	}
	for (;;) {
		struct dirent *de;
		size_t nlen, ent;
		long pos;

		errno = 0;
		de = readdir(h->dir);
		if (!de)
			break;
		pos = telldir(h->dir);
		nlen = strlen(de->d_name);
		ent = FUSE_DIRENT_ALIGN((plus ? FUSE_NAME_OFFSET_DIRENTPLUS : FUSE_NAME_OFFSET) + nlen);
		if (used + ent > size) {
			seekdir(h->dir, h->dir_pos);	/* this one goes in the next reply */
			break;
		}
		if (plus) {
			struct fuse_direntplus *dp = (void *)(buf + used);
			bool dot = !strcmp(de->d_name, ".") || !strcmp(de->d_name, "..");

			/* "." and ".." are not looked up: the guest knows them. */
			if (!dot && lookup(r, n, de->d_name, &dp->entry_out))
				memset(&dp->entry_out, 0, sizeof(dp->entry_out));
			dp->dirent = (struct fuse_dirent){
				.ino = de->d_ino, .off = (uint64_t)pos, .namelen = (uint32_t)nlen,
				.type = de->d_type,
			};
			memcpy(dp->dirent.name, de->d_name, nlen);
		} else {
			struct fuse_dirent *d = (void *)(buf + used);

			*d = (struct fuse_dirent){
				.ino = de->d_ino, .off = (uint64_t)pos, .namelen = (uint32_t)nlen,
				.type = de->d_type,
			};
			memcpy(d->name, de->d_name, nlen);
		}
		used += ent;
		h->dir_pos = pos;
	}
	ret = reply(r, 0, buf, used);
	free(buf);
	return ret;
}

static uint32_t op_statfs(struct fs_req *r, struct fs_inode *n)
{
	struct fuse_statfs_out out = { 0 };
	struct statvfs sv;
	int fd = node_fd(r, n);

	if (fd < 0)
		return reply_err(r, -fd);
	if (fstatvfs(fd, &sv))
		return reply_err(r, errno);
	out.st = (struct fuse_kstatfs){
		.blocks = sv.f_blocks, .bfree = sv.f_bfree, .bavail = sv.f_bavail,
		.files = sv.f_files, .ffree = sv.f_ffree, .bsize = (uint32_t)sv.f_bsize,
		.namelen = (uint32_t)sv.f_namemax, .frsize = (uint32_t)sv.f_frsize,
	};
	return reply(r, 0, &out, sizeof(out));
}

static uint32_t op_setattr(struct fs_req *r, struct fs_inode *n)
{
	const struct fuse_setattr_in *in = arg(r, sizeof(*in));
	struct fs_handle *h = NULL;
	char name[16];
	int fd, nfd;

	if (!in)
		return reply_err(r, EINVAL);
	if (r->s->ro)
		return reply_err(r, EROFS);
	if (in->valid & FATTR_FH)
		h = handle(r, in->fh, false);
	nfd = node_fd(r, n);
	if (nfd < 0)
		return reply_err(r, -nfd);
	snprintf(name, sizeof(name), "%d", nfd);
	if ((in->valid & FATTR_MODE) && !S_ISLNK(n->type) &&
	    fchmodat(r->s->proc_fd, name, in->mode & 07777, 0))
		return reply_err(r, errno);
	if ((in->valid & (FATTR_UID | FATTR_GID)) &&
	    fchownat(nfd, "", (in->valid & FATTR_UID) ? in->uid : (uid_t)-1,
		     (in->valid & FATTR_GID) ? in->gid : (gid_t)-1,
		     AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
		return reply_err(r, errno);
	if (in->valid & FATTR_SIZE) {
		if (!S_ISREG(n->type))
			return reply_err(r, EINVAL);
		fd = h ? h->fd : reopen(r, n, O_WRONLY);
		if (fd < 0)
			return reply_err(r, -fd);
		if (ftruncate(fd, (off_t)in->size)) {
			int err = errno;

			if (!h)
				close(fd);
			return reply_err(r, err);
		}
		if (!h)
			close(fd);
	}
	if (in->valid & (FATTR_ATIME | FATTR_MTIME)) {
		struct timespec ts[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };

		if (in->valid & FATTR_ATIME)
			ts[0] = (in->valid & FATTR_ATIME_NOW) ? (struct timespec){ 0, UTIME_NOW } :
				(struct timespec){ (time_t)in->atime, in->atimensec };
		if (in->valid & FATTR_MTIME)
			ts[1] = (in->valid & FATTR_MTIME_NOW) ? (struct timespec){ 0, UTIME_NOW } :
				(struct timespec){ (time_t)in->mtime, in->mtimensec };
		if (S_ISLNK(n->type) ? utimensat(nfd, "", ts, AT_EMPTY_PATH)
				     : utimensat(r->s->proc_fd, name, ts, 0))
			return reply_err(r, errno);
	}
	return reply_attr(r, n);
}

static uint32_t op_mknod_mkdir(struct fs_req *r, struct fs_inode *n, bool dir)
{
	size_t off = dir ? sizeof(struct fuse_mkdir_in) : sizeof(struct fuse_mknod_in);
	const char *name = arg_name(r, off);
	int rc, fd = node_fd(r, n);

	if (!name)
		return reply_err(r, EINVAL);
	if (r->s->ro)
		return reply_err(r, EROFS);
	if (fd < 0)
		return reply_err(r, -fd);
	if (dir) {
		const struct fuse_mkdir_in *in = (const void *)r->arg;

		rc = mkdirat(fd, name, in->mode & ~in->umask & 07777);
	} else {
		const struct fuse_mknod_in *in = (const void *)r->arg;

		/* Regular files, FIFOs and sockets: device nodes need privileges we do
		 * not lend the guest. */
		if (!S_ISREG(in->mode) && !S_ISFIFO(in->mode) && !S_ISSOCK(in->mode))
			return reply_err(r, EPERM);
		rc = mknodat(fd, name, in->mode & ~in->umask, 0);
	}
	return rc ? reply_err(r, errno) : reply_entry(r, n, name);
}

static uint32_t op_symlink(struct fs_req *r, struct fs_inode *n)
{
	const char *name = arg_name(r, 0);
	const char *target = name ? arg_str(r, strlen(name) + 1) : NULL;
	int fd;

	if (!name || !target)
		return reply_err(r, EINVAL);
	if (r->s->ro)
		return reply_err(r, EROFS);
	fd = node_fd(r, n);
	if (fd < 0)
		return reply_err(r, -fd);
	return symlinkat(target, fd, name) ? reply_err(r, errno) : reply_entry(r, n, name);
}

/*
 * The node of name in directory dfd, if the guest has one, with its
 * descriptor taken now, while the name still leads to it: the name is
 * about to go or to move.
 */
static struct fs_inode *named_node(struct fs_req *r, int dfd, const char *name)
{
	struct fs_inode *n;
	struct stat st;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW))
		return NULL;
	n = inode_find(&r->s->inodes, st.st_dev, st.st_ino);
	return n && node_fd(r, n) >= 0 ? n : NULL;
}

static uint32_t op_unlink(struct fs_req *r, struct fs_inode *n, bool dir)
{
	const char *name = arg_name(r, 0);
	struct fs_inode *gone;
	int fd;

	if (!name)
		return reply_err(r, EINVAL);
	if (r->s->ro)
		return reply_err(r, EROFS);
	fd = node_fd(r, n);
	if (fd < 0)
		return reply_err(r, -fd);
	gone = named_node(r, fd, name);
	if (unlinkat(fd, name, dir ? AT_REMOVEDIR : 0))
		return reply_err(r, errno);
	if (gone)
		inode_pin(&r->s->inodes, gone);		/* the guest may still use it */
	return reply_err(r, 0);
}

static uint32_t op_rename(struct fs_req *r, struct fs_inode *n, bool two)
{
	size_t off = two ? sizeof(struct fuse_rename2_in) : sizeof(struct fuse_rename_in);
	const struct fuse_rename2_in *in2 = arg(r, off);
	const char *from = arg_name(r, off);
	const char *to = from ? arg_name(r, off + strlen(from) + 1) : NULL;
	struct fs_inode *newdir = in2 ? node(r, in2->newdir) : NULL, *moved, *replaced;
	struct inode_table *t = &r->s->inodes;
	int from_fd, to_fd, err = 0;
	unsigned flags;

	if (!from || !to || !newdir)
		return reply_err(r, EINVAL);
	flags = two ? in2->flags : 0;
	if (r->s->ro)
		return reply_err(r, EROFS);
	inode_hold(newdir);
	from_fd = node_fd(r, n);
	to_fd = from_fd < 0 ? from_fd : node_fd(r, newdir);
	if (to_fd < 0) {
		err = -to_fd;
		goto out;
	}
	moved = named_node(r, from_fd, from);
	replaced = named_node(r, to_fd, to);
	if (renameat2(from_fd, from, to_fd, to, flags)) {
		err = errno;
		goto out;
	}
	if (replaced && replaced != moved) {	/* one file's two names: nothing moved */
		if (flags & RENAME_EXCHANGE)
			inode_move(t, replaced, n->id, from);
		else
			inode_pin(t, replaced);
	}
	if (moved && replaced != moved)
		inode_move(t, moved, newdir->id, to);
out:
	inode_unhold(t, newdir);
	return reply_err(r, err);
}

static uint32_t op_link(struct fs_req *r, struct fs_inode *n)
{
	const struct fuse_link_in *in = arg(r, sizeof(*in));
	struct fs_inode *old = in ? node(r, in->oldnodeid) : NULL;
	const char *name = arg_name(r, sizeof(*in));
	char oldname[16];
	int old_fd, fd;

	if (!old || !name)
		return reply_err(r, EINVAL);
	if (r->s->ro)
		return reply_err(r, EROFS);
	if (S_ISDIR(old->type))
		return reply_err(r, EPERM);
	old_fd = node_fd(r, old);
	fd = old_fd < 0 ? old_fd : node_fd(r, n);
	if (fd < 0)
		return reply_err(r, -fd);
	/* Through /proc: AT_EMPTY_PATH would need CAP_DAC_READ_SEARCH. */
	snprintf(oldname, sizeof(oldname), "%d", old_fd);
	if (linkat(r->s->proc_fd, oldname, fd, name, AT_SYMLINK_FOLLOW))
		return reply_err(r, errno);
	return reply_entry(r, n, name);
}

static uint32_t op_create(struct fs_req *r, struct fs_inode *n)
{
	const struct fuse_create_in *in = arg(r, sizeof(*in));
	const char *name = arg_name(r, sizeof(*in));
	struct {
		struct fuse_entry_out entry;
		struct fuse_open_out open;
	} out;
	int fd, err;

	memset(&out, 0, sizeof(out));
	if (!in || !name)
		return reply_err(r, EINVAL);
	if (r->s->ro)
		return reply_err(r, EROFS);
	fd = node_fd(r, n);
	if (fd < 0)
		return reply_err(r, -fd);
	fd = openat(fd, name,
		    ((int)in->flags | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC) & ~O_NOCTTY,
		    in->mode & ~in->umask & 07777);
	if (fd < 0 && errno == EEXIST && !(in->flags & O_EXCL))
		fd = open_existing(r, n, name, (int)in->flags);
	else if (fd < 0)
		fd = -errno;
	if (fd < 0)
		return reply_err(r, -fd);
	err = lookup(r, n, name, &out.entry);
	if (!err && !(out.open.fh = handle_new(r->s, fd, NULL)))
		err = -ENFILE;
	if (err) {
		close(fd);
		return reply_err(r, -err);
	}
	return reply(r, 0, &out, sizeof(out));
}

static uint32_t op_fsync(struct fs_req *r, bool dir)
{
	const struct fuse_fsync_in *in = arg(r, sizeof(*in));
	struct fs_handle *h = in ? handle(r, in->fh, dir) : NULL;

	if (!h)
		return reply_err(r, EBADF);
	return reply_err(r, ((in->fsync_flags & 1) ? fdatasync(h->fd) : fsync(h->fd)) ? errno : 0);
}

static uint32_t op_fallocate(struct fs_req *r)
{
	const struct fuse_fallocate_in *in = arg(r, sizeof(*in));
	struct fs_handle *h = in ? handle(r, in->fh, false) : NULL;

	if (!h)
		return reply_err(r, EBADF);
	if (r->s->ro)
		return reply_err(r, EROFS);
	return reply_err(r, fallocate(h->fd, (int)in->mode, (off_t)in->offset,
				      (off_t)in->length) ? errno : 0);
}

static uint32_t op_lseek(struct fs_req *r)
{
	const struct fuse_lseek_in *in = arg(r, sizeof(*in));
	struct fs_handle *h = in ? handle(r, in->fh, false) : NULL;
	struct fuse_lseek_out out;
	off_t o;

	if (!h)
		return reply_err(r, EBADF);
	o = lseek(h->fd, (off_t)in->offset, (int)in->whence);
	if (o < 0)
		return reply_err(r, errno);
	out.offset = (uint64_t)o;
	return reply(r, 0, &out, sizeof(out));
}

static uint32_t node_op(struct fs_req *r, struct fs_inode *n);

uint32_t fuse_dispatch(struct fs_req *r)
{
	uint32_t op = r->in.opcode, ret;
	struct fs_inode *n;

	inode_table_next_request(&r->s->inodes);
	switch (op) {
	case FUSE_INIT:
		return op_init(r);
	case FUSE_DESTROY:
		fs_close_handles(r->s);
		return reply_err(r, 0);
	case FUSE_FORGET:
		return op_forget(r);
	case FUSE_BATCH_FORGET:
		return op_batch_forget(r);
	case FUSE_READ:
		return op_read(r);
	case FUSE_WRITE:
		return op_write(r);
	case FUSE_RELEASE:
	case FUSE_RELEASEDIR:
		return op_release(r, op == FUSE_RELEASEDIR);
	case FUSE_FSYNC:
	case FUSE_FSYNCDIR:
		return op_fsync(r, op == FUSE_FSYNCDIR);
	case FUSE_FLUSH:
		return reply_err(r, 0);
	case FUSE_FALLOCATE:
		return op_fallocate(r);
	case FUSE_LSEEK:
		return op_lseek(r);
	case FUSE_INTERRUPT:
		return 0;
	}
	/* The rest name a node, which stays while it is served. */
	n = node(r, r->in.nodeid);
	if (!n)
		return reply_err(r, ESTALE);
	inode_hold(n);
	ret = node_op(r, n);
	inode_unhold(&r->s->inodes, n);
	return ret;
}

static uint32_t node_op(struct fs_req *r, struct fs_inode *n)
{
	uint32_t op = r->in.opcode;

	switch (op) {
	case FUSE_LOOKUP:
		return op_lookup(r, n);
	case FUSE_GETATTR:
		return reply_attr(r, n);
	case FUSE_SETATTR:
		return op_setattr(r, n);
	case FUSE_READLINK:
		return op_readlink(r, n);
	case FUSE_OPEN:
	case FUSE_OPENDIR:
		return op_open(r, n, op == FUSE_OPENDIR);
	case FUSE_READDIR:
	case FUSE_READDIRPLUS:
		return op_readdir(r, n, op == FUSE_READDIRPLUS);
	case FUSE_STATFS:
		return op_statfs(r, n);
	case FUSE_MKNOD:
	case FUSE_MKDIR:
		return op_mknod_mkdir(r, n, op == FUSE_MKDIR);
	case FUSE_SYMLINK:
		return op_symlink(r, n);
	case FUSE_UNLINK:
	case FUSE_RMDIR:
		return op_unlink(r, n, op == FUSE_RMDIR);
	case FUSE_RENAME:
	case FUSE_RENAME2:
		return op_rename(r, n, op == FUSE_RENAME2);
	case FUSE_LINK:
		return op_link(r, n);
	case FUSE_CREATE:
		return op_create(r, n);
	default:
		/* xattrs, locks, ACCESS, ...: the guest falls back (ENOSYS). */
		return reply_err(r, ENOSYS);
	}
}
