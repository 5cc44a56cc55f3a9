// SPDX-License-Identifier: GPL-2.0
/*
 * acpi-dump: build uvmm's ACPI tables for a platform given on the command
 * line and write each table to OUTDIR/<sig>.dat (rsdp, xsdt, facp, apic,
 * mcfg, dsdt), plus the whole blob to OUTDIR/tables.bin, for inspection with
 * iasl/acpiexec. Prints one "SIG gpa len" line per table.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "acpi_tables.h"

static void usage(FILE *f)
{
	fprintf(f,
"usage: acpi-dump [options] OUTDIR\n"
"  --cpus N            vCPUs (default 1)\n"
"  --base GPA          guest-physical address of the tables (default 0x100000)\n"
"  --ecam GPA          ECAM base, bus 0 (default 0xe0000000)\n"
"  --buses S-E         bus range (default 0-0)\n"
"  --segment N         PCI segment (default 0)\n"
"  --mmio32 BASE:SIZE  32-bit window (default 0xc0000000:0x20000000)\n"
"  --mmio64 BASE:SIZE  64-bit window, SIZE 0 for none\n"
"  --gsi-base N        first INTx GSI (default 16)\n");
}

/* Whole-string unsigned number (any base strtoull takes); -1 if not. */
static int parse_u64(const char *s, uint64_t max, uint64_t *v)
{
	char *end;
	if (!s || !*s || *s == '-')
		return -1;
	errno = 0;
	unsigned long long x = strtoull(s, &end, 0);
	if (errno || *end || x > max)
		return -1;
	*v = x;
	return 0;
}

static int parse_pair(char *s, char sep, uint64_t max, uint64_t *a, uint64_t *b)
{
	char *p = strchr(s, sep);
	if (!p)
		return -1;
	*p = '\0';
	int r = parse_u64(s, max, a) || parse_u64(p + 1, max, b) ? -1 : 0;
	*p = sep;
	return r;
}

static int write_file(const char *dir, const char *name, const void *p,
		      size_t n)
{
	char path[4096];
	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path)) {
		fprintf(stderr, "acpi-dump: output path too long\n");
		return -1;
	}
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(stderr, "acpi-dump: %s: %s\n", path, strerror(errno));
		return -1;
	}
	const char *b = p;
	while (n) {
		ssize_t w = write(fd, b, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			fprintf(stderr, "acpi-dump: %s: %s\n", path,
				w < 0 ? strerror(errno) : "short write");
			close(fd);
			unlink(path);
			return -1;
		}
		b += w;
		n -= (size_t)w;
	}
	if (close(fd)) {
		fprintf(stderr, "acpi-dump: %s: %s\n", path, strerror(errno));
		unlink(path);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "cpus", required_argument, 0, 'c' },
		{ "base", required_argument, 0, 'b' },
		{ "ecam", required_argument, 0, 'e' },
		{ "buses", required_argument, 0, 'u' },
		{ "segment", required_argument, 0, 's' },
		{ "mmio32", required_argument, 0, '3' },
		{ "mmio64", required_argument, 0, '6' },
		{ "gsi-base", required_argument, 0, 'g' },
		{ "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 },
	};
	struct acpi_platform p;
	uint64_t base = 0x100000, v, w;
	int c, idx = 0;

	acpi_platform_defaults(&p, 1);
	opterr = 0;	/* one line of our own instead of getopt's plus usage */
	while ((c = getopt_long(argc, argv, "h", opts, &idx)) != -1) {
		int bad = 0;
		switch (c) {
		case 'c':
			bad = parse_u64(optarg, UINT32_MAX, &v);
			p.nr_cpus = (unsigned)v;
			break;
		case 'b':
			bad = parse_u64(optarg, UINT64_MAX, &base);
			break;
		case 'e':
			bad = parse_u64(optarg, UINT64_MAX, &p.ecam_base);
			break;
		case 'u':
			bad = parse_pair(optarg, '-', 255, &v, &w);
			p.bus_start = (uint8_t)v;
			p.bus_end = (uint8_t)w;
			break;
		case 's':
			bad = parse_u64(optarg, UINT16_MAX, &v);
			p.segment = (uint16_t)v;
			break;
		case '3':
			bad = parse_pair(optarg, ':', UINT64_MAX, &p.mmio32_base,
					 &p.mmio32_size);
			break;
		case '6':
			bad = parse_pair(optarg, ':', UINT64_MAX, &p.mmio64_base,
					 &p.mmio64_size);
			break;
		case 'g':
			bad = parse_u64(optarg, UINT32_MAX, &v);
			p.gsi_base = (uint32_t)v;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			fprintf(stderr, "acpi-dump: unknown option or missing value "
				"'%s' (--help for usage)\n", argv[optind - 1]);
			return 2;
		}
		if (bad) {
			fprintf(stderr, "acpi-dump: bad value '%s' for --%s\n",
				optarg, opts[idx].name);
			return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "acpi-dump: expected one output directory "
			"(--help for usage)\n");
		return 2;
	}
	const char *dir = argv[optind];

	char err[256];
	struct acpi_layout l;
	ssize_t need = acpi_build(&p, base, NULL, 0, &l, err, sizeof(err));
	if (need != -ENOSPC) {
		fprintf(stderr, "acpi-dump: %s\n", err);
		return 1;
	}
	void *buf = calloc(1, l.size);
	if (!buf) {
		fprintf(stderr, "acpi-dump: out of memory\n");
		return 1;
	}
	ssize_t n = acpi_build(&p, base, buf, l.size, &l, err, sizeof(err));
	if (n < 0) {
		fprintf(stderr, "acpi-dump: %s\n", err);
		free(buf);
		return 1;
	}
	/* Write everything, then report; on failure remove what was written. */
	char name[ACPI_NR_TABLES + 1][16];
	int written = 0, ret = 0;
	for (int i = 0; i < ACPI_NR_TABLES; i++)
		snprintf(name[i], sizeof(name[i]), "%c%c%c%c.dat",
			 l.table[i].sig[0] | 0x20, l.table[i].sig[1] | 0x20,
			 l.table[i].sig[2] | 0x20, l.table[i].sig[3] | 0x20);
	snprintf(name[ACPI_NR_TABLES], sizeof(name[0]), "tables.bin");
	for (int i = 0; i <= ACPI_NR_TABLES && !ret; i++) {
		if (i < ACPI_NR_TABLES)
			ret = write_file(dir, name[i], (char *)buf + l.table[i].offset,
					 l.table[i].len);
		else
			ret = write_file(dir, name[i], buf, (size_t)n);
		written += !ret;
	}
	free(buf);
	if (ret) {
		for (int i = 0; i < written; i++) {
			char path[4096];
			snprintf(path, sizeof(path), "%s/%s", dir, name[i]);
			unlink(path);
		}
		return 1;
	}
	for (int i = 0; i < ACPI_NR_TABLES; i++)
		printf("%s 0x%" PRIx64 " %" PRIu32 "\n", l.table[i].sig,
		       l.table[i].gpa, l.table[i].len);
	return 0;
}
