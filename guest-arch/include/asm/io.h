/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MMIO accessors. No MMU traps our accesses, so device registers cannot be
 * plain loads and stores: an ioremap of device memory (anything that is not
 * guest RAM) gets page-table entries in the vmalloc area that are never
 * mirrored into the uvmm process (mm/kernel_mirror.c), and the accessors
 * below send accesses there to uvmm with the guest-physical address
 * (gate mmio_read/mmio_write), so no instruction decoding is needed.
 * Everything else, RAM-backed ioremaps included, stays a plain access.
 * asm-generic/io.h builds readl(), ioread32(), memcpy_fromio() etc. on
 * these __raw_* accessors.
 */
#ifndef _ASM_UVMM_IO_H
#define _ASM_UVMM_IO_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <asm/uvmm_gate.h>
#include <asm/uvmm_layout.h>

/* Guest RAM, as opposed to device memory (kernel/mmio.c). */
bool uvmm_pfn_is_ram(unsigned long pfn);

/* Out of line (kernel/mmio.c): the page-table lookup and the gate call. */
u64 uvmm_mmio_read(const volatile void __iomem *addr, unsigned int size);
void uvmm_mmio_write(volatile void __iomem *addr, u64 value, unsigned int size);

/*
 * Only ioremap addresses can be emulated device memory: one compare on the
 * fast path. Passthrough BARs returned by ioremap as aliases above
 * UVMM_IO_DIRECT_START (kernel/ioremap.c) are plain memory to us.
 */
static __always_inline bool uvmm_maybe_device(const volatile void __iomem *addr)
{
	unsigned long a = (unsigned long)addr;

	return a - UVMM_VMALLOC_START < UVMM_IO_DIRECT_START - UVMM_VMALLOC_START;
}

#define UVMM_RAW_ACCESSORS(sfx, type, bytes)					\
static __always_inline type __raw_read##sfx(const volatile void __iomem *addr) \
{										\
	if (unlikely(uvmm_maybe_device(addr)))					\
		return (type)uvmm_mmio_read(addr, bytes);			\
	return *(const volatile type __force *)addr;				\
}										\
static __always_inline void __raw_write##sfx(type value, volatile void __iomem *addr) \
{										\
	if (unlikely(uvmm_maybe_device(addr))) {				\
		uvmm_mmio_write(addr, value, bytes);				\
		return;								\
	}									\
	*(volatile type __force *)addr = value;					\
}

UVMM_RAW_ACCESSORS(b, u8, 1)
UVMM_RAW_ACCESSORS(w, u16, 2)
UVMM_RAW_ACCESSORS(l, u32, 4)
UVMM_RAW_ACCESSORS(q, u64, 8)
#undef UVMM_RAW_ACCESSORS

#define __raw_readb __raw_readb
#define __raw_readw __raw_readw
#define __raw_readl __raw_readl
#define __raw_readq __raw_readq
#define __raw_writeb __raw_writeb
#define __raw_writew __raw_writew
#define __raw_writel __raw_writel
#define __raw_writeq __raw_writeq

/*
 * Block copies: asm-generic's defaults are plain memcpy/memset, which would
 * touch unmirrored device pages directly; ours go through the accessors.
 */
void memcpy_fromio(void *to, const volatile void __iomem *from, size_t count);
void memcpy_toio(volatile void __iomem *to, const void *from, size_t count);
void memset_io(volatile void __iomem *dst, int c, size_t count);
#define memcpy_fromio memcpy_fromio
#define memcpy_toio memcpy_toio
#define memset_io memset_io

/* kernel/ioremap.c: the generic ones, with the passthrough BAR fast lane. */
#define ioremap_prot ioremap_prot
#define iounmap iounmap

#include <asm-generic/io.h>

#endif
