/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny but complete ARCH=uvmm kernel image, crafted in memory for tests:
 * a text segment, a data segment with bss, and the "uvmm" ABI note. Tests
 * break one field at a time through the accessors.
 */
#ifndef UVMM_TESTS_ELF_CRAFT_H
#define UVMM_TESTS_ELF_CRAFT_H

#include <elf.h>
#include <stddef.h>
#include <stdint.h>

/* Layout of the crafted image (file offsets and guest-physical addresses). */
#define CRAFT_PH_TEXT		0
#define CRAFT_PH_DATA		1
#define CRAFT_PH_NOTE		2
#define CRAFT_PHNUM		3
#define CRAFT_NOTE_OFF		0x100
#define CRAFT_TEXT_OFF		0x1000
#define CRAFT_TEXT_SIZE		0x1000
#define CRAFT_DATA_OFF		0x2000
#define CRAFT_DATA_FILESZ	0x100
#define CRAFT_DATA_MEMSZ	0x3000
#define CRAFT_TEXT_PHYS		0x200000ULL
#define CRAFT_DATA_PHYS		(CRAFT_TEXT_PHYS + CRAFT_TEXT_SIZE)
#define CRAFT_SIZE		(CRAFT_DATA_OFF + CRAFT_DATA_FILESZ)

struct crafted_elf {
	unsigned char buf[CRAFT_SIZE];
	size_t len;
};

/* The good image, with gate ABI version abi in its note. */
void elf_craft(struct crafted_elf *c, uint32_t abi);

static inline Elf64_Ehdr *craft_ehdr(struct crafted_elf *c)
{
	return (Elf64_Ehdr *)c->buf;
}

static inline Elf64_Phdr *craft_phdr(struct crafted_elf *c, int i)
{
	return (Elf64_Phdr *)(c->buf + sizeof(Elf64_Ehdr)) + i;
}

static inline Elf64_Nhdr *craft_note(struct crafted_elf *c)
{
	return (Elf64_Nhdr *)(c->buf + CRAFT_NOTE_OFF);
}

/* The note's name bytes ("uvmm\0" padded to 8). */
static inline char *craft_note_name(struct crafted_elf *c)
{
	return (char *)c->buf + CRAFT_NOTE_OFF + sizeof(Elf64_Nhdr);
}

/* Write the image to path; -1 on error (errno set). */
int craft_write(const struct crafted_elf *c, const char *path);

#endif
