// SPDX-License-Identifier: GPL-2.0
/*
 * User memory accessors. The kernel runs in the uvmm process, where no user
 * page is mapped: look the page up in current->mm's page tables and copy
 * through the direct map. With preemption off between the look-up and the
 * copy, nothing can unmap the page in between (one vCPU). A missing or
 * read-only page is faulted in like a hardware fault would, unless page
 * faults are disabled, in which case the access fails as it would there.
 */
#include <linux/mm.h>
#include <linux/pgtable.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <asm/uvmm_fault.h>

enum user_op { USER_READ, USER_WRITE, USER_CLEAR };

static pte_t *user_pte(struct mm_struct *mm, unsigned long addr)
{
	pgd_t *pgd = pgd_offset(mm, addr);
	p4d_t *p4d = p4d_offset(pgd, addr);
	pud_t *pud;
	pmd_t *pmd;

	if (p4d_none(*p4d) || p4d_bad(*p4d))
		return NULL;
	pud = pud_offset(p4d, addr);
	if (pud_none(*pud) || pud_bad(*pud))
		return NULL;
	pmd = pmd_offset(pud, addr);
	if (pmd_none(*pmd) || pmd_bad(*pmd))
		return NULL;
	return pte_offset_kernel(pmd, addr);
}

/* Copy up to the end of one page; false if the page is not accessible. */
static bool copy_one_page(struct mm_struct *mm, unsigned long uaddr, void *kbuf,
			  unsigned long len, enum user_op op)
{
	bool write = op != USER_READ;
	pte_t *ptep, pte;
	void *kaddr;

	ptep = user_pte(mm, uaddr);
	if (!ptep)
		return false;
	pte = ptep_get(ptep);
	if (!(pte_val(pte) & _PAGE_PRESENT) || !(pte_val(pte) & _PAGE_USER) ||
	    (write && !pte_write(pte)) || !pfn_valid(pte_pfn(pte)))
		return false;
	/* What the MMU would do: mark the page accessed, and dirty on write. */
	pte = pte_mkyoung(pte);
	if (write)
		pte = pte_mkdirty(pte);
	set_pte(ptep, pte);

	kaddr = page_address(pte_page(pte)) + offset_in_page(uaddr);
	if (op == USER_READ)
		memcpy(kbuf, kaddr, len);
	else if (op == USER_WRITE)
		memcpy(kaddr, kbuf, len);
	else
		memset(kaddr, 0, len);
	return true;
}

/* Returns the number of bytes NOT copied, as the uaccess API wants. */
static unsigned long user_access(unsigned long uaddr, void *kbuf, unsigned long n,
				 enum user_op op)
{
	struct mm_struct *mm = current->mm;

	while (n) {
		unsigned long len = min(n, PAGE_SIZE - offset_in_page(uaddr));
		bool done;

		if (!mm || uaddr >= TASK_SIZE)
			break;
		preempt_disable();
		done = copy_one_page(mm, uaddr, kbuf, len, op);
		preempt_enable();
		if (!done) {
			if (faulthandler_disabled() ||
			    uvmm_handle_user_fault(uaddr, op != USER_READ, NULL))
				break;
			continue;
		}
		uaddr += len;
		if (kbuf)
			kbuf += len;
		n -= len;
	}
	return n;
}

unsigned long raw_copy_from_user(void *to, const void __user *from, unsigned long n)
{
	return user_access((unsigned long)from, to, n, USER_READ);
}
EXPORT_SYMBOL(raw_copy_from_user);

unsigned long raw_copy_to_user(void __user *to, const void *from, unsigned long n)
{
	return user_access((unsigned long)to, (void *)from, n, USER_WRITE);
}
EXPORT_SYMBOL(raw_copy_to_user);

unsigned long __clear_user(void __user *to, unsigned long n)
{
	return user_access((unsigned long)to, NULL, n, USER_CLEAR);
}
EXPORT_SYMBOL(__clear_user);
