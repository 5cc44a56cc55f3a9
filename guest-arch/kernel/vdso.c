// SPDX-License-Identifier: GPL-2.0
/*
 * The vDSO in every new program: the vvar page (the kernel's struct
 * vdso_data, which timekeeping updates, kernel/time/vsyscall.c) and above
 * it the vDSO's code (kernel/vdso/), both ordinary guest pages that the
 * user mirror maps like any other, read-only. AT_SYSINFO_EHDR (asm/elf.h)
 * tells the C library where the code is.
 */
#include <linux/binfmts.h>
#include <linux/elf.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <vdso/datapage.h>

extern char vdso_start[], vdso_end[];

static union vdso_data_store vdso_data_store __page_aligned_data;
struct vdso_data *vdso_data = vdso_data_store.data;

static struct page *vvar_pages[1];
static struct page **vdso_pages;
static unsigned long vdso_size;

/* mremap() of the vDSO (as CRIU does): the mm's record follows it. */
static int vdso_mremap(const struct vm_special_mapping *sm, struct vm_area_struct *vma)
{
	current->mm->context.vdso = vma->vm_start;
	return 0;
}

static const struct vm_special_mapping vvar_mapping = {
	.name = "[vvar]",
	.pages = vvar_pages,
};

static struct vm_special_mapping vdso_mapping = {
	.name = "[vdso]",
	.mremap = vdso_mremap,
};

static int __init vdso_init(void)
{
	unsigned long i, n;

	if (memcmp(vdso_start, ELFMAG, SELFMAG))
		panic("uvmm: the vDSO image is not an ELF file");
	vdso_size = vdso_end - vdso_start;
	n = vdso_size >> PAGE_SHIFT;
	vdso_pages = kcalloc(n + 1, sizeof(*vdso_pages), GFP_KERNEL);
	if (!vdso_pages)
		panic("uvmm: no memory for the vDSO's page list");
	for (i = 0; i < n; i++)
		vdso_pages[i] = virt_to_page(vdso_start + i * PAGE_SIZE);
	vdso_mapping.pages = vdso_pages;
	vvar_pages[0] = virt_to_page(vdso_data);
	return 0;
}
arch_initcall(vdso_init);

int arch_setup_additional_pages(struct linux_binprm *bprm, int uses_interp)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	unsigned long base;
	int ret = 0;

	if (mmap_write_lock_killable(mm))
		return -EINTR;
	base = get_unmapped_area(NULL, 0, PAGE_SIZE + vdso_size, 0, 0);
	if (IS_ERR_VALUE(base)) {
		ret = base;
		goto out;
	}
	vma = _install_special_mapping(mm, base, PAGE_SIZE, VM_READ | VM_MAYREAD,
				       &vvar_mapping);
	if (IS_ERR(vma)) {
		ret = PTR_ERR(vma);
		goto out;
	}
	/* VM_MAYWRITE: a debugger's breakpoint copies the page, as on x86_64. */
	vma = _install_special_mapping(mm, base + PAGE_SIZE, vdso_size,
				       VM_READ | VM_EXEC | VM_MAYREAD | VM_MAYWRITE |
				       VM_MAYEXEC, &vdso_mapping);
	if (IS_ERR(vma)) {
		do_munmap(mm, base, PAGE_SIZE, NULL);
		ret = PTR_ERR(vma);
		goto out;
	}
	mm->context.vdso = base + PAGE_SIZE;
out:
	mmap_write_unlock(mm);
	return ret;
}
