// SPDX-License-Identifier: GPL-2.0
/*
 * The test bed's side of the register-read figure (bench/passthrough/):
 * map a BAR through sysfs and time 32-bit reads of one register, as the
 * bed's kernel (or any driver) reads it: a load from device memory.
 *   bar-read /sys/bus/pci/devices/BDF/resourceN OFFSET COUNT
 * prints the nanoseconds per read.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <sys/mman.h>

static volatile uint32_t sink_store;	/* keeps the reads */

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	volatile uint32_t *reg;
	unsigned long off, count;
	uint32_t sink = 0;
	double t0;
	void *bar;
	int fd;

	if (argc != 4) {
		fprintf(stderr, "usage: bar-read RESOURCE_FILE OFFSET COUNT\n");
		return 2;
	}
	off = strtoul(argv[2], NULL, 0);
	count = strtoul(argv[3], NULL, 0);
	fd = open(argv[1], O_RDWR | O_SYNC);
	if (fd < 0 || off & 3 || !count) {
		perror(argv[1]);
		return 1;
	}
	bar = mmap(NULL, (off | 4095) + 1, PROT_READ, MAP_SHARED, fd, 0);
	if (bar == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	reg = (volatile uint32_t *)((char *)bar + off);
	t0 = now_ns();
	for (unsigned long i = 0; i < count; i++)
		sink += *reg;
	printf("%.3f\n", (now_ns() - t0) / count);
	sink_store = sink;
	return 0;
}
