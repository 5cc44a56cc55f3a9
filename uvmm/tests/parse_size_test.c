// SPDX-License-Identifier: GPL-2.0
/* parse_size(): the --mem grammar, its edges and its refusals. */
#include "cli/options.h"
#include "tap.h"

static void good(const char *s, uint64_t want)
{
	uint64_t v = 0xdeadbeef;
	int r = parse_size(s, &v);

	ok(r == 0 && v == want, "'%s' is %" PRIu64 " bytes (got r=%d, %" PRIu64 ")",
	   s, want, r, v);
}

static void bad(const char *s)
{
	uint64_t v = 0xdeadbeef;
	int r = parse_size(s, &v);

	ok(r == -1 && v == 0xdeadbeef, "'%s' is refused and *out untouched", s ? s : "(null)");
}

int main(void)
{
	good("1", 1);
	good("1048576", 1 << 20);
	good("4k", 4096);
	good("4K", 4096);
	good("64M", 64ULL << 20);
	good("64m", 64ULL << 20);
	good("1G", 1ULL << 30);
	good("2g", 2ULL << 30);
	good("1T", 1ULL << 40);
	good("3t", 3ULL << 40);
	good("256MiB", 256ULL << 20);
	good("256MB", 256ULL << 20);
	good("1Gi", 1ULL << 30);	/* the Kubernetes spelling */
	good("007M", 7ULL << 20);
	good("18446744073709551615", UINT64_MAX);
	good("16777215T", 16777215ULL << 40);	/* largest T value that fits */

	bad(NULL);
	bad("");
	bad("M");
	bad("-1");
	bad("-1G");
	bad("+1G");
	bad(" 1G");
	bad("1G ");
	bad("1.5G");
	bad("1X");
	bad("1GG");
	bad("1iB");		/* a unit needs its letter */
	bad("1KiBx");
	bad("0x100");
	bad("0");
	bad("0G");
	bad("18446744073709551616");	/* 2^64 */
	bad("99999999999999999999999");
	bad("16777216T");	/* 2^64 */
	bad("17179869184G");	/* 2^64 */
	bad("1P");		/* not a supported unit */
	return done_testing();
}
