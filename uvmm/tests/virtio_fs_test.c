// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio-fs server as a hostile guest driver sees it: FUSE requests
 * crafted by hand (names with "..", "/" or no end, node IDs and file
 * handles made up, lengths that lie, replies that do not fit) and then
 * random ones, against a share in a temporary directory that has a
 * sibling outside it. Nothing outside the share may be read or changed,
 * and nothing may crash (ASan and UBSan watch).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "virtio/devices.h"
#include "virtio/fs/fs.h"

static struct fs_share S;
static struct vpci_vq_elem E;
static uint8_t req[16384], rsp[65536];
static char dir[256], share[300], outside[300];

/* One request: opcode, node, args; the reply's error (0 ok) and payload. */
static int call_sized(uint32_t op, uint64_t nodeid, const void *arg, size_t arglen, void *out,
		      size_t outlen, size_t rspcap, uint32_t *written)
{
	struct fuse_in_header *ih = (void *)req;
	struct fuse_out_header *oh = (void *)rsp;
	uint32_t w;

	memset(ih, 0, sizeof(*ih));
	ih->opcode = op;
	ih->nodeid = nodeid;
	ih->unique = 77;
	ih->len = (uint32_t)(sizeof(*ih) + arglen);
	if (arglen)
		memcpy(req + sizeof(*ih), arg, arglen);
	memset(rsp, 0xaa, sizeof(rsp));
	E.n_out = 1;
	E.n_in = 1;
	E.iov[0] = (struct iovec){ req, sizeof(*ih) + arglen };
	E.iov[1] = (struct iovec){ rsp, rspcap };
	E.out_len = sizeof(*ih) + arglen;
	E.in_len = rspcap;
	w = fs_serve(&S, &E);
	if (written)
		*written = w;
	if (w < sizeof(*oh))
		return -1000;	/* no answer */
	if (oh->unique != 77 || oh->len != w)
		return -2000;	/* a malformed answer */
	if (out && !oh->error)
		memcpy(out, rsp + sizeof(*oh), outlen < w - sizeof(*oh) ? outlen : w - sizeof(*oh));
	return oh->error;
}

static int call(uint32_t op, uint64_t nodeid, const void *arg, size_t arglen, void *out,
		size_t outlen)
{
	return call_sized(op, nodeid, arg, arglen, out, outlen, sizeof(rsp), NULL);
}

static uint64_t lookup(uint64_t parent, const char *name, int *err)
{
	struct fuse_entry_out e = { 0 };

	*err = call(FUSE_LOOKUP, parent, name, strlen(name) + 1, &e, sizeof(e));
	return *err ? 0 : e.nodeid;
}

static uint64_t open_fh(uint64_t node, uint32_t flags, int *err)
{
	struct fuse_open_in in = { .flags = flags };
	struct fuse_open_out out = { 0 };

	*err = call(FUSE_OPEN, node, &in, sizeof(in), &out, sizeof(out));
	return out.fh;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f))
		bail_out("cannot write %s", path);
}

static void setup(void)
{
	struct share_spec spec = { .ro = false };
	char err[256];

	snprintf(dir, sizeof(dir), "/tmp/uvmm-fs-test.XXXXXX");
	if (!mkdtemp(dir))
		bail_out("mkdtemp");
	snprintf(share, sizeof(share), "%s/share", dir);
	snprintf(outside, sizeof(outside), "%s/outside", dir);
	if (mkdir(share, 0755) || mkdir(outside, 0755))
		bail_out("mkdir");
	write_file(strcat(strcpy((char[400]){ 0 }, share), "/file"), "inside");
	write_file(strcat(strcpy((char[400]){ 0 }, outside), "/secret"), "secret");
	if (symlink("../outside", strcat(strcpy((char[400]){ 0 }, share), "/up")) ||
	    symlink("/", strcat(strcpy((char[400]){ 0 }, share), "/slash")) ||
	    mkdir(strcat(strcpy((char[400]){ 0 }, share), "/sub"), 0755))
		bail_out("symlink");
	spec.dir = share;
	strcpy(spec.tag, "t");
	if (fs_share_open(&S, &spec, err, sizeof(err)))
		bail_out("fs_share_open: %s", err);
}

