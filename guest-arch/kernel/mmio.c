// SPDX-License-Identifier: GPL-2.0
/*
 * The slow path of the MMIO accessors (asm/io.h): an access to the ioremap
 * area looks up its page-table entry. A page of guest RAM is mirrored into
 * the uvmm process, and so is a page of a passthrough BAR that uvmm mapped
 * itself (_PAGE_UVMM_DIRECT): the access is a plain load or store. A page of
 * emulated device memory (a vpci BAR, ECAM, an MSI-X table) is never
 * mirrored, and the access goes to uvmm through the gate with its
 * guest-physical address. An address with no mapping at all is accessed
 * plainly too, so that it faults and oopses as a stray access to unmapped
 * memory would.
 */
#include <linux/export.h>
#include <linux/string.h>
#include <linux/io.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/pgtable.h>
#include <linux/unaligned.h>
#include <asm/gate.h>
#include <asm/uvmm_walk.h>

bool uvmm_pfn_is_ram(unsigned long pfn)
{
	return pfn_valid(pfn) && memblock_is_memory(PFN_PHYS(pfn));
}

/* The guest-physical address behind an emulated device mapping, or false. */
static bool device_phys(const volatile void __iomem *addr, phys_addr_t *phys)
{
	unsigned long a = (unsigned long)addr;
	pte_t *ptep = uvmm_kernel_pte(a);
	pte_t pte;

	if (!ptep)
		return false;
	pte = ptep_get(ptep);
	if (!(pte_val(pte) & _PAGE_PRESENT) || (pte_val(pte) & _PAGE_UVMM_DIRECT) ||
	    uvmm_pfn_is_ram(pte_pfn(pte)))
		return false;
	*phys = PFN_PHYS(pte_pfn(pte)) | (a & ~PAGE_MASK);
	return true;
}

u64 uvmm_mmio_read(const volatile void __iomem *addr, unsigned int size)
{
	phys_addr_t phys;

	if (device_phys(addr, &phys))
		return gate_mmio_read(phys, size);
	switch (size) {
	case 1:
		return *(const volatile u8 __force *)addr;
	case 2:
		return *(const volatile u16 __force *)addr;
	case 4:
		return *(const volatile u32 __force *)addr;
	default:
		return *(const volatile u64 __force *)addr;
	}
}
EXPORT_SYMBOL(uvmm_mmio_read);

void uvmm_mmio_write(volatile void __iomem *addr, u64 value, unsigned int size)
{
	phys_addr_t phys;

	if (device_phys(addr, &phys)) {
		gate_mmio_write(phys, value, size);
		return;
	}
	switch (size) {
	case 1:
		*(volatile u8 __force *)addr = value;
		break;
	case 2:
		*(volatile u16 __force *)addr = value;
		break;
	case 4:
		*(volatile u32 __force *)addr = value;
		break;
	default:
		*(volatile u64 __force *)addr = value;
		break;
	}
}
EXPORT_SYMBOL(uvmm_mmio_write);

/*
 * Block copies: bytes up to 8-byte alignment of the device address, then
 * 8-byte accesses, then the tail in bytes, as the generic helpers in
 * later kernels do. RAM (and anything outside the ioremap area) is copied
 * plainly.
 */
void memcpy_fromio(void *to, const volatile void __iomem *from, size_t count)
{
	u8 *dst = to;

	if (!uvmm_maybe_device(from)) {
		memcpy(to, (const void __force *)from, count);
		return;
	}
	while (count && !IS_ALIGNED((unsigned long)from, 8)) {
		*dst++ = __raw_readb(from++);
		count--;
	}
	for (; count >= 8; count -= 8, from += 8, dst += 8)
		put_unaligned(__raw_readq(from), (u64 *)dst);
	while (count--)
		*dst++ = __raw_readb(from++);
}
EXPORT_SYMBOL(memcpy_fromio);

void memcpy_toio(volatile void __iomem *to, const void *from, size_t count)
{
	const u8 *src = from;

	if (!uvmm_maybe_device(to)) {
		memcpy((void __force *)to, from, count);
		return;
	}
	while (count && !IS_ALIGNED((unsigned long)to, 8)) {
		__raw_writeb(*src++, to++);
		count--;
	}
	for (; count >= 8; count -= 8, to += 8, src += 8)
		__raw_writeq(get_unaligned((const u64 *)src), to);
	while (count--)
		__raw_writeb(*src++, to++);
}
EXPORT_SYMBOL(memcpy_toio);

void memset_io(volatile void __iomem *dst, int c, size_t count)
{
	u64 q = 0x0101010101010101ULL * (u8)c;

	if (!uvmm_maybe_device(dst)) {
		memset((void __force *)dst, c, count);
		return;
	}
	while (count && !IS_ALIGNED((unsigned long)dst, 8)) {
		__raw_writeb(c, dst++);
		count--;
	}
	for (; count >= 8; count -= 8, dst += 8)
		__raw_writeq(q, dst);
	while (count--)
		__raw_writeb(c, dst++);
}
EXPORT_SYMBOL(memset_io);
