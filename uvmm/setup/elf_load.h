/* SPDX-License-Identifier: GPL-2.0 */
/* Loading the guest kernel ELF into guest memory. */
#ifndef UVMM_ELF_LOAD_H
#define UVMM_ELF_LOAD_H

#include <stddef.h>
#include <stdint.h>

struct guest_mem;

struct kernel_image {
	uint64_t entry;		/* virtual entry point (inside the direct map) */
	uint64_t phys_start;	/* lowest guest-physical byte loaded */
	uint64_t phys_end;	/* one past the highest (incl. bss) */
	uint64_t text_start;	/* virtual range of executable segments */
	uint64_t text_end;
	uint32_t gate_abi;	/* version from the kernel's "uvmm" ELF note */
	int kasan_shadow;	/* a KASAN kernel: it wants its shadow mapped */
};

/*
 * Check that the file is an x86_64 ELF executable built for ARCH=uvmm (it
 * carries an ELF note, name "uvmm", type 1, 4-byte gate ABI version, equal
 * to UVMM_GATE_ABI_VERSION; a second one, type 2 and empty, says the kernel
 * is built with KASAN), with each PT_LOAD at p_vaddr ==
 * UVMM_PAGE_OFFSET + p_paddr and inside guest RAM; then copy it in.
 * Returns -1 with a one-line message in err on any problem.
 */
int elf_load_kernel(const char *path, const struct guest_mem *m,
		    struct kernel_image *k, char *err, size_t errlen);

#define UVMM_ELF_NOTE_NAME	"uvmm"
#define UVMM_ELF_NOTE_GATE_ABI	1
#define UVMM_ELF_NOTE_KASAN	2

#endif