static void test_init_and_names(void)
{
	struct fuse_init_in in = { .major = 7, .minor = 41, .max_readahead = 1 << 20 };
	struct fuse_init_out out = { 0 };
	uint64_t file, up, slash;
	int err;

	ok(call(FUSE_INIT, 0, &in, sizeof(in), &out, sizeof(out)) == 0 && out.major == 7 &&
	   out.minor == 31, "INIT: protocol 7.31 (the guest offers 7.41)");
	file = lookup(1, "file", &err);
	ok(file > 1 && !err, "LOOKUP file: a node");
	lookup(1, "..", &err);
	ok(err == -ENOENT, "LOOKUP \"..\": refused (%d)", err);
	lookup(1, ".", &err);
	ok(err == -ENOENT, "LOOKUP \".\": refused");
	lookup(1, "outside/secret", &err);
	ok(err == -ENOENT, "LOOKUP of a name with '/': refused");
	lookup(1, "", &err);
	ok(err == -ENOENT, "LOOKUP of an empty name: refused");
	err = call(FUSE_LOOKUP, 1, "file", 4, NULL, 0);	/* no NUL */
	ok(err == -ENOENT, "LOOKUP of a name without its end: refused");
	up = lookup(1, "up", &err);
	ok(up && lookup(up, "secret", &err) == 0 && err == -ENOTDIR,
	   "a symlink to outside is a link node: nothing is looked up through it");
	slash = lookup(1, "slash", &err);
	ok(slash && lookup(slash, "etc", &err) == 0 && err == -ENOTDIR,
	   "a symlink to / the same");
	ok(call(FUSE_OPEN, up, &(struct fuse_open_in){ .flags = O_RDONLY },
		sizeof(struct fuse_open_in), NULL, 0) == -EACCES, "OPEN of the link itself: refused");
	err = call(FUSE_GETATTR, 0, &(struct fuse_getattr_in){ 0 }, sizeof(struct fuse_getattr_in),
		   NULL, 0);
	ok(err == -ESTALE, "GETATTR of node 0: ESTALE");
	ok(call(FUSE_GETATTR, 123456, NULL, 0, NULL, 0) == -ESTALE &&
	   call(FUSE_GETATTR, 1ULL << 63, NULL, 0, NULL, 0) == -ESTALE &&
	   call(FUSE_GETATTR, (uint64_t)(uintptr_t)&S, NULL, 0, NULL, 0) == -ESTALE,
	   "made-up node IDs (a big one, a pointer): ESTALE");
}

static void test_handles(void)
{
	struct fuse_read_in rd = { .size = 100 };
	struct fuse_release_in rel = { 0 };
	uint64_t file, sub;
	char buf[128] = "";
	int err, fd;
	uint32_t w;

	file = lookup(1, "file", &err);
	sub = lookup(1, "sub", &err);
	ok(call(FUSE_OPEN, sub, &(struct fuse_open_in){ 0 }, sizeof(struct fuse_open_in), NULL, 0) ==
	   -EISDIR, "OPEN of a directory: EISDIR");
	ok(call(FUSE_OPENDIR, file, &(struct fuse_open_in){ 0 }, sizeof(struct fuse_open_in), NULL,
		0) == -ENOTDIR, "OPENDIR of a file: ENOTDIR");
	/* A host descriptor of ours the guest might guess: never a handle. */
	fd = open(outside, O_RDONLY);
	rd.fh = (uint64_t)fd;
	ok(call(FUSE_READ, 0, &rd, sizeof(rd), buf, sizeof(buf)) == -EBADF,
	   "READ with a file handle that is a uvmm descriptor number: EBADF");
	close(fd);
	rd.fh = open_fh(file, O_RDONLY, &err);
	ok(!err && rd.fh, "OPEN file: a handle");
	ok(call(FUSE_READ, 0, &rd, sizeof(rd), buf, sizeof(buf)) == 0 && !strcmp(buf, "inside"),
	   "READ through it: the file's bytes");
	rd.size = 1 << 30;
	err = call_sized(FUSE_READ, 0, &rd, sizeof(rd), NULL, 0, 20, &w);
	ok(err == 0 && w == 20, "READ of 1 GiB into 20 bytes of buffers: 4 bytes read, no overflow");
	err = call_sized(FUSE_GETATTR, 1, NULL, 0, NULL, 0, 8, &w);
	ok(w == 0, "no room for even a reply header: no answer at all");
	err = call_sized(FUSE_GETATTR, 1, NULL, 0, NULL, 0, 40, &w);
	ok(err == -EIO && w == sizeof(struct fuse_out_header),
	   "no room for the attributes: EIO, header only");
	rel.fh = rd.fh;
	ok(call(FUSE_RELEASE, 0, &rel, sizeof(rel), NULL, 0) == 0, "RELEASE");
	rd.size = 10;
	ok(call(FUSE_READ, 0, &rd, sizeof(rd), buf, sizeof(buf)) == -EBADF,
	   "READ after RELEASE: EBADF");
	ok(call(FUSE_RELEASEDIR, 0, &rel, sizeof(rel), NULL, 0) == -EBADF,
	   "RELEASEDIR of a released handle: EBADF");
}

