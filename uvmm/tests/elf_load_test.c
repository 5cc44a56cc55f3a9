// SPDX-License-Identifier: GPL-2.0
/*
 * elf_load_kernel(): a good image loads where it says, with its bss zeroed;
 * every broken variant is refused with one line and leaves guest memory as
 * it was; random corruption never crashes (ASan/UBSan watch).
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf_craft.h"
#include "setup/elf_load.h"
#include "setup/guest_mem.h"
#include "tap.h"

#define RAM_SIZE	(32ULL << 20)
#define FILL		0xaa

static struct guest_mem mem;
static char path[4200];

static void fake_ram(void)
{
	mem.fd = -1;
	mem.size = RAM_SIZE;
	mem.nr_ranges = 1;
	mem.range[0].phys = 0;
	mem.range[0].size = RAM_SIZE;
	mem.base = malloc(RAM_SIZE);
	if (!mem.base)
		bail_out("cannot allocate the fake guest RAM");
	memset(mem.base, FILL, RAM_SIZE);
}

/* Was guest memory left as it was? Only the image's area can change. */
static int ram_untouched(void)
{
	for (uint64_t a = CRAFT_TEXT_PHYS; a < CRAFT_DATA_PHYS + CRAFT_DATA_MEMSZ; a++)
		if (mem.base[a] != FILL)
			return 0;
	return 1;
}

static int load_file(const char *p, struct kernel_image *k, char *err, size_t len)
{
	memset(mem.base + CRAFT_TEXT_PHYS, FILL, CRAFT_DATA_PHYS + CRAFT_DATA_MEMSZ - CRAFT_TEXT_PHYS);
	err[0] = '\0';
	return elf_load_kernel(p, &mem, k, err, len);
}

static int load(const struct crafted_elf *c, struct kernel_image *k, char *err, size_t len)
{
	if (craft_write(c, path) < 0)
		bail_out("cannot write %s: %s", path, strerror(errno));
	return load_file(path, k, err, len);
}

/* Expect a refusal whose message contains frag. */
static void refused(const struct crafted_elf *c, const char *frag, const char *what)
{
	struct kernel_image k;
	char err[512];
	int r = load(c, &k, err, sizeof(err));

	ok(r == -1, "%s: refused", what);
	has_str(err, frag, "%s: message says why", what);
	ok(one_line(err) && ram_untouched(), "%s: one line, guest memory untouched", what);
}

static void test_good(void)
{
	struct crafted_elf c;
	struct kernel_image k;
	char err[512];
	int r;

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	r = load(&c, &k, err, sizeof(err));
	if (!ok(r == 0, "good image loads"))
		diag("  error: %s", err);
	is(k.entry, UVMM_PAGE_OFFSET + CRAFT_TEXT_PHYS, "entry point");
	is(k.phys_start, CRAFT_TEXT_PHYS, "phys_start");
	is(k.phys_end, CRAFT_DATA_PHYS + CRAFT_DATA_MEMSZ, "phys_end includes the bss");
	is(k.text_start, UVMM_PAGE_OFFSET + CRAFT_TEXT_PHYS, "text_start");
	is(k.text_end, UVMM_PAGE_OFFSET + CRAFT_DATA_PHYS, "text_end");
	is(k.gate_abi, UVMM_GATE_ABI_VERSION, "gate ABI from the note");
	ok(memcmp(mem.base + CRAFT_TEXT_PHYS, c.buf + CRAFT_TEXT_OFF, CRAFT_TEXT_SIZE) == 0,
	   "text copied to its physical address");
	ok(memcmp(mem.base + CRAFT_DATA_PHYS, c.buf + CRAFT_DATA_OFF, CRAFT_DATA_FILESZ) == 0,
	   "data copied to its physical address");
	{
		int zero = 1;

		for (uint64_t a = CRAFT_DATA_PHYS + CRAFT_DATA_FILESZ;
		     a < CRAFT_DATA_PHYS + CRAFT_DATA_MEMSZ; a++)
			zero &= mem.base[a] == 0;
		ok(zero, "bss zeroed");
	}
	ok(mem.base[CRAFT_TEXT_PHYS - 1] == FILL &&
	   mem.base[CRAFT_DATA_PHYS + CRAFT_DATA_MEMSZ] == FILL,
	   "nothing written outside the segments");

	/* Notes aligned to 8 (as GNU property notes are) are walked too. */
	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	craft_phdr(&c, CRAFT_PH_NOTE)->p_align = 8;
	ok(load(&c, &k, err, sizeof(err)) == 0, "note segment aligned to 8 is read");

	/* A foreign note before ours is skipped. */
	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	{
		unsigned char *n = c.buf + CRAFT_NOTE_OFF;
		unsigned char ours[24];
		Elf64_Nhdr gnu = { .n_namesz = 4, .n_descsz = 8, .n_type = 3 };

		memcpy(ours, n, sizeof(ours));
		memcpy(n, &gnu, sizeof(gnu));
		memcpy(n + 12, "GNU", 4);
		memset(n + 16, 0x5a, 8);
		memcpy(n + 24, ours, sizeof(ours));
		craft_phdr(&c, CRAFT_PH_NOTE)->p_filesz += 24;
		craft_phdr(&c, CRAFT_PH_NOTE)->p_memsz += 24;
	}
	ok(load(&c, &k, err, sizeof(err)) == 0, "uvmm note found after a GNU note");

	/* An empty bss-only segment is allowed, as is a zero-size one. */
	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	craft_phdr(&c, CRAFT_PH_DATA)->p_filesz = 0;
	ok(load(&c, &k, err, sizeof(err)) == 0, "bss-only segment loads");
}

