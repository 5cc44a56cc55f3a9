// SPDX-License-Identifier: GPL-2.0
/*
 * start_faults: the page faults of a new program's start, as a C library's
 * start-up makes them: it reads its read-only data (beside its code, in
 * the same file) and writes its data and bss (small private mappings) all
 * over, in no order. Writes a minimal static ELF to /tmp (code, 6 pages of
 * read-only data, 4 of data and 4 of bss), whose code walks a table of
 * addresses (the first read-only page) and loads or stores a byte at each,
 * then exits. Prints "read faults N" (a run reading the 5 other read-only
 * pages) and "write faults N" (a run writing the data and bss pages), each
 * counted by perf's PAGE_FAULTS on the child from its exec.
 * tests/guest/fault-ahead.t expects none for the reads (the read-only data
 * comes mapped with the code at the first run) and one for the writes (a
 * small private mapping is written as a whole, with its small private
 * neighbours in the same 64 KiB window).
 */
#include <stdint.h>

#include "exec_faults.h"

#define PAGE		0x1000UL
#define BASE		0x400000UL
#define RODATA		(BASE + PAGE)		/* 6 pages; the table first */
#define DATA		(RODATA + 6 * PAGE)	/* 4 pages from the file */
#define BSS		(DATA + 4 * PAGE)	/* 4 pages of zeros */
#define FILE_SIZE	(BSS - BASE)
#define CODE_OFF	0x100
#define STR_(x)		#x
#define STR(x)		STR_(x)

/*
 * The program: for each (address, write?) pair of the table at RODATA up
 * to a zero address, store or load a byte; then exit(0). Only relative
 * jumps and the table's absolute address: it runs where the ELF puts it.
 */
__asm__(".section .rodata\n"
	".globl prog_code, prog_code_end\n"
	"prog_code:\n"
	"	movl $0x401000, %esi\n"
	"1:	movq (%rsi), %rdi\n"
	"	testq %rdi, %rdi\n"
	"	jz 3f\n"
	"	cmpq $0, 8(%rsi)\n"
	"	je 2f\n"
	"	movb $1, (%rdi)\n"
	"	addq $16, %rsi\n"
	"	jmp 1b\n"
	"2:	movb (%rdi), %al\n"
	"	addq $16, %rsi\n"
	"	jmp 1b\n"
	"3:	movl $60, %eax\n"
	"	xorl %edi, %edi\n"
	"	syscall\n"
	"prog_code_end:\n"
	".previous\n");
extern const unsigned char prog_code[], prog_code_end[];
_Static_assert(RODATA == 0x401000, "the table's address in prog_code");

struct access {
	uint64_t addr, write;
};

/* The other read-only pages, then the data and bss pages, in no order. */
static const struct access reads[] = {
	{ RODATA + 4 * PAGE + 8, 0 }, { RODATA + 1 * PAGE + 8, 0 }, { RODATA + 5 * PAGE + 8, 0 },
	{ RODATA + 2 * PAGE + 8, 0 }, { RODATA + 3 * PAGE + 8, 0 }, { 0, 0 },
};
static const struct access writes[] = {
	{ DATA + 2 * PAGE + 8, 1 }, { DATA + 0 * PAGE + 8, 1 }, { DATA + 3 * PAGE + 8, 1 },
	{ DATA + 1 * PAGE + 8, 1 }, { BSS + 2 * PAGE + 8, 1 }, { BSS + 0 * PAGE + 8, 1 },
	{ BSS + 3 * PAGE + 8, 1 }, { BSS + 1 * PAGE + 8, 1 }, { 0, 0 },
};

static int write_program(const char *path, const struct access *table, size_t table_size)
{
	static unsigned char image[FILE_SIZE];
	Elf64_Ehdr *e = (Elf64_Ehdr *)image;
	Elf64_Phdr *p = (Elf64_Phdr *)(e + 1);

	memset(image, 0, sizeof(image));
	elf_header(e, BASE + CODE_OFF, 3);
	p[0] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = 0,
			     .p_vaddr = BASE, .p_filesz = PAGE, .p_memsz = PAGE, .p_align = PAGE };
	p[1] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R, .p_offset = RODATA - BASE,
			     .p_vaddr = RODATA, .p_filesz = 6 * PAGE, .p_memsz = 6 * PAGE,
			     .p_align = PAGE };
	p[2] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_W, .p_offset = DATA - BASE,
			     .p_vaddr = DATA, .p_filesz = 4 * PAGE, .p_memsz = 8 * PAGE,
			     .p_align = PAGE };
	for (int i = 0; i < 3; i++)
		p[i].p_paddr = p[i].p_vaddr;
	memcpy(image + CODE_OFF, prog_code, prog_code_end - prog_code);
	memcpy(image + (RODATA - BASE), table, table_size);
	return write_executable(path, image, sizeof(image));
}

int main(void)
{
	static const char path[] = "/tmp/start-faults-prog";

	if (write_program(path, reads, sizeof(reads))) {
		perror("FAIL: program");
		return 1;
	}
	printf("read faults %lld\n", exec_faults(path));
	if (write_program(path, writes, sizeof(writes))) {
		perror("FAIL: program");
		return 1;
	}
	printf("write faults %lld\n", exec_faults(path));
	unlink(path);
	return 0;
}
