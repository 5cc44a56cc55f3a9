// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the virtio-fs server (uvmm/virtio/fs/) under a hostile
 * guest driver. The input is a run of FUSE requests, each a 2-byte length,
 * a 2-byte reply size and that many request bytes (header and arguments
 * as the driver wrote them, lengths that lie included), served in order by
 * a server opened afresh on a share in a temporary directory. That
 * directory has a sibling with a secret file, and the share links to it.
 * No crash, every answer fits its buffer and says so, and the secret is
 * neither changed nor gone. File sizes are held to 1 MiB (RLIMIT_FSIZE),
 * so that writes and fallocate cannot fill the disk.
 */
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "virtio/devices.h"
#include "virtio/fs/fs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SECRET "secret-bytes"

static char dir[256], share[300], secret[300];
static uint8_t req[70000], rsp[65536];

static void make(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f))
		abort();
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

/* The temporary tree goes with the fuzzer. */
static void cleanup(void)
{
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void setup_once(void)
{
	struct rlimit fsize = { 1 << 20, 1 << 20 };
	char p[400];

	snprintf(dir, sizeof(dir), "%s/uvmm-fuzz-fs.XXXXXX", getenv("TMPDIR") ?: "/tmp");
	if (!mkdtemp(dir))
		abort();
	atexit(cleanup);
	snprintf(share, sizeof(share), "%s/share", dir);
	snprintf(secret, sizeof(secret), "%s/outside/secret", dir);
	snprintf(p, sizeof(p), "%s/outside", dir);
	if (mkdir(share, 0755) || mkdir(p, 0755))
		abort();
	make(secret, SECRET);
	snprintf(p, sizeof(p), "%s/file", share);
	make(p, "inside");
	snprintf(p, sizeof(p), "%s/sub", share);
	if (mkdir(p, 0755))
		abort();
	snprintf(p, sizeof(p), "%s/up", share);
	if (symlink("../outside", p))
		abort();
	signal(SIGXFSZ, SIG_IGN);
	setrlimit(RLIMIT_FSIZE, &fsize);
}

static void secret_intact(void)
{
	char buf[64] = "";
	FILE *f = fopen(secret, "r");

	if (!f || !fgets(buf, sizeof(buf), f) || strcmp(buf, SECRET))
		abort();
	fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct share_spec spec = { .ro = false };
	struct vpci_vq_elem e;
	struct fs_share s;
	char err[256];

	if (!ready) {
		setup_once();
		ready = 1;
	}
	memset(&s, 0, sizeof(s));
	spec.dir = share;
	strcpy(spec.tag, "t");
	if (fs_share_open(&s, &spec, err, sizeof(err)))
		abort();
	while (size >= 4) {
		size_t len = data[0] | data[1] << 8, cap = (data[2] | data[3] << 8) % sizeof(rsp);
		uint32_t w;

		data += 4;
		size -= 4;
		if (len > size)
			len = size;
		memcpy(req, data, len);
		data += len;
		size -= len;
		memset(&e, 0, sizeof(e));
		e.n_out = 1;
		e.n_in = cap ? 1 : 0;
		e.iov[0] = (struct iovec){ req, len };
		e.iov[1] = (struct iovec){ rsp, cap };
		e.out_len = len;
		e.in_len = cap;
		w = fs_serve(&s, &e);
		/* An answer fits its buffer and its header tells its length. */
		if (w > cap || (w >= 16 && ((struct fuse_out_header *)rsp)->len != w))
			abort();
	}
	fs_share_close(&s);
	secret_intact();
	return 0;
}