static void test_ident(void)
{
	struct crafted_elf c;
	struct kernel_image k;
	char err[512];

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	memcpy(c.buf, "#!/bin/sh\n", 10);
	refused(&c, "not an ELF file", "shell script");

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	c.len = 3;
	refused(&c, "not an ELF file", "3-byte file");

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	c.len = 0;
	refused(&c, "not an ELF file", "empty file");

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	c.len = 40;
	refused(&c, "truncated ELF header", "file cut inside the ELF header");

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	c.buf[EI_CLASS] = ELFCLASS32;
	refused(&c, "not a 64-bit ELF", "32-bit class");

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	c.buf[EI_CLASS] = 7;
	refused(&c, "not a 64-bit ELF", "unknown class");

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	c.buf[EI_DATA] = ELFDATA2MSB;
	c.buf[18] = 0;
	c.buf[19] = EM_X86_64;	/* still x86_64, read big-endian */
	refused(&c, "little-endian", "big-endian");

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	c.buf[EI_VERSION] = 9;
	refused(&c, "ELF version", "unknown ELF version");

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	craft_ehdr(&c)->e_machine = EM_AARCH64;
	refused(&c, "is for aarch64, not x86_64 (ARCH=uvmm)", "arm64 kernel");

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	craft_ehdr(&c)->e_machine = EM_RISCV;
	refused(&c, "is for riscv, not x86_64", "riscv kernel");

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	craft_ehdr(&c)->e_machine = 0x4242;
	refused(&c, "ELF machine 16962, not x86_64", "unknown machine");

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	c.buf[EI_CLASS] = ELFCLASS32;
	c.buf[EI_DATA] = ELFDATA2MSB;
	c.buf[18] = 0;
	c.buf[19] = EM_PPC;
	refused(&c, "is for powerpc", "32-bit big-endian powerpc");

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	craft_ehdr(&c)->e_type = ET_DYN;
	refused(&c, "shared object or PIE", "ET_DYN (a PIE like /bin/true)");

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	craft_ehdr(&c)->e_type = ET_REL;
	refused(&c, "object file", "ET_REL");

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	craft_ehdr(&c)->e_type = ET_CORE;
	refused(&c, "core dump", "ET_CORE");

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	craft_ehdr(&c)->e_version = 0;
	refused(&c, "inconsistent ELF header", "e_version 0");

	ok(load_file("/nonexistent/vmlinux", &k, err, sizeof(err)) == -1,
	   "missing file refused");
	has_str(err, "cannot open kernel /nonexistent/vmlinux", "message names the file");
	ok(load_file("/tmp", &k, err, sizeof(err)) == -1, "directory refused");
	has_str(err, "kernel /tmp: not a regular file", "message names the directory");
	ok(load_file("/dev/null", &k, err, sizeof(err)) == -1, "device refused");
}

static void test_phdrs(void)
{
	struct crafted_elf c;

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	craft_ehdr(&c)->e_phnum = 0;
	refused(&c, "0 program headers", "no program headers");

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	craft_ehdr(&c)->e_phnum = 0xffff;	/* PN_XNUM */
	refused(&c, "65535 program headers", "PN_XNUM program headers");

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	craft_ehdr(&c)->e_phentsize = 32;
	refused(&c, "program header size 32", "short program headers");

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	craft_ehdr(&c)->e_phoff = UINT64_MAX - 8;
	refused(&c, "program headers lie outside the file", "phoff near 2^64");

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	craft_ehdr(&c)->e_phoff = CRAFT_SIZE - 100;
	refused(&c, "program headers lie outside the file", "phdr table past the end");

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	c.len = 100;
	refused(&c, "program headers lie outside the file", "file cut in the phdr table");

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	craft_phdr(&c, CRAFT_PH_TEXT)->p_type = PT_NULL;
	craft_phdr(&c, CRAFT_PH_DATA)->p_type = PT_NULL;
	refused(&c, "no loadable segments", "no PT_LOAD");
}

