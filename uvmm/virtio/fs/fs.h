/* SPDX-License-Identifier: GPL-2.0 */
/*
 * virtio-fs (virtio 1.2, 5.11) served by uvmm itself: a FUSE server over
 * one host directory. Files are named by O_PATH descriptors (the inode
 * table) and reached with *at() calls that never follow a symbolic link
 * and never take a name with a '/', so nothing outside the directory is
 * reachable from the guest, whatever it sends. Open files and directories
 * are handles in a table of ours: the guest never names a host descriptor.
 * Why our own server and not QEMU's virtiofsd: docs/virtio.md.
 */
#ifndef UVMM_VIRTIO_FS_FS_H
#define UVMM_VIRTIO_FS_FS_H

#include <dirent.h>
#include <linux/fuse.h>
#include <stdbool.h>
#include <stdint.h>

#include "virtio.h"
#include "virtio/fs/inode_table.h"

#define MAX_WRITE_BYTES	(1u << 20)
#define FS_ARG_MAX	(2 * 4096 + 512)	/* a request's arguments: two names, a link target */

struct fs_handle {
	int fd;				/* -1: free */
	DIR *dir;			/* directories: its stream (owns fd) */
	long dir_pos;			/* where the stream is (telldir) */
};

struct fs_share {
	struct inode_table inodes;
	struct fs_handle *handle;	/* handle fh is handle[fh - 1] */
	uint32_t nhandles;
	bool ro;
	int proc_fd;			/* /proc/self/fd: reopening an O_PATH descriptor */
	uint32_t max_write;
};

/* One request being served. */
struct fs_req {
	struct fs_share *s;
	struct vpci_vq_elem *e;
	struct fuse_in_header in;
	size_t arglen;
	uint8_t arg[FS_ARG_MAX];
};

struct share_spec;

/* fs_dev.c: open the share's directory (0, or -1 + "--share DIR: why"); close it. */
int fs_share_open(struct fs_share *s, const struct share_spec *spec, char *err, size_t errlen);
void fs_share_close(struct fs_share *s);
/* Serve one request; the bytes written into its writable buffers. */
uint32_t fs_serve(struct fs_share *s, struct vpci_vq_elem *e);

/* fuse_ops.c: serve r; the bytes written into its writable buffers. */
uint32_t fuse_dispatch(struct fs_req *r);
/* Is fd on a kernel interface (procfs, sysfs, ...) rather than files? */
bool fs_kernel_interface(int fd);
/* Close every handle (the share goes, or the driver said DESTROY). */
void fs_close_handles(struct fs_share *s);

#endif
