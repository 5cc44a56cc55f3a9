// SPDX-License-Identifier: GPL-2.0
/* Disk images for virtio-blk (disk.h). */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "virtio/disk.h"

unsigned iov_slice(const struct iovec *src, unsigned n, size_t skip, size_t len,
		   struct iovec *dst, unsigned max)
{
	unsigned k = 0;

	for (unsigned i = 0; i < n && len; i++) {
		size_t l = src[i].iov_len, c;

		if (skip >= l) {
			skip -= l;
			continue;
		}
		if (k == max)
			return 0;
		c = l - skip < len ? l - skip : len;
		dst[k++] = (struct iovec){ (char *)src[i].iov_base + skip, c };
		len -= c;
		skip = 0;
	}
	return len ? 0 : k;
}

static size_t iov_len(const struct iovec *iov, unsigned n)
{
	size_t t = 0;

	for (unsigned i = 0; i < n; i++)
		t += iov[i].iov_len;
	return t;
}

/* Whole transfers: preadv/pwritev until done (short ones are not errors). */
static int xfer(int fd, uint64_t off, const struct iovec *iov, unsigned n, bool write)
{
	struct iovec v[1024];
	size_t total = iov_len(iov, n), done = 0;

	while (done < total) {
		unsigned k = iov_slice(iov, n, done, total - done, v, 1024);
		ssize_t r;

		if (!k)
			return -EINVAL;
		r = write ? pwritev(fd, v, (int)k, (off_t)(off + done))
			  : preadv(fd, v, (int)k, (off_t)(off + done));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0) {
			if (write)
				return -EIO;
			/* Past the end of a file shorter than the disk: zeros. */
			for (unsigned i = 0; i < k; i++)
				memset(v[i].iov_base, 0, v[i].iov_len);
			r = (ssize_t)iov_len(v, k);
		}
		done += (size_t)r;
	}
	return 0;
}

static bool cow_has(const struct disk *d, uint64_t chunk)
{
	return d->cow_map[chunk / 64] & (1ULL << (chunk % 64));
}

/* Snapshot read: runs of chunks from the layer or from the image. */
static int cow_read(struct disk *d, uint64_t off, const struct iovec *iov, unsigned n)
{
	size_t total = iov_len(iov, n), done = 0;
	struct iovec v[1024];

	while (done < total) {
		uint64_t pos = off + done, chunk = pos / DISK_CHUNK;
		bool in_cow = cow_has(d, chunk);
		uint64_t end = (chunk + 1) * DISK_CHUNK;
		unsigned k;
		int r;

		while (end < off + total && cow_has(d, end / DISK_CHUNK) == in_cow)
			end += DISK_CHUNK;
		if (end > off + total)
			end = off + total;
		k = iov_slice(iov, n, done, end - pos, v, 1024);
		if (!k)
			return -EINVAL;
		r = xfer(in_cow ? d->cow_fd : d->fd, pos, v, k, false);
		if (r)
			return r;
		done += end - pos;
	}
	return 0;
}

/* Snapshot write: partial chunks are first copied up from the image. */
static int cow_write(struct disk *d, uint64_t off, const struct iovec *iov, unsigned n)
{
	size_t total = iov_len(iov, n);
	uint64_t first = off / DISK_CHUNK, last = (off + total - 1) / DISK_CHUNK;
	uint64_t ends[2] = { first, last };
	char buf[DISK_CHUNK];
	int r;

	if (!total)
		return 0;
	for (unsigned i = 0; i < (first == last ? 1u : 2u); i++) {
		uint64_t c = ends[i];
		struct iovec one = { buf, DISK_CHUNK };
		bool partial = (c == first && off % DISK_CHUNK) ||
			       (c == last && (off + total) % DISK_CHUNK);

		if (partial && !cow_has(d, c)) {
			if ((r = xfer(d->fd, c * DISK_CHUNK, &one, 1, false)) ||
			    (r = xfer(d->cow_fd, c * DISK_CHUNK, &one, 1, true)))
				return r;
			d->cow_map[c / 64] |= 1ULL << (c % 64);
		}
	}
	r = xfer(d->cow_fd, off, iov, n, true);
	if (r)
		return r;
	for (uint64_t c = first; c <= last; c++)
		d->cow_map[c / 64] |= 1ULL << (c % 64);
	return 0;
}

