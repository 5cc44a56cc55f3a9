// SPDX-License-Identifier: GPL-2.0
/*
 * first_run_faults: execs a program of 3 instructions (it pushes a word
 * and exits: its code page and its stack page are all it touches, a
 * minimal static ELF written to /tmp) and prints "faults N": the page
 * faults it took (perf's PAGE_FAULTS on the child, counting from its
 * exec). tests/guest/fault-ahead.t expects none: a new address space's
 * first run has those two pages mapped already (uvmm_user_prefault).
 */
#include <stddef.h>

#include "exec_faults.h"

#define BASE 0x400000UL

/* push %rax; mov $60, %eax; xor %edi, %edi; syscall */
static const unsigned char code[] = {
	0x50, 0xb8, 0x3c, 0x00, 0x00, 0x00, 0x31, 0xff, 0x0f, 0x05,
};

static int write_program(const char *path)
{
	struct image { Elf64_Ehdr e; Elf64_Phdr p; unsigned char code[sizeof(code)]; } f;

	memset(&f, 0, sizeof(f));
	elf_header(&f.e, BASE + offsetof(struct image, code), 1);
	f.p.p_type = PT_LOAD;
	f.p.p_flags = PF_R | PF_X;
	f.p.p_vaddr = f.p.p_paddr = BASE;
	f.p.p_filesz = f.p.p_memsz = sizeof(f);
	f.p.p_align = 4096;
	memcpy(f.code, code, sizeof(code));
	return write_executable(path, &f, sizeof(f));
}

int main(void)
{
	static const char path[] = "/tmp/first-run-faults-prog";
	long long n;

	if (write_program(path)) {
		perror("FAIL: program");
		return 1;
	}
	n = exec_faults(path);
	unlink(path);
	if (n < 0)
		return 1;
	printf("faults %lld\n", n);
	return 0;
}
