// SPDX-License-Identifier: GPL-2.0
/*
 * Runs in a uvmm guest that has an e1000e passed through
 * (tests/uvmm/passthrough/in-hostvm.sh): maps its BARs through sysfs as a
 * user-space driver would and prints what it finds, one key=value a line,
 * for the script to judge.
 *   bar-mmap /sys/bus/pci/devices/BDF
 * ra0=MAC         receive address 0 (RAL0/RAH0), read from BAR0: the MAC
 * ral1=HEX        RAL1 read back after writing 0x5a5a1234 to it
 * bar3=sigbus     the MSI-X BAR (table and PBA), which uvmm keeps to itself:
 *                 a load there gets SIGBUS (or bar3=HEX if it was readable)
 * bar3_write=...  the same for a store of nonsense into the table
 */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define RAL(n)	(0x5400 + 8 * (n))
#define RAH(n)	(0x5404 + 8 * (n))

static sigjmp_buf env;

static void on_sigbus(int sig)
{
	siglongjmp(env, sig);
}

static volatile uint32_t *map_bar(const char *dev, int bar, size_t len)
{
	char path[256];
	void *p;
	int fd;

	snprintf(path, sizeof(path), "%s/resource%d", dev, bar);
	fd = open(path, O_RDWR | O_SYNC);
	if (fd < 0) {
		perror(path);
		exit(1);
	}
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	close(fd);
	return p;
}

static uint32_t rd(volatile uint32_t *bar, unsigned off)
{
	return bar[off / 4];
}

static void wr(volatile uint32_t *bar, unsigned off, uint32_t v)
{
	bar[off / 4] = v;
}

int main(int argc, char **argv)
{
	volatile uint32_t *bar0, *bar3;
	uint32_t lo, hi, saved;

	if (argc != 2) {
		fprintf(stderr, "usage: bar-mmap /sys/bus/pci/devices/BDF\n");
		return 2;
	}
	signal(SIGBUS, on_sigbus);
	setvbuf(stdout, NULL, _IOLBF, 0);

	bar0 = map_bar(argv[1], 0, 0x20000);
	lo = rd(bar0, RAL(0));
	hi = rd(bar0, RAH(0));
	printf("ra0=%02x:%02x:%02x:%02x:%02x:%02x\n", lo & 0xff, (lo >> 8) & 0xff,
	       (lo >> 16) & 0xff, lo >> 24, hi & 0xff, (hi >> 8) & 0xff);
	/* RAL1 filters nothing while RAH1's address-valid bit is clear. */
	saved = rd(bar0, RAL(1));
	wr(bar0, RAL(1), 0x5a5a1234);
	printf("ral1=%#x\n", rd(bar0, RAL(1)));
	wr(bar0, RAL(1), saved);

	bar3 = map_bar(argv[1], 3, 0x4000);
	if (sigsetjmp(env, 1))
		printf("bar3=sigbus\n");
	else
		printf("bar3=%#x\n", rd(bar3, 0));
	if (sigsetjmp(env, 1)) {
		printf("bar3_write=sigbus\n");
	} else {
		wr(bar3, 0, 0xdeadbeef);	/* vector 0's address: nonsense */
		wr(bar3, 8, 0xffffffff);
		printf("bar3_write=done\n");
	}
	return 0;
}
