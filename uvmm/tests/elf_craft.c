// SPDX-License-Identifier: GPL-2.0
/* Builds the test kernel image described in elf_craft.h. */
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "asm/uvmm_gate.h"

#include "elf_craft.h"

/*
 * The entry code powers the guest off through the gate, so that a monitor
 * that really runs this image ends at once:
 *   mov $UVMM_GATE_ADDR, %eax; mov halt(%rax), %rax;
 *   xor %edi, %edi; xor %esi, %esi; call *%rax; ud2
 */
static void entry_code(unsigned char *p)
{
	static const unsigned char tail[] = { 0x31, 0xff, 0x31, 0xf6, 0xff, 0xd0, 0x0f, 0x0b };
	uint32_t gate = UVMM_GATE_ADDR;
	size_t n = 0;

	p[n++] = 0xb8;
	memcpy(p + n, &gate, 4);
	n += 4;
	p[n++] = 0x48;
	p[n++] = 0x8b;
	p[n++] = 0x40;
	p[n++] = (unsigned char)offsetof(struct uvmm_gate, halt);
	memcpy(p + n, tail, sizeof(tail));
}

static void set_phdr(Elf64_Phdr *p, uint32_t type, uint32_t flags, uint64_t off,
		     uint64_t phys, uint64_t filesz, uint64_t memsz, uint64_t align)
{
	p->p_type = type;
	p->p_flags = flags;
	p->p_offset = off;
	p->p_paddr = phys;
	p->p_vaddr = phys ? UVMM_PAGE_OFFSET + phys : 0;
	p->p_filesz = filesz;
	p->p_memsz = memsz;
	p->p_align = align;
}

void elf_craft(struct crafted_elf *c, uint32_t abi)
{
	Elf64_Ehdr *eh = craft_ehdr(c);
	Elf64_Nhdr *nh = craft_note(c);

	memset(c, 0, sizeof(*c));
	c->len = CRAFT_SIZE;
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_entry = UVMM_PAGE_OFFSET + CRAFT_TEXT_PHYS;
	eh->e_phoff = sizeof(Elf64_Ehdr);
	eh->e_ehsize = sizeof(Elf64_Ehdr);
	eh->e_phentsize = sizeof(Elf64_Phdr);
	eh->e_phnum = CRAFT_PHNUM;

	set_phdr(craft_phdr(c, CRAFT_PH_TEXT), PT_LOAD, PF_R | PF_X, CRAFT_TEXT_OFF,
		 CRAFT_TEXT_PHYS, CRAFT_TEXT_SIZE, CRAFT_TEXT_SIZE, 0x1000);
	set_phdr(craft_phdr(c, CRAFT_PH_DATA), PT_LOAD, PF_R | PF_W, CRAFT_DATA_OFF,
		 CRAFT_DATA_PHYS, CRAFT_DATA_FILESZ, CRAFT_DATA_MEMSZ, 0x1000);
	set_phdr(craft_phdr(c, CRAFT_PH_NOTE), PT_NOTE, PF_R, CRAFT_NOTE_OFF, 0,
		 sizeof(*nh) + 8 + 4, sizeof(*nh) + 8 + 4, 4);

	nh->n_namesz = 5;
	nh->n_descsz = 4;
	nh->n_type = 1;
	memcpy(craft_note_name(c), "uvmm", 5);
	memcpy(craft_note_name(c) + 8, &abi, 4);

	/* Text: the entry code, then int3 fill; data: a recognisable ramp. */
	memset(c->buf + CRAFT_TEXT_OFF, 0xcc, CRAFT_TEXT_SIZE);
	entry_code(c->buf + CRAFT_TEXT_OFF);
	for (int i = 0; i < CRAFT_DATA_FILESZ; i++)
		c->buf[CRAFT_DATA_OFF + i] = (unsigned char)(i + 1);
}

int craft_write(const struct crafted_elf *c, const char *path)
{
	size_t done = 0;
	int fd;

	/* A fresh file: truncating one just written is slow on some disks. */
	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	while (done < c->len) {
		ssize_t n = write(fd, c->buf + done, c->len - done);

		if (n <= 0) {
			close(fd);
			return -1;
		}
		done += (size_t)n;
	}
	return close(fd);
}
