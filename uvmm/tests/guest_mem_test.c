// SPDX-License-Identifier: GPL-2.0
/*
 * Guest memory: the RAM layout around the 3-4 GiB hole, the size limits,
 * guest_phys_ptr() bounds, and the real file + mapping (memfd and
 * --mem-file), including that errors leave nothing behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "setup/guest_mem.h"
#include "tap.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

static void test_layout(void)
{
	struct guest_ram_range r[2];
	int n;

	n = guest_ram_layout(256 * MiB, r);
	ok(n == 1 && r[0].phys == 0 && r[0].size == 256 * MiB && r[0].file_off == 0,
	   "256 MiB: one range at 0");
	n = guest_ram_layout(3 * GiB, r);
	ok(n == 1 && r[0].size == 3 * GiB, "3 GiB: still one range, up to the hole");
	n = guest_ram_layout(3 * GiB + 4096, r);
	ok(n == 2 && r[0].size == 3 * GiB && r[1].phys == 4 * GiB && r[1].size == 4096 &&
	   r[1].file_off == 3 * GiB, "3 GiB + 4 KiB: the last page goes to 4 GiB, file offset 3 GiB");
	n = guest_ram_layout(8 * GiB, r);
	ok(n == 2 && r[1].phys == 4 * GiB && r[1].size == 5 * GiB && r[1].file_off == 3 * GiB,
	   "8 GiB: 3 GiB low, 5 GiB from 4 GiB");
	n = guest_ram_layout(GUEST_MAX_MEM, r);
	ok(n == 2 && r[1].phys + r[1].size == UVMM_MAX_RAM,
	   "the maximum ends exactly at UVMM_MAX_RAM");
	ok(GUEST_MAX_MEM == 63 * GiB, "maximum is 63 GiB");
	ok(guest_ram_layout(GUEST_MAX_MEM + 4096, r) == -1, "above the maximum: refused");
	ok(guest_ram_layout(0, r) == -1, "0 bytes: refused");
	ok(guest_ram_layout(32 * MiB + 1, r) == -1, "not page aligned: refused");
	ok(guest_ram_layout(UINT64_MAX, r) == -1, "2^64-1: refused");
}

static void test_check_size(void)
{
	char err[256];

	ok(guest_mem_check_size(GUEST_MIN_MEM, err, sizeof(err)) == 0, "32 MiB is enough");
	ok(guest_mem_check_size(GUEST_MAX_MEM, err, sizeof(err)) == 0, "63 GiB is allowed");
	ok(guest_mem_check_size(GUEST_MIN_MEM - 4096, err, sizeof(err)) == -1,
	   "32 MiB - 4 KiB is too small");
	has_str(err, "too small: at least 32 MiB", "message gives the minimum");
	ok(guest_mem_check_size(64 * GiB, err, sizeof(err)) == -1, "64 GiB is too large");
	has_str(err, "at most 64512 MiB", "message gives the maximum");
	ok(guest_mem_check_size(UINT64_MAX, err, sizeof(err)) == -1 && one_line(err),
	   "2^64-1: refused in one line");
	ok(guest_mem_check_size(64 * MiB + 512, err, sizeof(err)) == -1, "64 MiB + 512: refused");
	has_str(err, "not a multiple of 4 KiB", "message says why");
}

static void test_phys_ptr(void)
{
	struct guest_mem m = { .fd = -1, .base = (unsigned char *)UVMM_PAGE_OFFSET };
	unsigned char *b = m.base;

	m.nr_ranges = guest_ram_layout(4 * GiB, m.range);
	m.size = 4 * GiB;
	ok(guest_phys_ptr(&m, 0, 4096) == b, "phys 0");
	ok(guest_phys_ptr(&m, 3 * GiB - 4096, 4096) == b + 3 * GiB - 4096, "last low page");
	ok(guest_phys_ptr(&m, 3 * GiB - 4096, 4097) == NULL, "running into the hole");
	ok(guest_phys_ptr(&m, 3 * GiB, 1) == NULL, "inside the hole");
	ok(guest_phys_ptr(&m, 4 * GiB, 4096) == b + 4 * GiB, "first high page");
	ok(guest_phys_ptr(&m, 5 * GiB - 1, 1) == b + 5 * GiB - 1, "last high byte");
	ok(guest_phys_ptr(&m, 5 * GiB - 1, 2) == NULL, "past the end");
	ok(guest_phys_ptr(&m, 5 * GiB, 0) != NULL && guest_phys_ptr(&m, 5 * GiB + 1, 0) == NULL,
	   "zero length: at the end yes, beyond no");
	ok(guest_phys_ptr(&m, 4096, UINT64_MAX) == NULL, "length 2^64-1");
	ok(guest_phys_ptr(&m, UINT64_MAX, 2) == NULL, "address 2^64-1 (a sum would wrap)");
	ok(guest_phys_ptr(&m, 4 * GiB + 8, UINT64_MAX - 4) == NULL, "wrapping length in high RAM");

	/* Guest kernel pointers: the direct map of RAM, nothing else. */
	ok(guest_kernel_ptr(&m, UVMM_PAGE_OFFSET + 8, 64) == b + 8, "kernel pointer into RAM");
	ok(guest_kernel_ptr(&m, UVMM_PAGE_OFFSET - 8, 64) == NULL, "below the direct map");
	ok(guest_kernel_ptr(&m, UVMM_GATE_ADDR, 64) == NULL, "uvmm's gate table");
	ok(guest_kernel_ptr(&m, UVMM_PAGE_OFFSET + 3 * GiB, 8) == NULL, "the hole");
	ok(guest_kernel_ptr(&m, UVMM_PAGE_OFFSET + 5 * GiB - 8, 16) == NULL, "past the end of RAM");
	ok(guest_kernel_ptr(&m, UVMM_VMALLOC_START, 8) == NULL, "the vmalloc area");
	ok(guest_kernel_ptr(&m, UINT64_MAX - 4, 8) == NULL, "2^64-5, 8 bytes");
}

