// SPDX-License-Identifier: GPL-2.0
/*
 * Loadable modules. They are compiled as the kernel is (small code model,
 * no PIC), so they are placed in the module area in the low 2 GiB
 * (MODULES_VADDR, mirrored into uvmm like the vmalloc area) and their
 * relocations are the few the psABI gives such code: absolute 64- and
 * 32-bit addresses and 32- and 64-bit PC-relative ones (calls included;
 * the kernel has no PLT).
 */
#include <linux/elf.h>
#include <linux/execmem.h>
#include <linux/moduleloader.h>
#include <linux/pgtable.h>
#include <linux/printk.h>
#include <linux/string.h>

static struct execmem_info execmem_info __ro_after_init;

struct execmem_info __init *execmem_arch_setup(void)
{
	execmem_info = (struct execmem_info){
		.ranges = {
			[EXECMEM_DEFAULT] = {
				.start = MODULES_VADDR,
				.end = MODULES_END,
				.pgprot = PAGE_KERNEL_EXEC,
				.alignment = 1,
			},
		},
	};
	return &execmem_info;
}

/* Does v, taken as `bits` wide and signed (or not), keep its value? */
static bool fits(s64 v, int bits, bool is_signed)
{
	if (is_signed)
		return v == (s64)(s32)v;
	return (u64)v == (u32)v;
}

int apply_relocate_add(Elf64_Shdr *sechdrs, const char *strtab,
		       unsigned int symindex, unsigned int relsec,
		       struct module *me)
{
	const Elf64_Rela *rel = (void *)sechdrs[relsec].sh_addr;
	unsigned int i, n = sechdrs[relsec].sh_size / sizeof(*rel);
	u64 base = sechdrs[sechdrs[relsec].sh_info].sh_addr;
	const Elf64_Sym *syms = (void *)sechdrs[symindex].sh_addr;

	for (i = 0; i < n; i++) {
		const Elf64_Sym *sym = &syms[ELF64_R_SYM(rel[i].r_info)];
		unsigned int type = ELF64_R_TYPE(rel[i].r_info);
		void *loc = (void *)(base + rel[i].r_offset);
		s64 val = sym->st_value + rel[i].r_addend;
		int size = 4;
		bool ok = true;

		switch (type) {
		case R_X86_64_NONE:
			continue;
		case R_X86_64_64:
			size = 8;
			break;
		case R_X86_64_32:
			ok = fits(val, 32, false);
			break;
		case R_X86_64_32S:
			ok = fits(val, 32, true);
			break;
		case R_X86_64_PC32:
		case R_X86_64_PLT32:
			val -= (u64)loc;
			ok = fits(val, 32, true);
			break;
		case R_X86_64_PC64:
			val -= (u64)loc;
			size = 8;
			break;
		default:
			pr_err("%s: relocation type %u not supported\n", me->name, type);
			return -ENOEXEC;
		}
		if (!ok) {
			pr_err("%s: relocation %u (type %u) against %s out of range: %#llx\n",
			       me->name, i, type, strtab + sym->st_name, (u64)val);
			return -ENOEXEC;
		}
		/*
		 * The assembler leaves the field zero for RELA; anything else
		 * means it was relocated already, and adding twice would go
		 * wrong silently.
		 */
		if (memchr_inv(loc, 0, size)) {
			pr_err("%s: relocation %u (type %u) at %px: field not zero\n",
			       me->name, i, type, loc);
			return -ENOEXEC;
		}
		memcpy(loc, &val, size);
	}
	return 0;
}
