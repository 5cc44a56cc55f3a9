/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel is linked at its direct-map address: PAGE_OFFSET +
 * KERNEL_LOAD_PHYS, with load (physical) addresses = virtual - PAGE_OFFSET.
 * uvmm loads the PT_LOAD segments at those physical addresses of guest RAM.
 */
#define LOAD_OFFSET PAGE_OFFSET
/*
 * __exit code of built-in drivers never runs, but the bug table (and the
 * exception table) may point into it: keep it with the init sections,
 * freed after boot, instead of discarding it at link time.
 */
#define RUNTIME_DISCARD_EXIT

#include <asm/cache.h>
#include <asm/page.h>
#include <asm/thread_info.h>
#include <asm-generic/vmlinux.lds.h>

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(_start)

jiffies = jiffies_64;

SECTIONS
{
	. = PAGE_OFFSET + KERNEL_LOAD_PHYS;

	_text = .;
	.text : AT(ADDR(.text) - LOAD_OFFSET) {
		_stext = .;
		HEAD_TEXT
		TEXT_TEXT
		SCHED_TEXT
		LOCK_TEXT
		KPROBES_TEXT
		ENTRY_TEXT
		IRQENTRY_TEXT
		SOFTIRQENTRY_TEXT
		*(.fixup)
		*(.gnu.warning)
	}
	_etext = .;

	EXCEPTION_TABLE(16)

	RO_DATA(PAGE_SIZE)

	. = ALIGN(PAGE_SIZE);
	_sdata = .;
	RW_DATA(L1_CACHE_BYTES, PAGE_SIZE, THREAD_SIZE)
	_edata = .;

	. = ALIGN(PAGE_SIZE);
	__init_begin = .;
	INIT_TEXT_SECTION(PAGE_SIZE)
	INIT_DATA_SECTION(16)
	.exit.text : AT(ADDR(.exit.text) - LOAD_OFFSET) {
		EXIT_TEXT
	}
	.exit.data : AT(ADDR(.exit.data) - LOAD_OFFSET) {
		EXIT_DATA
	}
	PERCPU_SECTION(L1_CACHE_BYTES)
	. = ALIGN(PAGE_SIZE);
	__init_end = .;

	BSS_SECTION(0, 0, 0)
	_end = .;

	STABS_DEBUG
	DWARF_DEBUG
	ELF_DETAILS

	DISCARDS
}
