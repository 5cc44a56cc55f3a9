// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio-fs device of a --share: queue 0 for high-priority requests
 * (FORGET), queue 1 for the rest, both served by the device's worker;
 * the configuration holds the tag the guest mounts by.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/virtio_fs.h>
#include <linux/virtio_ids.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "virtio/dev.h"
#include "virtio/fs/fs.h"

#define FS_QUEUE_SIZE	128

uint32_t fs_serve(struct fs_share *s, struct vpci_vq_elem *e)
{
	static __thread struct fs_req r;
	size_t len;

	if (e->out_len < sizeof(r.in))
		return 0;	/* not even a header: nothing to answer */
	r.s = s;
	r.e = e;
	vpci_iov_to_buf(e->iov, e->n_out, 0, &r.in, sizeof(r.in));
	len = e->out_len - sizeof(r.in);
	/* A write's data is taken from the request's buffers, not copied. */
	if (r.in.opcode == FUSE_WRITE && len > sizeof(struct fuse_write_in))
		len = sizeof(struct fuse_write_in);
	if (len > sizeof(r.arg))
		len = sizeof(r.arg);
	r.arglen = vpci_iov_to_buf(e->iov, e->n_out, sizeof(r.in), r.arg, len);
	return fuse_dispatch(&r);
}

static uint32_t fs_handle(struct virtio_dev *d, unsigned q, struct vpci_vq_elem *e)
{
	(void)q;
	return fs_serve(d->model, e);
}

void fs_share_close(struct fs_share *s)
{
	fs_close_handles(s);
	free(s->handle);
	s->handle = NULL;
	s->nhandles = 0;
	if (s->inodes.bucket)
		inode_table_free(&s->inodes);
	if (s->proc_fd >= 0)
		close(s->proc_fd);
	s->proc_fd = -1;
}

static void fs_free(struct virtio_dev *d)
{
	fs_share_close(d->model);
	free(d->model);
}

static int fail(struct fs_share *s, char *err, size_t errlen, const char *dir, const char *why)
{
	snprintf(err, errlen, "--share %s: %s", dir, why);
	fs_share_close(s);
	return -1;
}

int fs_share_open(struct fs_share *s, const struct share_spec *spec, char *err, size_t errlen)
{
	struct stat st;
	int fd;

	memset(s, 0, sizeof(*s));
	s->proc_fd = -1;
	s->ro = spec->ro;
	s->max_write = MAX_WRITE_BYTES;
	if (inode_table_init(&s->inodes))
		return fail(s, err, errlen, spec->dir, "out of memory");
	fd = open(spec->dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return fail(s, err, errlen, spec->dir, strerror(errno));
	if (fstat(fd, &st)) {
		close(fd);
		return fail(s, err, errlen, spec->dir, strerror(errno));
	}
	if (fs_kernel_interface(fd)) {
		close(fd);
		return fail(s, err, errlen, spec->dir, "a kernel interface (procfs, sysfs, ...), not files");
	}
	/* Reading it is what the share is for: one line now, not EACCES later. */
	if (faccessat(AT_FDCWD, spec->dir, R_OK | X_OK, AT_EACCESS)) {
		close(fd);
		return fail(s, err, errlen, spec->dir, "not readable and searchable by this user");
	}
	inode_put(&s->inodes, fd, st.st_dev, st.st_ino, st.st_mode, 0, NULL);	/* node ID 1 */
	s->proc_fd = open("/proc/self/fd", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (s->proc_fd < 0)
		return fail(s, err, errlen, spec->dir, "cannot open /proc/self/fd (is /proc mounted?)");
	return 0;
}

struct virtio_dev *virtio_fs_add(struct vpci_bus *bus, const struct vpci_dma *dma,
				 const struct share_spec *spec, char *err, size_t errlen)
{
	struct virtio_fs_config cfg = { .num_request_queues = 1 };
	struct vpci_virtio_info info = {
		.name = "virtio-fs",
		.type = VIRTIO_ID_FS,
		.class_code = 0x018000,		/* mass storage, other */
		.nr_queues = 2,
		.queue_size = FS_QUEUE_SIZE,
		.config = &cfg,
		.config_len = sizeof(cfg),
	};
	struct virtio_dev *d;
	struct fs_share *s = calloc(1, sizeof(*s));

	if (!s) {
		snprintf(err, errlen, "--share %s: out of memory", spec->dir);
		return NULL;
	}
	if (fs_share_open(s, spec, err, errlen)) {
		free(s);
		return NULL;
	}
	memcpy(cfg.tag, spec->tag, strnlen(spec->tag, sizeof(cfg.tag)));
	d = calloc(1, sizeof(*d));
	if (!d) {
		fail(s, err, errlen, spec->dir, "out of memory");
		free(s);
		return NULL;
	}
	d->handle = fs_handle;
	d->free_model = fs_free;
	d->role = JAIL_SHARE;
	d->model = s;
	return virtio_dev_plug(d, bus, &info, dma, err, errlen) ? NULL : d;
}
