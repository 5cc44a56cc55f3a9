// SPDX-License-Identifier: GPL-2.0
/*
 * Syscall sites that keep trapping are handed to uvmm for rewriting
 * (docs/fast-gate.md, "Syscall-site rewriting"): the process then runs an
 * execute-only copy of the page whose `mov $nr, %eax; syscall` jumps to
 * uvmm's gate without a signal. We pick the sites because we know what
 * the host does not: which mapping the page belongs to and which frame
 * is there now. Guest RAM is never changed, so everything we read of user
 * memory (ptrace, /proc/PID/mem, core dumps) is the original.
 */
#include <linux/hash.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/unaligned.h>
#include <asm/gate.h>
#include <asm/io.h>
#include <asm/syscall.h>
#include <asm/uvmm_walk.h>

#define SITE_LEN	7	/* b8 imm32 0f 05 */

/*
 * A site is rewritten at its second trap: code run once (most of a short
 * program's start) gains nothing from a copy, which costs a page, a
 * mapping and its batch. uvmm.rewrite_after=N on the command line (or in
 * /sys/module/uvmm/parameters) says another; 0 rewrites nothing.
 */
static unsigned int rewrite_after = 2;
#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "uvmm."
module_param(rewrite_after, uint, 0644);

static bool rewrite_off __read_mostly;	/* uvmm said never */

/* Is it this syscall's `mov $nr, %eax; syscall`? */
static bool site_code(const u8 *code, u32 nr)
{
	return code[0] == 0xb8 && get_unaligned_le32(code + 1) == nr &&
	       code[5] == 0x0f && code[6] == 0x05;
}

/* The page at site, as mapped now: RAM user code may run but not write. */
static long ask_uvmm(struct mm_struct *mm, unsigned long site, u32 nr)
{
	unsigned long page = site & PAGE_MASK, flags;
	spinlock_t *ptl;
	pmd_t *pmd;
	pte_t *ptep, pte;
	long err = -EAGAIN;

	pmd = uvmm_walk_to_pmd(pgd_offset(mm, page), page);
	if (!pmd)
		return err;
	ptep = pte_offset_map_lock(mm, pmd, page, &ptl);
	if (!ptep)
		return err;
	pte = ptep_get(ptep);
	if ((pte_val(pte) & (_PAGE_PRESENT | _PAGE_USER)) == (_PAGE_PRESENT | _PAGE_USER) &&
	    pte_exec(pte) && !pte_write(pte) &&
	    uvmm_pfn_is_ram(pte_pfn(pte)) &&
	    site_code((u8 *)pfn_to_kaddr(pte_pfn(pte)) + (site & ~PAGE_MASK), nr)) {
		local_irq_save(flags);
		err = gate_mm_rewrite_syscall(mm->context.id, site,
					      pte_pfn(pte) << PAGE_SHIFT, nr,
					      UVMM_PROT_READ | UVMM_PROT_EXEC);
		local_irq_restore(flags);
	}
	pte_unmap_unlock(ptep, ptl);
	return err;
}

/*
 * The syscall nr came from the instruction that ends at ip. Counted per
 * address space in a small cache; at its second trap the site is looked
 * at and, if it is one, uvmm rewrites it before the process runs again.
 */
void uvmm_syscall_site(unsigned long ip, unsigned long nr)
{
	struct mm_struct *mm = current->mm;
	unsigned long site = ip - SITE_LEN;
	struct uvmm_site_count *c;
	struct vm_area_struct *vma;
	long err = -EAGAIN;

	if (rewrite_off || !rewrite_after || !mm || mm->context.no_rewrite || nr > U32_MAX ||
	    (site & PAGE_MASK) != ((ip - 1) & PAGE_MASK) || site > ip)
		return;
	c = &mm->context.sites[hash_long(ip, UVMM_SITE_COUNT_BITS)];
	if (c->ip != ip) {
		c->ip = ip;
		c->count = 0;
	}
	if (++c->count != READ_ONCE(rewrite_after) || !mmap_read_trylock(mm))
		return;
	vma = vma_lookup(mm, site);
	if (vma && (vma->vm_flags & VM_EXEC) &&
	    !(vma->vm_flags & (VM_WRITE | VM_IO | VM_PFNMAP | VM_MIXEDMAP)) &&
	    !find_vma_intersection(mm, UVMM_SITE_TABLE, UVMM_SITE_TABLE + UVMM_SITE_TABLE_SIZE))
		err = ask_uvmm(mm, site, nr);
	mmap_read_unlock(mm);
	if (err == -EOPNOTSUPP)
		rewrite_off = true;
	else if (err == -ENOSPC)
		mm->context.no_rewrite = true;
}
