/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest "physical" memory: one shared file (a memfd, or --mem-file), mapped
 * MAP_SHARED at UVMM_PAGE_OFFSET so that the guest kernel's direct map is
 * simply that mapping. Guest-physical RAM has a hole at [3 GiB, 4 GiB) for
 * 32-bit PCI windows, so RAM above 3 GiB continues at 4 GiB; the file itself
 * has no hole (file offset = RAM offset).
 */
#ifndef UVMM_GUEST_MEM_H
#define UVMM_GUEST_MEM_H

#include <stddef.h>
#include <stdint.h>

#include "setup/mem_file_reaper.h"
#include "asm/uvmm_gate.h"

#define GUEST_LOW_RAM_END	(3ULL << 30)
#define GUEST_HIGH_RAM_START	(4ULL << 30)
#define GUEST_MIN_MEM		(32ULL << 20)
/* Guest-physical addresses end at UVMM_MAX_RAM; the hole takes 1 GiB of it. */
#define GUEST_MAX_MEM		((uint64_t)UVMM_MAX_RAM - \
				 (GUEST_HIGH_RAM_START - GUEST_LOW_RAM_END))
#define GUEST_PAGE_SIZE		4096ULL

struct guest_ram_range {
	uint64_t phys;		/* guest-physical start */
	uint64_t size;
	uint64_t file_off;	/* offset in the memory file */
};

struct guest_mem {
	int fd;
	uint64_t size;			/* total RAM bytes */
	int nr_ranges;
	struct guest_ram_range range[2];
	char *path;			/* --mem-file path, unlinked on destroy; NULL for memfd */
	struct mem_file_reaper reaper;	/* removes path if uvmm dies without doing it */
	/*
	 * Host address of guest-physical 0: UVMM_PAGE_OFFSET for the real
	 * mapping. Unit tests point it at a heap buffer (one range, no fd)
	 * so that the loaders run under AddressSanitizer's eyes.
	 */
	unsigned char *base;
};

/*
 * Split size bytes of RAM into the guest-physical ranges around the hole.
 * Returns the number of ranges (1 or 2), or -1 if size is 0, not a multiple
 * of GUEST_PAGE_SIZE or above GUEST_MAX_MEM.
 */
int guest_ram_layout(uint64_t size, struct guest_ram_range range[2]);

/* Is size usable as guest RAM (minimum, maximum, alignment)? -1 with a message. */
int guest_mem_check_size(uint64_t size, char *err, size_t errlen);

/*
 * Create the file (path NULL: a memfd) and map each RAM range at
 * UVMM_PAGE_OFFSET + phys. -1 with a one-line message in err, and then
 * nothing is left behind: no mapping, no descriptor, no file.
 */
int guest_mem_create(struct guest_mem *m, uint64_t size, const char *path,
		     char *err, size_t errlen);
/* Unmap, close and unlink --mem-file; only after a successful create. */
void guest_mem_destroy(struct guest_mem *m);

/* Host pointer for guest-physical [phys, phys+len), or NULL if not all RAM. */
void *guest_phys_ptr(const struct guest_mem *m, uint64_t phys, uint64_t len);

/*
 * Host pointer for [kaddr, kaddr+len) given as a guest kernel address in
 * its direct map of RAM (UVMM_PAGE_OFFSET + phys), or NULL if any of it is
 * not RAM: how the gate checks the pointers the guest kernel passes.
 */
void *guest_kernel_ptr(const struct guest_mem *m, uint64_t kaddr, uint64_t len);
/* The file offset of guest-physical [phys, phys+len), all in one RAM range; -1 if not. */
int guest_phys_to_file(const struct guest_mem *m, uint64_t phys, uint64_t len, uint64_t *off);

#endif