static int exists(const char *p)
{
	struct stat st;

	return lstat(p, &st) == 0;
}

static void test_create(const char *dir)
{
	struct guest_mem m, m2;
	char err[256], path[256], path2[256];
	unsigned char *p;
	int r;

	r = guest_mem_create(&m, 32 * MiB, NULL, err, sizeof(err));
	if (!ok(r == 0, "memfd guest memory of 32 MiB"))
		diag("  error: %s", err);
	if (r == 0) {
		p = guest_phys_ptr(&m, 0, 32 * MiB);
		ok(p == (unsigned char *)UVMM_PAGE_OFFSET, "mapped at UVMM_PAGE_OFFSET");
		p[0] = 0x11;
		p[32 * MiB - 1] = 0x22;
		{
			unsigned char a = 0, z = 0;

			ok(pread(m.fd, &a, 1, 0) == 1 && pread(m.fd, &z, 1, 32 * MiB - 1) == 1 &&
			   a == 0x11 && z == 0x22, "writes reach the file (MAP_SHARED)");
		}
		ok(fcntl(m.fd, F_GETFD) & FD_CLOEXEC, "descriptor is close-on-exec");
		ok(guest_mem_create(&m2, 32 * MiB, NULL, err, sizeof(err)) == -1,
		   "a second memory at the same address is refused");
		has_str(err, "already in use", "message says the range is taken");
		guest_mem_destroy(&m);
		ok(msync((void *)UVMM_PAGE_OFFSET, 4096, MS_ASYNC) == -1 && errno == ENOMEM,
		   "destroy unmaps");
		ok(m.fd == -1 && m.nr_ranges == 0, "destroy resets the struct");
	}

	snprintf(path, sizeof(path), "%s/ram", dir);
	r = guest_mem_create(&m, 40 * MiB, path, err, sizeof(err));
	if (!ok(r == 0, "--mem-file guest memory"))
		diag("  error: %s", err);
	if (r == 0) {
		struct stat st;

		ok(stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == (off_t)(40 * MiB) &&
		   (st.st_mode & 0777) == 0600, "file exists, 40 MiB, mode 0600");
		snprintf(path2, sizeof(path2), "%s/ram2", dir);
		ok(guest_mem_create(&m2, 32 * MiB, path2, err, sizeof(err)) == -1 && !exists(path2),
		   "mapping failure removes the file it created");
		guest_mem_destroy(&m);
		ok(!exists(path), "destroy removes the file");
	}

	/*
	 * An existing path is refused and left exactly as it was: its owner
	 * and mode would outlive ours (a 0644 file shows guest RAM to every
	 * user), and a symlink would make uvmm truncate and later remove
	 * what it points at.
	 */
	{
		char target[4200], buf[16] = "";
		struct stat st;
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);

		ok(fd >= 0 && write(fd, "old contents", 12) == 12, "existing 0644 file prepared");
		close(fd);
		r = guest_mem_create(&m, 32 * MiB, path, err, sizeof(err));
		ok(r == -1, "an existing file is refused");
		has_str(err, "already exists", "message says it exists");
		ok(one_line(err), "one line");
		fd = open(path, O_RDONLY);
		ok(fd >= 0 && read(fd, buf, sizeof(buf)) == 12 && !memcmp(buf, "old contents", 12) &&
		   fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0644,
		   "its contents and mode are untouched");
		close(fd);

		snprintf(target, sizeof(target), "%s/ram.link", dir);
		ok(symlink(path, target) == 0, "a symlink to it prepared");
		r = guest_mem_create(&m, 32 * MiB, target, err, sizeof(err));
		ok(r == -1, "a symlink is refused");
		has_str(err, "symbolic link", "message says it is a symlink");
		ok(lstat(target, &st) == 0 && S_ISLNK(st.st_mode) &&
		   stat(path, &st) == 0 && st.st_size == 12,
		   "the link and its target are untouched");
		unlink(target);

		snprintf(target, sizeof(target), "%s/ram.dangling", dir);
		ok(symlink("/nonexistent/uvmm-ram", target) == 0, "a dangling symlink prepared");
		r = guest_mem_create(&m, 32 * MiB, target, err, sizeof(err));
		ok(r == -1 && !exists("/nonexistent/uvmm-ram"),
		   "a dangling symlink is refused, nothing created through it");
		unlink(target);
		unlink(path);
	}

	/* The file uvmm creates is 0600 whatever the umask. */
	{
		struct stat st;
		mode_t old = umask(0);

		r = guest_mem_create(&m, 32 * MiB, path, err, sizeof(err));
		umask(old);
		ok(r == 0 && stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
		   "created 0600 under umask 0");
		if (r == 0)
			guest_mem_destroy(&m);
		ok(!exists(path), "and removed on destroy");
	}

	r = guest_mem_create(&m, 32 * MiB, "/proc/nonexistent/ram", err, sizeof(err));
	ok(r == -1, "path in a missing directory refused");
	has_str(err, "--mem-file /proc/nonexistent/ram: cannot create", "message names the file");
	ok(one_line(err), "one line");

	r = guest_mem_create(&m, 32 * MiB, dir, err, sizeof(err));
	ok(r == -1 && exists(dir), "a directory is refused and left alone");
	has_str(err, "is a directory", "message says so");

	r = guest_mem_create(&m, 32 * MiB, "/dev/null", err, sizeof(err));
	ok(r == -1 && exists("/dev/null"), "a device is refused and not removed");
	has_str(err, "not a regular file", "message says so");

	r = guest_mem_create(&m, 16 * MiB, NULL, err, sizeof(err));
	ok(r == -1, "16 MiB refused by create too");
	has_str(err, "too small", "message says so");
	ok(msync((void *)UVMM_PAGE_OFFSET, 4096, MS_ASYNC) == -1, "no mapping left behind");
}

int main(void)
{
	const char *dir = tap_tmpdir("uvmm-mem-test");

	test_layout();
	test_check_size();
	test_phys_ptr();
	test_create(dir);
	ok(rmdir(dir) == 0, "nothing left in the test directory");
	return done_testing();
}