/*
 * CREATE of a name that exists: a FIFO (opening it would wait for a
 * writer forever: the test dies by its alarm if the server blocks) and a
 * directory are refused, a regular file is opened and not truncated.
 */
static void test_create_existing(void)
{
	struct {
		struct fuse_create_in in;
		char name[8];
	} cr = { .in = { .flags = O_RDONLY, .mode = S_IFREG | 0644 } };
	char path[400], buf[8] = "";
	int err, fd;

	snprintf(path, sizeof(path), "%s/fifo", share);
	if (mkfifo(path, 0644))
		bail_out("mkfifo %s", path);
	alarm(10);
	memcpy(cr.name, "fifo", 5);
	err = call(FUSE_CREATE, 1, &cr, sizeof(cr.in) + 5, NULL, 0);
	ok(err == -EACCES, "CREATE of an existing FIFO's name: EACCES at once (%d)", err);
	memcpy(cr.name, "sub", 4);
	err = call(FUSE_CREATE, 1, &cr, sizeof(cr.in) + 4, NULL, 0);
	ok(err == -EISDIR, "CREATE of an existing directory's name: EISDIR (%d)", err);
	alarm(0);
	snprintf(path, sizeof(path), "%s/kept", share);
	write_file(path, "kept");
	memcpy(cr.name, "kept", 5);
	cr.in.flags = O_RDWR;
	err = call(FUSE_CREATE, 1, &cr, sizeof(cr.in) + 5, NULL, 0);
	fd = open(path, O_RDONLY);
	ok(!err && fd >= 0 && read(fd, buf, sizeof(buf)) == 4 && !memcmp(buf, "kept", 4),
	   "CREATE of an existing file's name opens it, contents kept (%d)", err);
	if (fd >= 0)
		close(fd);
	cr.in.flags = O_RDWR | O_EXCL;
	err = call(FUSE_CREATE, 1, &cr, sizeof(cr.in) + 5, NULL, 0);
	ok(err == -EEXIST, "with O_EXCL: EEXIST (%d)", err);
}

static void test_writes(void)
{
	struct {
		struct fuse_write_in in;
		char data[8];
	} wr = { .in = { .size = 4096 } };
	struct {
		struct fuse_rename_in in;
		char names[32];
	} rn = { .in = { .newdir = 999 } };
	struct {
		struct fuse_batch_forget_in in;
		struct fuse_forget_one one[1];
	} bf = { .in = { .count = 1u << 30 } };
	uint64_t file;
	int err;

	file = lookup(1, "file", &err);
	wr.in.fh = open_fh(file, O_RDWR, &err);
	memcpy(wr.data, "12345678", 8);
	ok(call(FUSE_WRITE, 0, &wr, sizeof(wr), NULL, 0) == -EINVAL,
	   "WRITE saying 4096 bytes with 8 sent: EINVAL");
	memcpy(rn.names, "file\0moved", 11);
	ok(call(FUSE_RENAME, 1, &rn, sizeof(rn.in) + 11, NULL, 0) == -EINVAL,
	   "RENAME into a made-up directory node: EINVAL");
	rn.in.newdir = 1;
	memcpy(rn.names, "file\0../escaped", 16);
	ok(call(FUSE_RENAME, 1, &rn, sizeof(rn.in) + 16, NULL, 0) == -EINVAL,
	   "RENAME to \"../escaped\": EINVAL");
	ok(call(FUSE_BATCH_FORGET, 0, &bf, sizeof(bf), NULL, 0) == -1000,
	   "BATCH_FORGET claiming 2^30 entries: ignored, no answer");
	ok(call(FUSE_SYMLINK, 1, "x\0", 2, NULL, 0) == -EINVAL, "SYMLINK without a target: EINVAL");
	ok(call(FUSE_MKNOD, 1, &(struct { struct fuse_mknod_in in; char n[4]; }){
		.in = { .mode = S_IFCHR | 0666, .rdev = 0x0103 }, .n = "dev" },
		sizeof(struct fuse_mknod_in) + 4, NULL, 0) == -EPERM,
	   "MKNOD of a device node: EPERM");
	test_create_existing();
}

