// SPDX-License-Identifier: GPL-2.0
/*
 * Resource descriptor encoding. Large items start with a tag byte (bit 7
 * set) and a 16-bit length of what follows; address space descriptors then
 * carry resource type, general flags, type-specific flags and five
 * same-width fields: granularity, min, max, translation offset, length.
 */
#include <errno.h>

#include "aml_resource.h"

enum {
	RD_MEM32_FIXED = 0x86, RD_DWORD_ADDR = 0x87, RD_WORD_ADDR = 0x88,
	RD_QWORD_ADDR = 0x8A, RD_END_TAG = 0x79,
};

enum { RT_MEMORY = 0, RT_BUS = 2 };

/* General flags: bit 0 consumer, bit 1 subtractive decode, 2 MIF, 3 MAF. */
#define GF_CONSUMER	0x01
#define GF_MIN_FIXED	0x04
#define GF_MAX_FIXED	0x08

/* Memory type-specific flags: bit 0 read-write; bits 1-2 0 = non-cacheable. */
#define MEM_RW		0x01

static void le(struct aml *rt, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		aml_byte(rt, (uint8_t)(v >> (8 * i)));
}

/* One address space descriptor whose numeric fields are `w` bytes wide. */
static void addr_desc(struct aml *rt, uint8_t tag, unsigned w, uint8_t type,
		      uint8_t gflags, uint8_t tflags, uint64_t min,
		      uint64_t len)
{
	uint64_t max = min + len - 1;
	uint64_t lim = w == 8 ? UINT64_MAX : (1ULL << (8 * w)) - 1;

	if (!len || min > lim || max > lim || max < min) {
		if (!rt->err)
			rt->err = -EINVAL;
		return;
	}
	aml_byte(rt, tag);
	le(rt, 3 + 5 * w, 2);
	aml_byte(rt, type);
	aml_byte(rt, gflags);
	aml_byte(rt, tflags);
	le(rt, 0, w);		/* granularity: windows are byte granular */
	le(rt, min, w);
	le(rt, max, w);
	le(rt, 0, w);		/* translation offset: guest view = bus view */
	le(rt, len, w);
}

void aml_rd_word_bus(struct aml *rt, uint16_t min, uint16_t max)
{
	if (max < min) {
		if (!rt->err)
			rt->err = -EINVAL;
		return;
	}
	addr_desc(rt, RD_WORD_ADDR, 2, RT_BUS, GF_MIN_FIXED | GF_MAX_FIXED, 0,
		  min, (uint64_t)max - min + 1);
}

static uint8_t owner_flags(enum aml_rd_owner owner)
{
	return GF_MIN_FIXED | GF_MAX_FIXED |
	       (owner == AML_RD_CONSUMER ? GF_CONSUMER : 0);
}

void aml_rd_dword_mem(struct aml *rt, enum aml_rd_owner owner,
		      uint32_t min, uint32_t len)
{
	addr_desc(rt, RD_DWORD_ADDR, 4, RT_MEMORY, owner_flags(owner), MEM_RW,
		  min, len);
}

void aml_rd_qword_mem(struct aml *rt, enum aml_rd_owner owner,
		      uint64_t min, uint64_t len)
{
	addr_desc(rt, RD_QWORD_ADDR, 8, RT_MEMORY, owner_flags(owner), MEM_RW,
		  min, len);
}

void aml_rd_mem32_fixed(struct aml *rt, uint32_t base, uint32_t len)
{
	if (!len || (uint64_t)base + len - 1 > UINT32_MAX) {
		if (!rt->err)
			rt->err = -EINVAL;
		return;
	}
	aml_byte(rt, RD_MEM32_FIXED);
	le(rt, 9, 2);
	aml_byte(rt, MEM_RW);
	le(rt, base, 4);
	le(rt, len, 4);
}

void aml_rd_end(struct aml *rt)
{
	aml_byte(rt, RD_END_TAG);
	aml_byte(rt, 0);
}
