// SPDX-License-Identifier: GPL-2.0
/*
 * Resolving a fault on a user address through the normal mm path. The
 * kernel's user accessors call this when a page is missing or read-only
 * (no MMU raises the fault for them); guest user traps will too.
 */
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include <asm/uvmm_fault.h>

int uvmm_handle_user_fault(unsigned long addr, bool write, struct pt_regs *regs)
{
	struct mm_struct *mm = current->mm;
	unsigned int flags = FAULT_FLAG_DEFAULT;
	struct vm_area_struct *vma;
	vm_fault_t fault;
	bool present;

	if (!mm || addr >= TASK_SIZE)
		return -EFAULT;
	if (write)
		flags |= FAULT_FLAG_WRITE;
	if (regs && user_mode(regs))
		flags |= FAULT_FLAG_USER;
retry:
	vma = lock_mm_and_find_vma(mm, addr, regs);
	if (!vma)
		return -EFAULT;
	if (write ? !(vma->vm_flags & VM_WRITE) :
		    !(vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC))) {
		mmap_read_unlock(mm);
		return -EFAULT;
	}

	/*
	 * The kernel's own write to a page that is there but read-only (the
	 * TID a fork child's C library asked for, on a page shared
	 * copy-on-write; the rseq area): the fault drops the page from the
	 * host process, which touches it next, mostly; it is mirrored again
	 * below. Pages faulted in afresh are left to the process's own
	 * faults, which map them a window at a time.
	 */
	present = !regs && uvmm_user_present(mm, addr);
	fault = handle_mm_fault(vma, addr, flags, regs);
	/*
	 * The lock was dropped to wait for I/O (a page of a file on a disk or
	 * a share): only a fatal signal ends a kernel access (regs NULL)
	 * there, any signal a user one.
	 */
	if ((fault & VM_FAULT_RETRY) &&
	    (regs ? fault_signal_pending(fault, regs) : fatal_signal_pending(current)))
		return -EFAULT;
	if (fault & VM_FAULT_COMPLETED)
		return 0;
	if (fault & VM_FAULT_RETRY) {
		flags |= FAULT_FLAG_TRIED;
		goto retry;
	}
	if (present && !(fault & VM_FAULT_ERROR))
		uvmm_user_remirror(mm, addr);
	mmap_read_unlock(mm);

	if (fault & VM_FAULT_OOM) {
		pagefault_out_of_memory();
		return -ENOMEM;
	}
	return (fault & VM_FAULT_ERROR) ? -EFAULT : 0;
}
