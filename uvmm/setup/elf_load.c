// SPDX-License-Identifier: GPL-2.0
/*
 * Loading the guest kernel's ELF image. The file is untrusted input: every
 * offset, size and address is checked, without overflow, before a single
 * byte of guest memory is written. Only the ELF header, the program header
 * table, the notes and the loadable segments are read (with pread), so a
 * vmlinux carrying hundreds of MiB of debug info costs nothing extra.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "setup/elf_load.h"
#include "setup/guest_mem.h"

#define MAX_PHNUM	64		/* a vmlinux has a handful */
#define MAX_NOTE_SEG	(64 << 10)	/* notes are a few hundred bytes */

struct elf_file {
	const char *path;
	int fd;
	uint64_t size;
	char *err;
	size_t errlen;
};

/* Read exactly len bytes at off, already checked to lie inside the file. */
static int read_at(struct elf_file *f, void *buf, uint64_t len, uint64_t off)
{
	unsigned char *p = buf;

	while (len) {
		ssize_t n = pread(f->fd, p, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			snprintf(f->err, f->errlen, "kernel %s: read failed: %s",
				 f->path, n < 0 ? strerror(errno) : "file shrank while loading");
			return -1;
		}
		p += n;
		off += (uint64_t)n;
		len -= (uint64_t)n;
	}
	return 0;
}

/* Is [off, off+len) inside the file? No sum may wrap. */
static int in_file(const struct elf_file *f, uint64_t off, uint64_t len)
{
	return off <= f->size && len <= f->size - off;
}

static const char *machine_name(unsigned int m)
{
	switch (m) {
	case EM_386:		return "i386";
	case EM_ARM:		return "arm";
	case EM_AARCH64:	return "aarch64";
	case EM_RISCV:		return "riscv";
	case EM_PPC:		return "powerpc";
	case EM_PPC64:		return "powerpc64";
	case EM_S390:		return "s390";
	case EM_MIPS:		return "mips";
	case EM_SPARCV9:	return "sparc64";
	case EM_LOONGARCH:	return "loongarch";
	case EM_IA_64:		return "ia64";
	default:		return NULL;
	}
}

static int check_ident(struct elf_file *f, const unsigned char *id, uint64_t got)
{
	if (got < SELFMAG || memcmp(id, ELFMAG, SELFMAG) != 0) {
		snprintf(f->err, f->errlen, "kernel %s: not an ELF file", f->path);
		return -1;
	}
	/* e_machine sits at the same offset in ELF32 and ELF64 headers. */
	if (got >= 20 && (id[EI_DATA] == ELFDATA2LSB || id[EI_DATA] == ELFDATA2MSB)) {
		unsigned int mach = id[EI_DATA] == ELFDATA2LSB ?
			(unsigned int)(id[18] | id[19] << 8) :
			(unsigned int)(id[19] | id[18] << 8);

		if (mach != EM_X86_64) {
			const char *name = machine_name(mach);

			if (name)
				snprintf(f->err, f->errlen,
					 "kernel %s is for %s, not x86_64 (ARCH=uvmm)",
					 f->path, name);
			else
				snprintf(f->err, f->errlen,
					 "kernel %s is for ELF machine %u, not x86_64 (ARCH=uvmm)",
					 f->path, mach);
			return -1;
		}
	}
	if (id[EI_CLASS] != ELFCLASS64) {
		snprintf(f->err, f->errlen, "kernel %s: not a 64-bit ELF file", f->path);
		return -1;
	}
	if (id[EI_DATA] != ELFDATA2LSB) {
		snprintf(f->err, f->errlen, "kernel %s: not a little-endian ELF file", f->path);
		return -1;
	}
	if (got < sizeof(Elf64_Ehdr)) {
		snprintf(f->err, f->errlen, "kernel %s: truncated ELF header", f->path);
		return -1;
	}
	if (id[EI_VERSION] != EV_CURRENT) {
		snprintf(f->err, f->errlen, "kernel %s: unknown ELF version %u",
			 f->path, id[EI_VERSION]);
		return -1;
	}
	return 0;
}