/*
 * READDIRPLUS of a directory of 3000 files: each entry is a lookup, which
 * grows the node table while the directory's own node is in use.
 */
static void test_big_dir(void)
{
	struct fuse_read_in rd = { .size = 65536 };
	struct fuse_release_in rel = { 0 };
	char path[400];
	unsigned names = 0, rounds = 0;
	uint64_t many;
	int err;

	snprintf(path, sizeof(path), "%s/many", share);
	if (mkdir(path, 0755))
		bail_out("mkdir %s", path);
	for (int i = 0; i < 3000; i++) {
		snprintf(path, sizeof(path), "%s/many/f%04d", share, i);
		write_file(path, "x");
	}
	many = lookup(1, "many", &err);
	err = call(FUSE_OPENDIR, many, &(struct fuse_open_in){ 0 }, sizeof(struct fuse_open_in),
		   &rd.fh, sizeof(rd.fh));
	ok(!err && rd.fh, "OPENDIR of a directory of 3000 files");
	for (;;) {
		uint32_t w;
		size_t at = sizeof(struct fuse_out_header);

		if (call_sized(FUSE_READDIRPLUS, many, &rd, sizeof(rd), NULL, 0, sizeof(rsp), &w) ||
		    w <= at || ++rounds > 1000)
			break;
		while (at + FUSE_NAME_OFFSET_DIRENTPLUS <= w) {
			struct fuse_direntplus *dp = (void *)(rsp + at);

			names++;
			rd.offset = dp->dirent.off;
			at += FUSE_DIRENTPLUS_SIZE(dp);
		}
	}
	ok(names == 3002, "READDIRPLUS gives all 3000 names and . and .. (%u, in %u replies)",
	   names, rounds);
	ok(lookup(many, "f2999", &err) && !err, "the directory's node is still good after");
	rel.fh = rd.fh;
	ok(call(FUSE_RELEASEDIR, 0, &rel, sizeof(rel), NULL, 0) == 0, "RELEASEDIR");
}

/* ---- the descriptor cache: more nodes than descriptors ---- */

static uint64_t looked[2048];
static unsigned nlooked;

/* LOOKUP, remembered so that the test can FORGET it all at the end. */
static uint64_t lookup_kept(uint64_t parent, const char *name)
{
	int err;
	uint64_t n = lookup(parent, name, &err);

	if (n && nlooked < sizeof(looked) / sizeof(looked[0]))
		looked[nlooked++] = n;
	return n;
}

static int getattr(uint64_t node, struct fuse_attr_out *out)
{
	return call(FUSE_GETATTR, node, &(struct fuse_getattr_in){ 0 },
		    sizeof(struct fuse_getattr_in), out, sizeof(*out));
}

static ino_t host_ino(const char *rel)
{
	char path[600];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", share, rel);
	return lstat(path, &st) ? 0 : st.st_ino;
}

/* Look up the 64 names wide/x00..x63: every older descriptor is closed. */
static void crowd_out(uint64_t wide)
{
	char name[16];

	for (int i = 0; i < 64; i++) {
		snprintf(name, sizeof(name), "x%02d", i);
		lookup_kept(wide, name);
	}
}