static void test_note(void)
{
	struct crafted_elf c;
	char want[80];

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	craft_phdr(&c, CRAFT_PH_NOTE)->p_type = PT_NULL;
	refused(&c, "not a uvmm kernel: built for another architecture?", "no PT_NOTE");

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	memcpy(craft_note_name(&c), "Linux", 5);
	refused(&c, "not a uvmm kernel", "note of another name");

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	craft_note(&c)->n_namesz = 4;	/* "uvmm" without its NUL */
	refused(&c, "not a uvmm kernel", "note name without NUL");

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	craft_note(&c)->n_type = 2;
	refused(&c, "not a uvmm kernel", "uvmm note of another type");

	elf_craft(&c, UVMM_GATE_ABI_VERSION + 1);
	snprintf(want, sizeof(want), "gate ABI version %d, uvmm speaks %d",
		 UVMM_GATE_ABI_VERSION + 1, UVMM_GATE_ABI_VERSION);
	refused(&c, want, "the next ABI version");

	elf_craft(&c, 0);
	snprintf(want, sizeof(want), "gate ABI version 0, uvmm speaks %d", UVMM_GATE_ABI_VERSION);
	refused(&c, want, "ABI version 0");

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	craft_note(&c)->n_descsz = 8;
	craft_phdr(&c, CRAFT_PH_NOTE)->p_filesz += 4;
	refused(&c, "malformed uvmm note", "8-byte ABI description");

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	craft_note(&c)->n_namesz = UINT32_MAX;
	refused(&c, "not a uvmm kernel", "note name size 2^32-1");

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	craft_note(&c)->n_descsz = UINT32_MAX;
	refused(&c, "not a uvmm kernel", "note desc size 2^32-1");

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	craft_phdr(&c, CRAFT_PH_NOTE)->p_filesz = 5;
	refused(&c, "not a uvmm kernel", "note segment shorter than a note header");

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	craft_phdr(&c, CRAFT_PH_NOTE)->p_offset = UINT64_MAX - 4;
	refused(&c, "note segment 2 lies outside the file", "note offset near 2^64");

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	craft_phdr(&c, CRAFT_PH_NOTE)->p_filesz = 1ULL << 40;
	refused(&c, "note segment 2 lies outside the file", "1 TiB note segment");
}

/* A KASAN kernel's second note (type 2, empty), before or after the ABI's. */
static void test_kasan_note(void)
{
	const size_t abi_note = sizeof(Elf64_Nhdr) + 8 + 4, kasan_note = sizeof(Elf64_Nhdr) + 8;
	struct crafted_elf c;
	struct kernel_image k;
	Elf64_Nhdr kn = { .n_namesz = 5, .n_descsz = 0, .n_type = UVMM_ELF_NOTE_KASAN };
	unsigned char *seg;
	char err[512];

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	ok(load(&c, &k, err, sizeof(err)) == 0 && !k.kasan_shadow, "no KASAN note: no shadow");

	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	seg = c.buf + CRAFT_NOTE_OFF;
	memcpy(seg + abi_note, &kn, sizeof(kn));
	memcpy(seg + abi_note + sizeof(kn), "uvmm", 5);
	craft_phdr(&c, CRAFT_PH_NOTE)->p_filesz += kasan_note;
	ok(load(&c, &k, err, sizeof(err)) == 0 && k.kasan_shadow &&
	   k.gate_abi == UVMM_GATE_ABI_VERSION, "KASAN note after the ABI's: the shadow is asked for");

	/* The same two notes the other way round. */
	memmove(seg + kasan_note, seg, abi_note);
	memcpy(seg, &kn, sizeof(kn));
	memcpy(seg + sizeof(kn), "uvmm\0\0\0", 8);
	ok(load(&c, &k, err, sizeof(err)) == 0 && k.kasan_shadow &&
	   k.gate_abi == UVMM_GATE_ABI_VERSION, "KASAN note first: both are found");

	/* Alone it is no uvmm kernel. */
	craft_phdr(&c, CRAFT_PH_NOTE)->p_filesz = kasan_note;
	refused(&c, "not a uvmm kernel", "a KASAN note without the ABI's");
}

