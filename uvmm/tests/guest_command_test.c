// SPDX-License-Identifier: GPL-2.0
/* guest_command_script() and cpio_files(): what `uvmm run -- CMD` hands the guest. */
#include "setup/guest_command.h"
#include "tap.h"

/* The value of an 8-hex-digit header field of a newc member. */
static unsigned long field(const char *hdr, int i)
{
	char buf[9];

	memcpy(buf, hdr + 6 + 8 * i, 8);
	buf[8] = '\0';
	return strtoul(buf, NULL, 16);
}

static void test_script(void)
{
	char *argv[] = { "sh", "-c", "echo \"$1\"", "it's", "", "a  b" };
	char *s = guest_command_script(argv, 6);

	ok(s && strcmp(s, "# uvmm run -- CMD\n"
		       "exec 'sh' '-c' 'echo \"$1\"' 'it'\\''s' '' 'a  b'\n") == 0,
	   "each word single-quoted, ' as '\\''");
	free(s);
	s = guest_command_script(argv, 1);
	ok(s && strcmp(s, "# uvmm run -- CMD\nexec 'sh'\n") == 0, "one word");
	free(s);
}

static void test_cpio(void)
{
	static const char data[] = "hello\n";
	size_t len = 0, off;
	struct cpio_file f[2] = { { "uvmm-command", data, 6 }, { "uvmm-rootfs", NULL, 0 } };
	char *a = cpio_files(f, 2, &len);

	ok(a != NULL && len % 4 == 0, "archive made, a multiple of 4 bytes (%zu)", len);
	if (!a)
		return;
	ok(memcmp(a, "070701", 6) == 0, "newc magic");
	ok(field(a, 1) == 0100644 && field(a, 6) == 6 && field(a, 11) == 13,
	   "regular file 0644, 6 bytes, name of 13 bytes with its NUL");
	ok(strcmp(a + 110, "uvmm-command") == 0, "the name follows the header");
	off = (110 + 13 + 3) & ~3UL;
	ok(memcmp(a + off, data, 6) == 0, "the data starts on a 4-byte boundary");
	off = (off + 6 + 3) & ~3UL;
	ok(memcmp(a + off, "070701", 6) == 0 && strcmp(a + off + 110, "TRAILER!!!") == 0 &&
	   field(a + off, 6) == 0, "then the trailer, empty");
	ok(off + ((110 + 11 + 3) & ~3UL) == len, "and nothing after it");
	free(a);
}

int main(void)
{
	test_script();
	test_cpio();
	return done_testing();
}
