// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: virtio-blk's request handling (uvmm/virtio/blk.c) under
 * a hostile guest driver, on three disks opened once: read-write, read-only
 * and snapshot, each a 64 KiB image in a temporary directory. The input is
 * a run of requests: a byte choosing the disk, the numbers of readable and
 * writable buffers (at most 8 each), a 2-byte length per buffer, then the
 * bytes of the readable ones (header, data, discard segments: lengths,
 * sectors and types that lie included). No crash or access outside the
 * buffers (ASan), every answer fits the writable buffers with its status
 * byte last, the images keep their size, and the read-only and snapshot
 * images keep their bytes.
 */
#include <linux/virtio_blk.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "virtio/blk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define IMAGE_SIZE	65536
#define MAX_BUFS	8

static char dir[256], paths[3][300];
static struct disk disks[3];
static uint8_t pristine[IMAGE_SIZE];
static uint8_t bufs[2 * MAX_BUFS][8192];

static void cleanup(void)
{
	for (int i = 0; i < 3; i++) {
		disk_close(&disks[i]);
		unlink(paths[i]);
	}
	rmdir(dir);
}

static void setup_once(void)
{
	static const char *const names[3] = { "rw.img", "ro.img", "snap.img" };
	char err[256];

	for (size_t i = 0; i < sizeof(pristine); i++)
		pristine[i] = (uint8_t)(i * 7 + 3);
	snprintf(dir, sizeof(dir), "%s/uvmm-fuzz-blk.XXXXXX", getenv("TMPDIR") ?: "/tmp");
	if (!mkdtemp(dir))
		abort();
	for (int i = 0; i < 3; i++) {
		struct disk_spec spec = { .path = paths[i], .ro = i == 1, .snapshot = i == 2 };
		FILE *f;

		snprintf(paths[i], sizeof(paths[i]), "%s/%s", dir, names[i]);
		f = fopen(paths[i], "w");
		if (!f || fwrite(pristine, 1, sizeof(pristine), f) != sizeof(pristine) || fclose(f))
			abort();
		if (disk_open(&disks[i], &spec, err, sizeof(err))) {
			fprintf(stderr, "%s\n", err);
			abort();
		}
	}
	atexit(cleanup);
}

/* The image file at path has its size, and its first bytes if pristine. */
static void image_ok(const char *path, bool unchanged)
{
	static uint8_t now[IMAGE_SIZE];
	struct stat st;
	FILE *f = fopen(path, "r");

	if (!f || fstat(fileno(f), &st) || st.st_size != IMAGE_SIZE)
		abort();
	if (unchanged && (fread(now, 1, sizeof(now), f) != sizeof(now) ||
			  memcmp(now, pristine, sizeof(now))))
		abort();
	fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;

	if (!ready) {
		setup_once();
		ready = 1;
	}
	while (size >= 3) {
		struct disk *disk = &disks[data[0] % 3];
		unsigned n_out = data[1] % (MAX_BUFS + 1), n_in = data[2] % (MAX_BUFS + 1);
		struct vpci_vq_elem e;
		uint32_t w;

		data += 3;
		size -= 3;
		if (size < 2 * (n_out + n_in))
			break;
		memset(&e, 0, sizeof(e));
		/* The walker hands devices no empty buffers (vpci/virtqueue.c). */
		for (unsigned i = 0; i < n_out + n_in; i++) {
			size_t len = 1 + (data[0] | data[1] << 8) % sizeof(bufs[0]);

			data += 2;
			size -= 2;
			e.iov[i] = (struct iovec){ bufs[i], len };
			if (i < n_out)
				e.out_len += len;
			else
				e.in_len += len;
		}
		e.n_out = n_out;
		e.n_in = n_in;
		for (unsigned i = 0; i < n_out; i++) {
			size_t len = e.iov[i].iov_len < size ? e.iov[i].iov_len : size;

			memcpy(bufs[i], data, len);
			data += len;
			size -= len;
		}
		for (unsigned i = n_out; i < n_out + n_in; i++)
			memset(bufs[i], 0xee, e.iov[i].iov_len);
		w = virtio_blk_serve(disk, &e);
		if (w > e.in_len || (e.in_len && !w) || (!e.in_len && w))
			abort();
		if (e.in_len) {
			const struct iovec *last = &e.iov[n_out + n_in - 1];
			uint8_t status = ((uint8_t *)last->iov_base)[last->iov_len - 1];

			if (status != VIRTIO_BLK_S_OK && status != VIRTIO_BLK_S_IOERR &&
			    status != VIRTIO_BLK_S_UNSUPP)
				abort();
		}
	}
	image_ok(paths[0], false);
	image_ok(paths[1], true);
	image_ok(paths[2], true);
	return 0;
}