int disk_read(struct disk *d, uint64_t off, const struct iovec *iov, unsigned n)
{
	return d->snapshot ? cow_read(d, off, iov, n) : xfer(d->fd, off, iov, n, false);
}

int disk_write(struct disk *d, uint64_t off, const struct iovec *iov, unsigned n)
{
	if (d->ro)
		return -EROFS;
	return d->snapshot ? cow_write(d, off, iov, n) : xfer(d->fd, off, iov, n, true);
}

int disk_flush(struct disk *d)
{
	if (d->snapshot || d->ro)
		return 0;	/* nothing of the guest's goes to the image */
	return fdatasync(d->fd) ? -errno : 0;
}

int disk_discard(struct disk *d, uint64_t off, uint64_t len)
{
	if (d->ro)
		return -EROFS;
	if (!d->can_discard)
		return -EOPNOTSUPP;
	return fallocate(d->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)off,
			 (off_t)len) ? -errno : 0;
}

static int fail(struct disk *d, char *err, size_t errlen, const char *path, const char *why)
{
	snprintf(err, errlen, "--disk %s: %s", path, why);
	disk_close(d);
	return -1;
}

int disk_open(struct disk *d, const struct disk_spec *s, char *err, size_t errlen)
{
	bool writes = !s->ro && !s->snapshot;
	const char *base = strrchr(s->path, '/');
	struct stat st;
	uint64_t bytes;

	memset(d, 0, sizeof(*d));
	d->fd = d->cow_fd = -1;
	d->ro = s->ro;
	d->snapshot = s->snapshot;
	d->fd = open(s->path, (writes ? O_RDWR : O_RDONLY) | O_CLOEXEC);
	if (d->fd < 0)
		return fail(d, err, errlen, s->path, strerror(errno));
	if (fstat(d->fd, &st))
		return fail(d, err, errlen, s->path, strerror(errno));
	if (S_ISBLK(st.st_mode)) {
		if (ioctl(d->fd, BLKGETSIZE64, &bytes))
			return fail(d, err, errlen, s->path, strerror(errno));
	} else if (S_ISREG(st.st_mode)) {
		bytes = (uint64_t)st.st_size;
	} else {
		return fail(d, err, errlen, s->path, "not a regular file or block device");
	}
	if (bytes < DISK_SECTOR)
		return fail(d, err, errlen, s->path, "image too small (less than one 512-byte sector)");
	/* Two writers would corrupt each other; readers may share. */
	if (flock(d->fd, (writes ? LOCK_EX : LOCK_SH) | LOCK_NB))
		return fail(d, err, errlen, s->path, errno == EWOULDBLOCK ?
			    "in use by another process (locked)" : strerror(errno));
	d->size = bytes / DISK_SECTOR * DISK_SECTOR;
	if (s->snapshot) {
		uint64_t chunks = (d->size + DISK_CHUNK - 1) / DISK_CHUNK;

		d->cow_fd = memfd_create("uvmm-disk-snapshot", MFD_CLOEXEC);
		d->cow_map = calloc((chunks + 63) / 64, sizeof(uint64_t));
		if (d->cow_fd < 0 || !d->cow_map || ftruncate(d->cow_fd, (off_t)d->size))
			return fail(d, err, errlen, s->path, "cannot make the snapshot layer");
	}
	/* Hole punching past the end changes nothing: a probe. */
	d->can_discard = writes && S_ISREG(st.st_mode) &&
			 !fallocate(d->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
				    (off_t)(bytes + DISK_CHUNK), (off_t)DISK_CHUNK);
	snprintf(d->id, sizeof(d->id), "%s", base ? base + 1 : s->path);
	return 0;
}

void disk_close(struct disk *d)
{
	if (d->fd >= 0)
		close(d->fd);
	if (d->cow_fd >= 0)
		close(d->cow_fd);
	free(d->cow_map);
	d->fd = d->cow_fd = -1;
	d->cow_map = NULL;
}
