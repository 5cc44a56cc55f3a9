// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: what uvmm builds and loads as the guest's initramfs
 * (uvmm/setup/initrd.c, guest_command.c). The input is a guest command
 * line (words split at NUL bytes), a RAM size, a kernel end and the bytes
 * of an initrd file. Checked: the script's words, read back as the shell
 * reads single quotes, are the words given; the cpio archive holding it
 * parses (newc magic, sizes, names, padding, trailer) back to the same
 * file; and the initrd, loaded with the archive after it into a RAM of
 * that size, lies page aligned above the kernel and uvmm's reserved pages,
 * inside RAM, with its bytes and the archive's in place, or is refused
 * with a message. ASan catches every access outside the buffers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "asm/uvmm_gate.h"
#include "setup/elf_load.h"
#include "setup/guest_command.h"
#include "setup/guest_mem.h"
#include "setup/initrd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_WORDS	64
#define MAX_RAM		(4u << 20)

/* The script is a comment line, then "exec 'w1' 'w2' ...\n" with ' written as '\''. */
static int words_back(const char *script, char *const words[], int n)
{
	const char *p = strchr(script, '\n');
	static char word[70000];

	if (*script != '#' || !p || strncmp(++p, "exec", 4))
		return -1;
	p += 4;
	for (int i = 0; i < n; i++) {
		size_t len = 0;

		if (*p++ != ' ')
			return -1;
		do {	/* 'text' runs joined by \' */
			if (*p == '\\' && p[1] == '\'') {
				word[len++] = '\'';
				p += 2;
				continue;
			}
			if (*p++ != '\'')
				return -1;
			while (*p && *p != '\'')
				word[len++] = *p++;
			if (*p++ != '\'')
				return -1;
		} while (*p == '\'' || *p == '\\');
		word[len] = '\0';
		if (strcmp(word, words[i]))
			return -1;
	}
	return *p == '\n' && !p[1] ? 0 : -1;
}

static unsigned long hex8(const char *p)
{
	char buf[9];

	memcpy(buf, p, 8);
	buf[8] = '\0';
	return strtoul(buf, NULL, 16);
}

/* One file, then the trailer: the newc archive cpio_files() made. */
static int cpio_back(const unsigned char *a, size_t len, const char *name, const char *data,
		     size_t data_len)
{
	size_t off = 0;

	for (int entry = 0; entry < 2; entry++) {
		const char *want = entry ? "TRAILER!!!" : name;
		unsigned long namesize, filesize;

		if (len - off < 110 || memcmp(a + off, "070701", 6))
			return -1;
		filesize = hex8((const char *)a + off + 54);
		namesize = hex8((const char *)a + off + 94);
		if (namesize != strlen(want) + 1 || len - off - 110 < namesize ||
		    memcmp(a + off + 110, want, namesize))
			return -1;
		off = (off + 110 + namesize + 3) & ~3UL;
		if (filesize != (entry ? 0 : data_len) || off > len || len - off < filesize)
			return -1;
		if (!entry && memcmp(a + off, data, data_len))
			return -1;
		off = (off + filesize + 3) & ~3UL;
	}
	return off == len ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char *ram;
	char *words[MAX_WORDS], *buf, *script, err[256];
	uint64_t ram_size, kernel_end, initrd_len, phys, loaded;
	struct cpio_file f;
	struct guest_mem m;
	struct kernel_image k = { 0 };
	void *archive;
	size_t archive_len, wl;
	char path[64];
	int n = 0, fd;

	if (size < 12)
		return 0;
	if (!ram && !(ram = malloc(MAX_RAM)))
		abort();
	ram_size = ((uint64_t)(data[0] | data[1] << 8) << 12) % MAX_RAM + 1;
	kernel_end = ((uint64_t)(data[2] | data[3] << 8) << 8) % MAX_RAM;
	initrd_len = (data[4] | data[5] << 8 | (uint64_t)data[6] << 16) % 100000;
	wl = (data[7] | data[8] << 8) % 4096;
	data += 12;
	size -= 12;
	if (wl > size)
		wl = size;
	/* The words: the first wl bytes, split at NUL. */
	buf = malloc(wl + 1);
	if (!buf)
		abort();
	memcpy(buf, data, wl);
	buf[wl] = '\0';
	for (size_t at = 0; at <= wl && n < MAX_WORDS; at += strlen(buf + at) + 1)
		words[n++] = buf + at;
	data += wl;
	size -= wl;
	script = guest_command_script(words, n);
	if (!script || words_back(script, words, n))
		abort();
	f = (struct cpio_file){ GUEST_COMMAND_PATH, script, strlen(script) };
	archive = cpio_files(&f, 1, &archive_len);
	if (!archive || cpio_back(archive, archive_len, GUEST_COMMAND_PATH, script, strlen(script)))
		abort();

	/* The initrd file: what is left of the input, up to initrd_len bytes. */
	if (initrd_len > size)
		initrd_len = size;
	fd = memfd_create("fuzz-initrd", 0);
	if (fd < 0 || write(fd, data, initrd_len) != (ssize_t)initrd_len)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	memset(&m, 0, sizeof(m));
	m.fd = -1;
	m.size = ram_size & ~(GUEST_PAGE_SIZE - 1);
	m.nr_ranges = 1;
	m.range[0].size = m.size;
	m.base = ram;
	k.phys_start = UVMM_ACPI_PHYS + UVMM_ACPI_SIZE;
	k.phys_end = kernel_end;
	if (!initrd_load(path, archive, archive_len, &m, &k, &phys, &loaded, err, sizeof(err))) {
		uint64_t floor = UVMM_ACPI_PHYS + UVMM_ACPI_SIZE;

		if (phys & (GUEST_PAGE_SIZE - 1) || phys < floor || phys < kernel_end ||
		    phys > m.size || loaded > m.size - phys || !initrd_len ||
		    loaded != ((initrd_len + 3) & ~3ULL) + archive_len ||
		    memcmp(ram + phys, data, initrd_len) ||
		    memcmp(ram + phys + loaded - archive_len, archive, archive_len))
			abort();
	} else if (!err[0] || strchr(err, '\n')) {
		abort();
	}
	close(fd);
	free(archive);
	free(script);
	free(buf);
	return 0;
}
