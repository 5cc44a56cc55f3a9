// SPDX-License-Identifier: GPL-2.0
/*
 * Guest "physical" memory: one file, mapped at UVMM_PAGE_OFFSET + phys for
 * each RAM range, so the guest kernel's direct map is that mapping and every
 * guest process can later map the same pages from the same file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "setup/guest_mem.h"

/* Debian 12's glibc predates MFD_EXEC (Linux 6.3). */
#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif

int guest_ram_layout(uint64_t size, struct guest_ram_range range[2])
{
	if (size == 0 || size % GUEST_PAGE_SIZE || size > GUEST_MAX_MEM)
		return -1;
	range[0].phys = 0;
	range[0].file_off = 0;
	if (size <= GUEST_LOW_RAM_END) {
		range[0].size = size;
		return 1;
	}
	/* The file has no hole: what does not fit below 3 GiB goes to 4 GiB. */
	range[0].size = GUEST_LOW_RAM_END;
	range[1].phys = GUEST_HIGH_RAM_START;
	range[1].size = size - GUEST_LOW_RAM_END;
	range[1].file_off = GUEST_LOW_RAM_END;
	return 2;
}

int guest_mem_check_size(uint64_t size, char *err, size_t errlen)
{
	if (size < GUEST_MIN_MEM) {
		snprintf(err, errlen,
			 "guest memory of %llu bytes is too small: at least %llu MiB",
			 (unsigned long long)size,
			 (unsigned long long)(GUEST_MIN_MEM >> 20));
		return -1;
	}
	if (size > GUEST_MAX_MEM) {
		snprintf(err, errlen,
			 "guest memory of %llu MiB is too large: at most %llu MiB (guest-physical addresses end at %llu GiB, with a hole at 3-4 GiB)",
			 (unsigned long long)(size >> 20),
			 (unsigned long long)(GUEST_MAX_MEM >> 20),
			 (unsigned long long)((uint64_t)UVMM_MAX_RAM >> 30));
		return -1;
	}
	if (size % GUEST_PAGE_SIZE) {
		snprintf(err, errlen,
			 "guest memory of %llu bytes is not a multiple of %llu KiB",
			 (unsigned long long)size,
			 (unsigned long long)(GUEST_PAGE_SIZE >> 10));
		return -1;
	}
	return 0;
}

static int memfd_open(char *err, size_t errlen)
{
	/*
	 * The guest kernel executes from this memory, so ask for an executable
	 * memfd explicitly; kernels before 6.3 do not know MFD_EXEC and all
	 * their memfds are executable.
	 */
	int fd = memfd_create("uvmm-guest-ram", MFD_CLOEXEC | MFD_EXEC);

	if (fd < 0 && errno == EINVAL)
		fd = memfd_create("uvmm-guest-ram", MFD_CLOEXEC);
	if (fd < 0)
		snprintf(err, errlen, "cannot create the guest memory file (memfd): %s%s",
			 strerror(errno),
			 errno == EACCES ? " (sysctl vm.memfd_noexec=2 forbids executable memfds; use --mem-file)" : "");
	return fd;
}

/*
 * Only ever a file of our own: created here (O_EXCL, which also refuses a
 * symlink, dangling or not, without following it), mode 0600 whatever the
 * umask, and unlinked at exit. An existing path is refused and left as it
 * is: its owner and mode would outlive ours (a 0644 file would show live
 * guest RAM to every user), and it is not ours to truncate or remove.
 */