static int check_header(struct elf_file *f, const Elf64_Ehdr *eh)
{
	if (eh->e_type != ET_EXEC) {
		const char *what = eh->e_type == ET_DYN ? "a shared object or PIE program" :
				   eh->e_type == ET_REL ? "an object file" :
				   eh->e_type == ET_CORE ? "a core dump" : "of an unknown type";

		snprintf(f->err, f->errlen,
			 "kernel %s: ELF file is %s, not an executable vmlinux", f->path, what);
		return -1;
	}
	if (eh->e_machine != EM_X86_64 || eh->e_version != EV_CURRENT) {
		snprintf(f->err, f->errlen, "kernel %s: inconsistent ELF header", f->path);
		return -1;
	}
	if (eh->e_phnum == 0 || eh->e_phnum > MAX_PHNUM) {
		snprintf(f->err, f->errlen, "kernel %s: %u program headers (expected 1 to %u)",
			 f->path, eh->e_phnum, MAX_PHNUM);
		return -1;
	}
	if (eh->e_phentsize != sizeof(Elf64_Phdr)) {
		snprintf(f->err, f->errlen, "kernel %s: program header size %u, expected %zu",
			 f->path, eh->e_phentsize, sizeof(Elf64_Phdr));
		return -1;
	}
	if (!in_file(f, eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr))) {
		snprintf(f->err, f->errlen, "kernel %s: program headers lie outside the file (truncated?)",
			 f->path);
		return -1;
	}
	return 0;
}

/*
 * Walk one PT_NOTE segment's notes: the "uvmm" notes set k->gate_abi (and
 * *found) and k->kasan_shadow. Returns -1 (message set) if one of ours is
 * malformed, else 0.
 */
static int scan_notes(struct elf_file *f, const unsigned char *buf, uint64_t len,
		      uint64_t align, struct kernel_image *k, int *found)
{
	uint64_t pos = 0;

	while (len - pos >= sizeof(Elf64_Nhdr)) {
		Elf64_Nhdr nh;
		uint64_t name_off, desc_off, next;
		int ours;

		memcpy(&nh, buf + pos, sizeof(nh));
		name_off = pos + sizeof(nh);
		/* 64-bit sums of 32-bit sizes: cannot wrap. */
		desc_off = name_off + (((uint64_t)nh.n_namesz + align - 1) & ~(align - 1));
		next = desc_off + (((uint64_t)nh.n_descsz + align - 1) & ~(align - 1));
		if (desc_off > len || nh.n_descsz > len - desc_off)
			return 0;	/* a malformed note ends the walk */
		ours = nh.n_namesz == sizeof(UVMM_ELF_NOTE_NAME) &&
		       memcmp(buf + name_off, UVMM_ELF_NOTE_NAME, sizeof(UVMM_ELF_NOTE_NAME)) == 0;
		if (ours && nh.n_type == UVMM_ELF_NOTE_GATE_ABI) {
			if (nh.n_descsz != sizeof(k->gate_abi)) {
				snprintf(f->err, f->errlen,
					 "kernel %s: malformed uvmm note (%u bytes of description, expected 4)",
					 f->path, nh.n_descsz);
				return -1;
			}
			memcpy(&k->gate_abi, buf + desc_off, sizeof(k->gate_abi));
			*found = 1;
		}
		if (ours && nh.n_type == UVMM_ELF_NOTE_KASAN)
			k->kasan_shadow = 1;
		if (next > len)
			return 0;
		pos = next;
	}
	return 0;
}

static int find_abi_note(struct elf_file *f, const Elf64_Phdr *ph, unsigned int n,
			 struct kernel_image *k)
{
	int found = 0;

