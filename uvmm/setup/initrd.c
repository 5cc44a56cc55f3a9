// SPDX-License-Identifier: GPL-2.0
/*
 * The initramfs goes as high as it can in low RAM, like bootloaders put it
 * on real machines: the kernel image and its early allocations grow from
 * below, and the kernel frees the initrd pages after unpacking.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "setup/elf_load.h"
#include "setup/guest_mem.h"
#include "setup/initrd.h"

static uint64_t mib_up(uint64_t bytes)
{
	return bytes / (1 << 20) + (bytes % (1 << 20) != 0);
}

static uint64_t page_up(uint64_t x)
{
	return (x + GUEST_PAGE_SIZE - 1) & ~(GUEST_PAGE_SIZE - 1);
}

int initrd_place(const struct guest_mem *m, const struct kernel_image *k,
		 uint64_t initrd_size, uint64_t *phys, char *err, size_t errlen)
{
	/* Range 0 always starts at 0 and ends at or below the hole. */
	uint64_t top = m->nr_ranges > 0 ? m->range[0].size : 0;
	/* Above the pages uvmm reserves: the boot info, then the ACPI tables. */
	uint64_t floor = UVMM_ACPI_PHYS + UVMM_ACPI_SIZE;

	_Static_assert(UVMM_BOOT_INFO_PHYS < UVMM_ACPI_PHYS,
		       "the ACPI page is the highest reserved page");

	if (k->phys_end > floor)
		floor = page_up(k->phys_end);
	if (initrd_size == 0 || initrd_size > top || floor > top ||
	    ((top - initrd_size) & ~(GUEST_PAGE_SIZE - 1)) < floor) {
		snprintf(err, errlen, "initrd (%llu MiB) does not fit in guest memory (%llu MiB)",
			 (unsigned long long)mib_up(initrd_size),
			 (unsigned long long)(m->size >> 20));
		return -1;
	}
	*phys = (top - initrd_size) & ~(GUEST_PAGE_SIZE - 1);
	return 0;
}

static int read_all(int fd, unsigned char *dst, uint64_t len)
{
	uint64_t off = 0;

	while (off < len) {
		ssize_t n = pread(fd, dst + off, len - off, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0) {
			errno = EIO;	/* shrank under us */
			return -1;
		}
		off += (uint64_t)n;
	}
	return 0;
}

/* Concatenated archives start on a 4-byte boundary (newc alignment). */
static uint64_t align4(uint64_t x)
{
	return (x + 3) & ~3ULL;
}

int initrd_load(const char *path, const void *extra, uint64_t extra_len,
		const struct guest_mem *m, const struct kernel_image *k,
		uint64_t *phys, uint64_t *size, char *err, size_t errlen)
{
	struct stat st;
	unsigned char *dst;
	uint64_t total;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	if (fd < 0) {
		snprintf(err, errlen, "cannot open initrd %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "initrd %s: not a regular file", path);
		goto fail;
	}
	if (st.st_size == 0) {
		snprintf(err, errlen, "initrd %s is empty (use --initrd none for no initrd)", path);
		goto fail;
	}
	total = extra_len ? align4((uint64_t)st.st_size) + extra_len : (uint64_t)st.st_size;
	if (initrd_place(m, k, total, phys, err, errlen) < 0) {
		snprintf(err, errlen, "initrd %s (%llu MiB) does not fit in guest memory (%llu MiB)",
			 path, (unsigned long long)mib_up(total),
			 (unsigned long long)(m->size >> 20));
		goto fail;
	}
	dst = guest_phys_ptr(m, *phys, total);
	if (!dst || read_all(fd, dst, (uint64_t)st.st_size) < 0) {
		snprintf(err, errlen, "initrd %s: read failed: %s", path,
			 dst ? strerror(errno) : "placed outside RAM");
		goto fail;
	}
	if (extra_len) {
		memset(dst + st.st_size, 0, total - extra_len - (uint64_t)st.st_size);
		memcpy(dst + total - extra_len, extra, extra_len);
	}
	*size = total;
	close(fd);
	return 0;
fail:
	close(fd);
	return -1;
}
