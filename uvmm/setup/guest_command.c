// SPDX-License-Identifier: GPL-2.0
/* The guest's command as a script in an extra cpio archive (guest_command.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "setup/guest_command.h"

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

void *cpio_one_file(const char *name, const void *data, size_t len, size_t *out_len)
{
	static const char trailer[] = "TRAILER!!!";
	/* 110-byte headers, names, data, padding for each of the two. */
	size_t max = 2 * (110 + 4) + strlen(name) + 1 + sizeof(trailer) + pad4(len) + 8;
	char *buf = malloc(max + 1);	/* + sprintf's NUL */
	size_t n;

	if (!buf)
		return NULL;
	n = put_member(buf, name, 0100644, data, len);
	n += put_member(buf + n, trailer, 0, "", 0);
	*out_len = n;
	return buf;
}