static void test_loads(void)
{
	struct crafted_elf c;
	Elf64_Phdr *t, *d;

#define FRESH() do { elf_craft(&c, UVMM_GATE_ABI_VERSION); t = craft_phdr(&c, CRAFT_PH_TEXT); \
		     d = craft_phdr(&c, CRAFT_PH_DATA); (void)t; (void)d; } while (0)

	FRESH();
	d->p_filesz = d->p_memsz + 1;
	refused(&c, "more file bytes than memory bytes", "p_filesz > p_memsz");

	FRESH();
	c.len = CRAFT_DATA_OFF + 10;
	refused(&c, "segment 1 lies outside the file (truncated?)", "file cut in the data segment");

	FRESH();
	d->p_offset = UINT64_MAX - 16;
	refused(&c, "segment 1 lies outside the file", "p_offset near 2^64");

	FRESH();
	d->p_filesz = UINT64_MAX;
	d->p_memsz = UINT64_MAX;
	refused(&c, "segment 1 lies outside the file", "p_filesz 2^64-1");

	FRESH();
	d->p_memsz = 1ULL << 63;
	refused(&c, "does not fit in guest RAM", "p_memsz 2^63");

	FRESH();
	d->p_memsz = UINT64_MAX;
	refused(&c, "does not fit in guest RAM", "p_memsz 2^64-1");

	FRESH();
	d->p_paddr = UINT64_MAX - 0x100;
	d->p_vaddr = d->p_paddr + UVMM_PAGE_OFFSET;	/* wraps */
	refused(&c, "ARCH=uvmm kernels live at", "p_paddr near 2^64");

	FRESH();
	d->p_paddr = RAM_SIZE - 0x1000;
	d->p_vaddr = UVMM_PAGE_OFFSET + d->p_paddr;
	refused(&c, "does not fit in guest RAM (32 MiB)", "segment crossing the end of RAM");

	FRESH();
	d->p_paddr = 5ULL << 30;
	d->p_vaddr = UVMM_PAGE_OFFSET + d->p_paddr;
	refused(&c, "does not fit in guest RAM", "segment beyond RAM");

	FRESH();
	t->p_vaddr = 0xffffffff81000000ULL;	/* an arch/x86 vmlinux */
	refused(&c, "linked at 0xffffffff81000000", "x86-style virtual address");

	FRESH();
	d->p_paddr = CRAFT_TEXT_PHYS + 0x800;
	d->p_vaddr = UVMM_PAGE_OFFSET + d->p_paddr;
	refused(&c, "segments 0 and 1 overlap", "overlapping segments");

	FRESH();
	t->p_paddr = UVMM_BOOT_INFO_PHYS;
	t->p_vaddr = UVMM_PAGE_OFFSET + UVMM_BOOT_INFO_PHYS;
	craft_ehdr(&c)->e_entry = t->p_vaddr;
	refused(&c, "overlaps the boot info page", "segment over the boot info page");

	FRESH();
	craft_ehdr(&c)->e_entry = UVMM_PAGE_OFFSET + CRAFT_DATA_PHYS;
	refused(&c, "not inside an executable segment", "entry in the data segment");

	FRESH();
	craft_ehdr(&c)->e_entry = 0;
	refused(&c, "not inside an executable segment", "entry 0");

	FRESH();
	t->p_flags = PF_R;
	refused(&c, "not inside an executable segment", "no executable segment");
#undef FRESH
}

/*
 * Random corruption of the header area: whatever the loader decides, it
 * must decide it without a crash, with one line, or load for real.
 */
static void test_fuzz(void)
{
	struct crafted_elf good, c;
	struct kernel_image k;
	char err[512];
	int bad_msgs = 0, loaded = 0, refused_n = 0;

	elf_craft(&good, 1);
	srand(12345);
	for (int i = 0; i < 3000; i++) {
		int flips = 1 + rand() % 4;

		c = good;
		for (int j = 0; j < flips; j++) {
			/* Mostly the headers and note, sometimes anywhere. */
			size_t at = rand() % 4 ? (size_t)rand() % (CRAFT_NOTE_OFF + 24)
					       : (size_t)rand() % c.len;

			c.buf[at] ^= (unsigned char)(1 + rand() % 255);
		}
		if (rand() % 8 == 0)
			c.len = (size_t)rand() % c.len;
		if (load(&c, &k, err, sizeof(err)) == 0)
			loaded++;
		else if (one_line(err))
			refused_n++;
		else
			bad_msgs++;
	}
	ok(bad_msgs == 0, "3000 corrupted images: %d loaded, %d refused with one line, %d bad messages",
	   loaded, refused_n, bad_msgs);
	ok(refused_n > 1000, "most corruptions are caught (%d)", refused_n);
}

int main(void)
{
	const char *dir = tap_tmpdir("uvmm-elf-test");

	snprintf(path, sizeof(path), "%s/vmlinux", dir);
	fake_ram();
	test_good();
	test_ident();
	test_phdrs();
	test_note();
	test_kasan_note();
	test_loads();
	test_fuzz();
	unlink(path);
	rmdir(dir);
	free(mem.base);
	return done_testing();
}