	for (unsigned int i = 0; i < n; i++) {
		unsigned char *buf;
		int r;

		if (ph[i].p_type != PT_NOTE || ph[i].p_filesz == 0)
			continue;
		if (ph[i].p_filesz > MAX_NOTE_SEG || !in_file(f, ph[i].p_offset, ph[i].p_filesz)) {
			snprintf(f->err, f->errlen, "kernel %s: note segment %u lies outside the file (truncated?)",
				 f->path, i);
			return -1;
		}
		buf = malloc(ph[i].p_filesz);
		if (!buf) {
			snprintf(f->err, f->errlen, "out of memory");
			return -1;
		}
		r = read_at(f, buf, ph[i].p_filesz, ph[i].p_offset);
		if (r == 0)
			r = scan_notes(f, buf, ph[i].p_filesz, ph[i].p_align == 8 ? 8 : 4, k, &found);
		free(buf);
		if (r != 0)
			return r;
	}
	if (found)
		return 0;
	snprintf(f->err, f->errlen, "kernel %s: not a uvmm kernel: built for another architecture? (no \"uvmm\" ELF note)",
		 f->path);
	return -1;
}

/* Check one PT_LOAD against the file, the address layout and guest RAM. */
static int check_load(struct elf_file *f, const struct guest_mem *m,
		      const Elf64_Phdr *p, unsigned int i)
{
	if (p->p_filesz > p->p_memsz) {
		snprintf(f->err, f->errlen, "kernel %s: segment %u has more file bytes than memory bytes",
			 f->path, i);
		return -1;
	}
	if (!in_file(f, p->p_offset, p->p_filesz)) {
		snprintf(f->err, f->errlen, "kernel %s: segment %u lies outside the file (truncated?)",
			 f->path, i);
		return -1;
	}
	if (p->p_paddr > UINT64_MAX - UVMM_PAGE_OFFSET ||
	    p->p_vaddr != UVMM_PAGE_OFFSET + p->p_paddr) {
		snprintf(f->err, f->errlen,
			 "kernel %s: segment %u is linked at 0x%llx for physical 0x%llx; ARCH=uvmm kernels live at 0x%lx + physical",
			 f->path, i, (unsigned long long)p->p_vaddr,
			 (unsigned long long)p->p_paddr, UVMM_PAGE_OFFSET);
		return -1;
	}
	if (!guest_phys_ptr(m, p->p_paddr, p->p_memsz)) {
		snprintf(f->err, f->errlen,
			 "kernel %s: segment %u (physical 0x%llx, %llu bytes) does not fit in guest RAM (%llu MiB)",
			 f->path, i, (unsigned long long)p->p_paddr,
			 (unsigned long long)p->p_memsz, (unsigned long long)(m->size >> 20));
		return -1;
	}
	/* The boot info and ACPI pages are uvmm's; the image must stay clear. */
	if (p->p_paddr < UVMM_ACPI_PHYS + UVMM_ACPI_SIZE &&
	    p->p_paddr + p->p_memsz > UVMM_BOOT_INFO_PHYS) {
		snprintf(f->err, f->errlen,
			 "kernel %s: segment %u overlaps the boot info page at physical 0x%lx",
			 f->path, i, UVMM_BOOT_INFO_PHYS);
		return -1;
	}
	return 0;
}

static int overlaps(const Elf64_Phdr *a, const Elf64_Phdr *b)
{
	/* Both ranges were checked to lie inside guest RAM: no wrap. */
	return a->p_paddr < b->p_paddr + b->p_memsz && b->p_paddr < a->p_paddr + a->p_memsz;
}

static int check_loads(struct elf_file *f, const struct guest_mem *m,
		       const Elf64_Ehdr *eh, const Elf64_Phdr *ph,
		       struct kernel_image *k)
{
	unsigned int n = eh->e_phnum, loads = 0;
	int entry_ok = 0;