static int mem_file_open(const char *path, char *err, size_t errlen)
{
	struct stat st;
	int fd;

	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0600);
	if (fd < 0 && errno == EEXIST && lstat(path, &st) == 0) {
		snprintf(err, errlen, "--mem-file %s: %s", path,
			 S_ISDIR(st.st_mode) ? "is a directory" :
			 S_ISLNK(st.st_mode) ? "is a symbolic link (give a new file's path)" :
			 !S_ISREG(st.st_mode) ? "is not a regular file" :
			 "already exists (uvmm creates the file itself and removes it at exit)");
		return -1;
	}
	if (fd < 0) {
		snprintf(err, errlen, "--mem-file %s: cannot create: %s", path,
			 strerror(errno));
		return -1;
	}
	if (fchmod(fd, 0600) < 0) {
		snprintf(err, errlen, "--mem-file %s: cannot make it private: %s", path,
			 strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	return fd;
}

static void unmap_ranges(struct guest_mem *m)
{
	for (int i = 0; i < m->nr_ranges; i++)
		munmap(m->base + m->range[i].phys, m->range[i].size);
	m->nr_ranges = 0;
}

static int map_ranges(struct guest_mem *m, const struct guest_ram_range *r,
		      int n, char *err, size_t errlen)
{
	for (int i = 0; i < n; i++) {
		void *want = m->base + r[i].phys;
		void *p = mmap(want, r[i].size, PROT_READ | PROT_WRITE | PROT_EXEC,
			       MAP_SHARED | MAP_FIXED_NOREPLACE, m->fd,
			       (off_t)r[i].file_off);

		if (p == MAP_FAILED || p != want) {
			int e = errno;

			if (p != MAP_FAILED)	/* kernel < 4.17 took it as a hint */
				munmap(p, r[i].size);
			if (p != MAP_FAILED || e == EEXIST)
				snprintf(err, errlen,
					 "cannot map guest RAM at %p: that address range is already in use in this process",
					 want);
			else if (e == EPERM || e == EACCES)
				snprintf(err, errlen,
					 "cannot map guest RAM executable: %s (is the --mem-file on a noexec mount?)",
					 strerror(e));
			else
				snprintf(err, errlen, "cannot map %llu MiB of guest RAM at %p: %s",
					 (unsigned long long)(r[i].size >> 20), want,
					 strerror(e));
			unmap_ranges(m);
			return -1;
		}
		m->range[i] = r[i];
		m->nr_ranges = i + 1;
	}
	return 0;
}

int guest_mem_create(struct guest_mem *m, uint64_t size, const char *path,
		     char *err, size_t errlen)
{
	struct guest_ram_range r[2];
	int n;

	memset(m, 0, sizeof(*m));
	m->fd = -1;
	m->reaper.fd = -1;
	m->base = (unsigned char *)UVMM_PAGE_OFFSET;
	if (guest_mem_check_size(size, err, errlen) < 0)
		return -1;
	n = guest_ram_layout(size, r);
	if (n < 0) {
		snprintf(err, errlen, "guest memory of %llu bytes has no valid layout",
			 (unsigned long long)size);
		return -1;
	}
	if (path) {
		m->path = strdup(path);
		if (!m->path) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		m->fd = mem_file_open(path, err, errlen);
		if (m->fd >= 0 && mem_file_reaper_start(&m->reaper, path, err, errlen) < 0)
			goto fail;
	} else {
		m->fd = memfd_open(err, errlen);
	}
	if (m->fd < 0)
		goto fail_nofile;
	if (ftruncate(m->fd, (off_t)size) < 0) {
		snprintf(err, errlen, "cannot size the guest memory file%s%s to %llu MiB: %s",
			 path ? " " : "", path ? path : "",
			 (unsigned long long)(size >> 20), strerror(errno));
		goto fail;
	}
	/*
	 * A named file is allocated now: a filesystem too small for the guest's
	 * RAM is one line here, not a SIGBUS when the guest first touches the
	 * page that does not fit. (A memfd stays sparse: it is RAM, allocated
	 * as the guest uses it, like any process's memory.) A filesystem
	 * without fallocate keeps the file sparse.
	 */
	if (path && fallocate(m->fd, 0, 0, (off_t)size) < 0 &&
	    errno != EOPNOTSUPP && errno != ENOSYS) {
		snprintf(err, errlen, "--mem-file %s: %s for %llu MiB of guest RAM", path,
			 errno == ENOSPC ? "no space on its filesystem" : strerror(errno),
			 (unsigned long long)(size >> 20));
		goto fail;
	}
	if (map_ranges(m, r, n, err, errlen) < 0)
		goto fail;
	m->size = size;
	return 0;

fail:
	close(m->fd);
	if (m->path)
		unlink(m->path);
	mem_file_reaper_stop(&m->reaper);
fail_nofile:
	free(m->path);
	m->path = NULL;
	m->fd = -1;
	return -1;
}

void guest_mem_destroy(struct guest_mem *m)
{
	unmap_ranges(m);
	if (m->fd >= 0)
		close(m->fd);
	m->fd = -1;
	/* The reaper removes it: uvmm's jailed main thread may not. */
	if (m->path && m->reaper.pid <= 0)
		unlink(m->path);
	mem_file_reaper_stop(&m->reaper);
	free(m->path);
	m->path = NULL;
	m->size = 0;
}

void *guest_phys_ptr(const struct guest_mem *m, uint64_t phys, uint64_t len)
{
	for (int i = 0; i < m->nr_ranges; i++) {
		const struct guest_ram_range *r = &m->range[i];

		/* Written so that no sum can wrap: phys and len come from files. */
		if (phys >= r->phys && phys - r->phys <= r->size &&
		    len <= r->size - (phys - r->phys))
			return m->base + phys;
	}
	return NULL;
}

void *guest_kernel_ptr(const struct guest_mem *m, uint64_t kaddr, uint64_t len)
{
	if (kaddr < UVMM_PAGE_OFFSET)
		return NULL;
	return guest_phys_ptr(m, kaddr - UVMM_PAGE_OFFSET, len);
}

int guest_phys_to_file(const struct guest_mem *m, uint64_t phys, uint64_t len, uint64_t *off)
{
	int i;

	for (i = 0; i < m->nr_ranges; i++) {
		const struct guest_ram_range *r = &m->range[i];

		if (phys >= r->phys && phys - r->phys < r->size && len <= r->size - (phys - r->phys)) {
			*off = r->file_off + (phys - r->phys);
			return 0;
		}
	}
	return -1;
}
