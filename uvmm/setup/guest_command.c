// SPDX-License-Identifier: GPL-2.0
/* The guest's command as a script in an extra cpio archive (guest_command.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "setup/guest_command.h"
#include "virtio/devices.h"

/* 'word', with each ' written as '\'' : the shell gives it back unchanged. */
static size_t quote(char *dst, const char *word)
{
	size_t n = 0;

	dst[n++] = '\'';
	for (; *word; word++) {
		if (*word == '\'') {
			memcpy(dst + n, "'\\''", 4);
			n += 4;
		} else {
			dst[n++] = *word;
		}
	}
	dst[n++] = '\'';
	return n;
}

char *guest_command_script(char *const argv[], int argc)
{
	static const char head[] = "# uvmm run -- CMD\n";
	size_t len = sizeof(head) + sizeof("exec") + 1;
	char *s, *p;
	int i;

	for (i = 0; i < argc; i++)
		len += 4 * strlen(argv[i]) + 3;
	s = malloc(len);
	if (!s)
		return NULL;
	p = stpcpy(s, head);
	p = stpcpy(p, "exec");
	for (i = 0; i < argc; i++) {
		*p++ = ' ';
		p += quote(p, argv[i]);
	}
	*p++ = '\n';
	*p = '\0';
	return s;
}

static size_t pad4(size_t x)
{
	return (x + 3) & ~(size_t)3;
}

/* One newc member: header, name (NUL-terminated), data, each padded to 4. */
static size_t put_member(char *dst, const char *name, unsigned int mode,
			 const void *data, size_t len)
{
	size_t namesize = strlen(name) + 1;
	size_t n;

	n = (size_t)sprintf(dst, "070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X",
			    1u, mode, 0u, 0u, 1u, 0u, len, 0u, 0u, 0u, 0u, namesize, 0u);
	memcpy(dst + n, name, namesize);
	n += namesize;
	memset(dst + n, 0, pad4(n) - n);
	n = pad4(n);
	memcpy(dst + n, data, len);
	n += len;
	memset(dst + n, 0, pad4(n) - n);
	return pad4(n);
}

void *cpio_files(const struct cpio_file *f, unsigned n, size_t *out_len)
{
	static const char trailer[] = "TRAILER!!!";
	/* 110-byte headers, names, data, padding for each, and the trailer. */
	size_t max = 110 + 4 + sizeof(trailer) + 8, used = 0;
	char *buf;

	for (unsigned i = 0; i < n; i++)
		if (f[i].data)
			max += 110 + 4 + strlen(f[i].name) + 1 + pad4(f[i].len) + 8;
	buf = malloc(max + 1);	/* + sprintf's NUL */
	if (!buf)
		return NULL;
	for (unsigned i = 0; i < n; i++)
		if (f[i].data)
			used += put_member(buf + used, f[i].name, 0100644, f[i].data, f[i].len);
	used += put_member(buf + used, trailer, 0, "", 0);
	*out_len = used;
	return buf;
}

/* Where host path p lies in the guest when dir is its root; NULL if outside. */
static const char *inside(const char *dir, const char *p)
{
	size_t n = strlen(dir);

	if (!strcmp(dir, "/"))
		return p;
	if (strncmp(p, dir, n) || (p[n] && p[n] != '/'))
		return NULL;
	return p[n] ? p + n : "/";
}

char *guest_rootfs_script(const char *dir, const char *cwd, const struct share_spec *shares,
			  unsigned nr_shares)
{
	size_t len = 256 + 4 * strlen(cwd);
	const char *gcwd = inside(dir, cwd);
	char *s, *p;

	for (unsigned i = 0; i < nr_shares; i++)
		len += 32 + 4 * (strlen(shares[i].tag) + strlen(shares[i].dir));
	s = malloc(len);
	if (!s)
		return NULL;
	p = stpcpy(s, "# uvmm run --rootfs\nrootfs_tag=" GUEST_ROOTFS_TAG "\nrootfs_cwd=");
	p += quote(p, gcwd ? gcwd : "/");
	p = stpcpy(p, "\nrootfs_shares() {\n\t:\n");
	for (unsigned i = 0; i < nr_shares; i++) {
		const char *at = shares[i].dir[0] == '/' ? inside(dir, shares[i].dir) : NULL;

		if (!at || !strcmp(shares[i].tag, GUEST_ROOTFS_TAG))
			continue;
		p = stpcpy(p, "\tuvmm_share ");
		p += quote(p, shares[i].tag);
		*p++ = ' ';
		p += quote(p, at);
		*p++ = '\n';
	}
	p = stpcpy(p, "}\n");
	return s;
}