static void test_fd_cache(void)
{
	uint32_t used_before = S.inodes.used;
	uint64_t wide, node[500], dir = 1, leaf, d0 = 0;
	struct fuse_attr_out a;
	char path[600], to[600], name[32];
	unsigned good = 0;
	int err;

	S.inodes.max_fds = 16;
	snprintf(path, sizeof(path), "%s/wide", share);
	if (mkdir(path, 0755))
		bail_out("mkdir %s", path);
	for (int i = 0; i < 500; i++) {
		snprintf(path, sizeof(path), "%s/wide/f%03d", share, i);
		write_file(path, "w");
	}
	for (int i = 0; i < 64; i++) {
		snprintf(path, sizeof(path), "%s/wide/x%02d", share, i);
		write_file(path, "x");
	}
	snprintf(path, sizeof(path), "%s/deep", share);
	for (int i = 0; i < 10; i++) {
		if (mkdir(path, 0755))
			bail_out("mkdir %s", path);
		snprintf(path + strlen(path), sizeof(path) - strlen(path), "/d%d", i);
	}
	write_file(path, "leaf");

	wide = lookup_kept(1, "wide");
	for (int i = 0; i < 500; i++) {
		snprintf(name, sizeof(name), "f%03d", i);
		node[i] = lookup_kept(wide, name);
	}
	ok(node[499] && S.inodes.nfds <= 16, "500 names looked up, %u descriptors held (limit 16)",
	   S.inodes.nfds);
	for (int i = 0; i < 500; i++) {
		snprintf(name, sizeof(name), "wide/f%03d", i);
		good += getattr(node[i], &a) == 0 && a.attr.ino == host_ino(name);
	}
	ok(good == 500, "GETATTR of each of them: the right inode, reopened by name (%u of 500)",
	   good);

	dir = lookup_kept(1, "deep");
	for (int i = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "d%d", i);
		dir = lookup_kept(dir, name);
		if (i == 0)
			d0 = dir;
	}
	leaf = dir;
	crowd_out(wide);
	ok(getattr(leaf, &a) == 0 && a.attr.size == 4,
	   "a file under ten directories whose descriptors were all closed: reopened");

	{
		struct {
			struct fuse_rename_in in;
			char names[16];
		} rn = { .in = { .newdir = d0 } };

		memcpy(rn.names, "f001\0moved", 11);
		err = call(FUSE_RENAME, wide, &rn, sizeof(rn.in) + 11, NULL, 0);
	}
	crowd_out(wide);
	ok(err == 0 && getattr(node[1], &a) == 0 && a.attr.ino == host_ino("deep/d0/moved"),
	   "a file renamed through the share is reopened under its new name");

	snprintf(path, sizeof(path), "%s/wide/f002", share);
	snprintf(to, sizeof(to), "%s/wide/g002", share);
	if (rename(path, to))
		bail_out("rename");
	snprintf(path, sizeof(path), "%s/wide/f003", share);
	if (unlink(path))
		bail_out("unlink");
	write_file(path, "another file of the same name");
	crowd_out(wide);
	ok(getattr(node[2], &a) == -ESTALE, "renamed on the host behind the guest's back: ESTALE");
	ok(getattr(node[3], &a) == -ESTALE, "replaced on the host by another file: ESTALE");

	err = call(FUSE_UNLINK, wide, "f004", 5, NULL, 0);
	crowd_out(wide);
	ok(err == 0 && getattr(node[4], &a) == 0 && a.attr.nlink == 0,
	   "unlinked through the share: its node still answers (nlink 0)");

	/* Swap a directory on the way for a link to outside the share. */
	snprintf(path, sizeof(path), "%s/deep", share);
	snprintf(to, sizeof(to), "%s/deep.old", share);
	if (rename(path, to) || symlink("../outside", path))
		bail_out("swap");
	crowd_out(wide);
	ok(lookup(d0, "secret", &err) == 0 && err == -ESTALE,
	   "a directory swapped for a link to outside: ESTALE, nothing looked up through it");
	ok(getattr(leaf, &a) == -ESTALE, "the same for a file below it");

	for (unsigned i = 0; i < nlooked; i++)
		call(FUSE_FORGET, looked[i], &(struct fuse_forget_in){ .nlookup = 1 },
		     sizeof(struct fuse_forget_in), NULL, 0);
	ok(S.inodes.used == used_before,
	   "every lookup forgotten: every node gone, the directories kept for them too (%u, %u)",
	   S.inodes.used, used_before);
	S.inodes.max_fds = INODE_MAX_FDS;
}

/* Random requests on random nodes: nothing outside the share changes. */
static void test_random(void)
{
	struct stat before, after;
	unsigned answered = 0;
	char path[400];

	snprintf(path, sizeof(path), "%s/secret", outside);
	stat(path, &before);
	srand(7);
	for (int i = 0; i < 20000; i++) {
		uint8_t arg[256];
		uint32_t op = (uint32_t)(rand() % 50);
		size_t len = (size_t)(rand() % (int)sizeof(arg));

		for (size_t j = 0; j < len; j++)
			arg[j] = (uint8_t)(rand() % 4 ? 'a' + rand() % 4 : rand());
		if (op == FUSE_DESTROY || op == FUSE_INIT)
			continue;
		if (call(op, (uint64_t)(rand() % 8), arg, len, NULL, 0) != -1000)
			answered++;
	}
	ok(answered > 10000, "20000 random requests: %u answered, none crashed", answered);
	ok(stat(path, &after) == 0 && after.st_mtime == before.st_mtime &&
	   after.st_size == before.st_size, "the file outside the share is untouched");
}

int main(void)
{
	setup();
	test_init_and_names();
	test_handles();
	test_writes();
	test_big_dir();
	test_fd_cache();
	test_random();
	fs_share_close(&S);
	{
		char cmd[400];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd))
			diag("could not remove %s", dir);
	}
	return done_testing();
}
