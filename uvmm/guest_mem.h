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

#define GUEST_LOW_RAM_END	(3ULL << 30)
#define GUEST_HIGH_RAM_START	(4ULL << 30)
#define GUEST_MIN_MEM		(32ULL << 20)

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
};

/* Split size bytes of RAM into the guest-physical ranges around the hole. */
int guest_ram_layout(uint64_t size, struct guest_ram_range range[2]);

/* Create the file and map it; -1 with a one-line message in err. */
int guest_mem_create(struct guest_mem *m, uint64_t size, const char *path,
		     char *err, size_t errlen);
void guest_mem_destroy(struct guest_mem *m);

/* Host pointer for guest-physical [phys, phys+len), or NULL if not all RAM. */
void *guest_phys_ptr(const struct guest_mem *m, uint64_t phys, uint64_t len);

#endif
