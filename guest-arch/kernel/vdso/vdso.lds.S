/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vDSO's layout: one read-only, executable load segment holding its
 * dynamic symbol tables and code, linked at 0 and placed by the kernel
 * one page above the vvar page (kernel/vdso.c), whose struct vdso_data the
 * code reaches PC-relative as _vdso_data.
 */
#include <asm/page.h>

OUTPUT_FORMAT("elf64-x86-64", "elf64-x86-64", "elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)

SECTIONS
{
	PROVIDE(_vdso_data = . - PAGE_SIZE);
	. = SIZEOF_HEADERS;

	.hash		: { *(.hash) }			:text
	.gnu.hash	: { *(.gnu.hash) }
	.dynsym		: { *(.dynsym) }
	.dynstr		: { *(.dynstr) }
	.gnu.version	: { *(.gnu.version) }
	.gnu.version_d	: { *(.gnu.version_d) }
	.gnu.version_r	: { *(.gnu.version_r) }

	.note		: { *(.note.*) }		:text	:note
	.dynamic	: { *(.dynamic) }		:text	:dynamic
	.eh_frame_hdr	: { *(.eh_frame_hdr) }		:text	:eh_frame_hdr
	.eh_frame	: { KEEP (*(.eh_frame)) }	:text

	.rodata		: { *(.rodata .rodata.* .data .data.* .bss .bss.*) }	:text

	. = ALIGN(16);
	.text		: { *(.text .text.*) }		:text

	/DISCARD/ : {
		*(.comment)
		*(.discard .discard.*)
		*(.note.GNU-stack)
	}
}

PHDRS
{
	text		PT_LOAD		FLAGS(5) FILEHDR PHDRS;	/* R, X */
	dynamic		PT_DYNAMIC	FLAGS(4);
	note		PT_NOTE		FLAGS(4);
	eh_frame_hdr	PT_GNU_EH_FRAME;
}

/* As x86_64's vDSO: what glibc and musl look for. */
VERSION
{
	LINUX_2.6 {
	global:
		clock_gettime;
		__vdso_clock_gettime;
		gettimeofday;
		__vdso_gettimeofday;
		time;
		__vdso_time;
		clock_getres;
		__vdso_clock_getres;
		getcpu;
		__vdso_getcpu;
	local: *;
	};
}