	k->phys_start = UINT64_MAX;
	k->text_start = UINT64_MAX;
	for (unsigned int i = 0; i < n; i++) {
		const Elf64_Phdr *p = &ph[i];

		if (p->p_type != PT_LOAD || p->p_memsz == 0)
			continue;
		if (check_load(f, m, p, i) < 0)
			return -1;
		for (unsigned int j = 0; j < i; j++) {
			if (ph[j].p_type == PT_LOAD && ph[j].p_memsz && overlaps(p, &ph[j])) {
				snprintf(f->err, f->errlen, "kernel %s: segments %u and %u overlap",
					 f->path, j, i);
				return -1;
			}
		}
		loads++;
		if (p->p_paddr < k->phys_start)
			k->phys_start = p->p_paddr;
		if (p->p_paddr + p->p_memsz > k->phys_end)
			k->phys_end = p->p_paddr + p->p_memsz;
		if (p->p_flags & PF_X) {
			if (p->p_vaddr < k->text_start)
				k->text_start = p->p_vaddr;
			if (p->p_vaddr + p->p_memsz > k->text_end)
				k->text_end = p->p_vaddr + p->p_memsz;
			if (eh->e_entry >= p->p_vaddr && eh->e_entry - p->p_vaddr < p->p_memsz)
				entry_ok = 1;
		}
	}
	if (!loads) {
		snprintf(f->err, f->errlen, "kernel %s: no loadable segments", f->path);
		return -1;
	}
	if (!entry_ok) {
		snprintf(f->err, f->errlen,
			 "kernel %s: entry point 0x%llx is not inside an executable segment",
			 f->path, (unsigned long long)eh->e_entry);
		return -1;
	}
	k->entry = eh->e_entry;
	return 0;
}

static int copy_loads(struct elf_file *f, const struct guest_mem *m,
		      const Elf64_Ehdr *eh, const Elf64_Phdr *ph)
{
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *p = &ph[i];
		unsigned char *dst;

		if (p->p_type != PT_LOAD || p->p_memsz == 0)
			continue;
		dst = guest_phys_ptr(m, p->p_paddr, p->p_memsz);
		if (read_at(f, dst, p->p_filesz, p->p_offset) < 0)
			return -1;
		/* The bss: guest RAM may hold an earlier image's bytes. */
		memset(dst + p->p_filesz, 0, p->p_memsz - p->p_filesz);
	}
	return 0;
}

static int load(struct elf_file *f, const struct guest_mem *m, struct kernel_image *k)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph[MAX_PHNUM];
	uint64_t got = f->size < sizeof(eh) ? f->size : sizeof(eh);

	memset(&eh, 0, sizeof(eh));
	if (read_at(f, &eh, got, 0) < 0)
		return -1;
	if (check_ident(f, eh.e_ident, got) < 0 || check_header(f, &eh) < 0)
		return -1;
	if (read_at(f, ph, (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr), eh.e_phoff) < 0)
		return -1;
	/* Identity first: an x86 vmlinux should hear "not a uvmm kernel". */
	if (find_abi_note(f, ph, eh.e_phnum, k) < 0)
		return -1;
	if (k->gate_abi != UVMM_GATE_ABI_VERSION) {
		snprintf(f->err, f->errlen, "kernel %s: gate ABI version %u, uvmm speaks %u",
			 f->path, k->gate_abi, UVMM_GATE_ABI_VERSION);
		return -1;
	}
	if (check_loads(f, m, &eh, ph, k) < 0)
		return -1;
	return copy_loads(f, m, &eh, ph);
}

int elf_load_kernel(const char *path, const struct guest_mem *m,
		    struct kernel_image *k, char *err, size_t errlen)
{
	struct elf_file f = { .path = path, .err = err, .errlen = errlen };
	struct stat st;
	int r;

	memset(k, 0, sizeof(*k));
	f.fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (f.fd < 0) {
		snprintf(err, errlen, "cannot open kernel %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(f.fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "kernel %s: not a regular file", path);
		close(f.fd);
		return -1;
	}
	f.size = (uint64_t)st.st_size;
	r = load(&f, m, k);
	close(f.fd);
	if (r < 0)
		memset(k, 0, sizeof(*k));
	return r;
}
