/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The request page shared by uvmm and one guest process's stub: uvmm
 * queues map/unmap/protect operations here while the process is stopped,
 * the stub carries them out in one batch and reports how far it got.
 * The stub fills in the header's addresses once, when it is ready, and uvmm
 * reads them then and never again (later the page is only as private as the
 * stub's mprotect that hides it between batches).
 * Included by the freestanding stub and by uvmm: fixed-size types only.
 */
#ifndef UVMM_STUB_ABI_H
#define UVMM_STUB_ABI_H

#include <stdint.h>

#define STUB_PAGE_SIZE		4096
#define STUB_MAGIC		0x6275747320766d75ULL	/* "uvm stub" */

/* The fds the stub starts with: the memory file and its request page. */
#define STUB_MEM_FD		3
#define STUB_REQ_FD		4

#define STUB_OP_MAP		1
#define STUB_OP_UNMAP		2
#define STUB_OP_PROTECT		3

struct stub_op {
	uint32_t op;		/* STUB_OP_* */
	uint32_t prot;		/* PROT_* (host values) */
	uint64_t addr;
	uint64_t len;
	uint64_t off;		/* map: offset in the memory file */
};

struct stub_page {
	/* written by the stub when it is ready */
	uint64_t magic;
	uint64_t batch_entry;	/* rip for a batch; ends in int3 */
	uint64_t stack_top;	/* rsp for a batch */
	uint64_t page_addr;	/* where this page is in the process */
	/* written by uvmm before a batch */
	uint32_t count;
	/* written by the stub during a batch */
	uint32_t done;		/* operations that succeeded, in order */
	int64_t error;		/* 0, or -errno of operation number done */
	uint64_t batches;	/* how many batches the stub ran (tests) */
	uint64_t pad;
	struct stub_op ops[];
};

#define STUB_MAX_OPS \
	((STUB_PAGE_SIZE - sizeof(struct stub_page)) / sizeof(struct stub_op))

#endif
