// SPDX-License-Identifier: GPL-2.0
/*
 * What one guest MMIO access costs inside vpci (the gate crossing around it
 * is uvmm's and not counted): a bus full of test devices, median ns per
 * access over several runs. Informational; no test asserts on it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "vpci.h"
#include "testdev.h"

#define ITERS 1000000
#define RUNS  5

static unsigned msis;

static void on_msi(void *o, uint64_t a, uint32_t d)
{
	(void)o;
	(void)a;
	(void)d;
	msis++;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

typedef void (*op_fn)(struct vpci_bus *bus, uint64_t a);

static void op_read(struct vpci_bus *bus, uint64_t a)
{
	uint64_t v;

	vpci_mmio_read(bus, a, 4, &v);
}

static void op_write(struct vpci_bus *bus, uint64_t a)
{
	vpci_mmio_write(bus, a, 4, 0);
}

static void measure(const char *what, struct vpci_bus *bus, op_fn op, uint64_t a)
{
	double t[RUNS];

	for (int r = 0; r < RUNS; r++) {
		double t0 = now_ns();

		for (int i = 0; i < ITERS; i++)
			op(bus, a);
		t[r] = (now_ns() - t0) / ITERS;
	}
	qsort(t, RUNS, sizeof(t[0]), cmp);
	printf("%-48s %7.1f ns\n", what, t[RUNS / 2]);
}

int main(void)
{
	struct vpci_bus_config c;
	struct vpci_irq_ops irq = { .msi = on_msi };
	struct vpci_testdev_options o;
	struct vpci_device *first = NULL, *last = NULL;
	char err[256];

	vpci_bus_config_defaults(&c);
	struct vpci_bus *bus = vpci_bus_new(&c, &irq, err, sizeof(err));
	if (!bus) {
		fprintf(stderr, "vpci-bench: %s\n", err);
		return 1;
	}
	vpci_testdev_defaults(&o);
	for (int s = 1; s < 32; s++) {
		o.slot = s;
		last = vpci_testdev_add(bus, &o, err, sizeof(err));
		if (!last) {
			fprintf(stderr, "vpci-bench: %s\n", err);
			return 1;
		}
		first = first ? first : last;
		/* Memory decode and bus mastering on, MSI-X vector 0 unmasked. */
		vpci_mmio_write(bus, c.ecam_base + ((uint64_t)s << 15) + 4, 2, 6);
		uint64_t t = vpci_device_bar_fw_addr(last, TESTDEV_MSIX_BAR);
		vpci_mmio_write(bus, t + 12, 4, 0);
		vpci_mmio_write(bus, c.ecam_base + ((uint64_t)s << 15) + vpci_cap_find(last, 0x11) + 2,
				2, 0x8000);
	}
	printf("vpci MMIO cost, 31 test devices (93 decoding BARs), median of %d x %d\n", RUNS, ITERS);
	measure("ECAM dword read (00:00.0 vendor)", bus, op_read, c.ecam_base);
	measure("BAR register read, first device", bus, op_read,
		vpci_device_bar_fw_addr(first, 0) + TESTDEV_REG_MAGIC);
	measure("BAR register read, last device", bus, op_read,
		vpci_device_bar_fw_addr(last, 0) + TESTDEV_REG_MAGIC);
	measure("MSI-X table read, last device", bus, op_read,
		vpci_device_bar_fw_addr(last, TESTDEV_MSIX_BAR) + 12);
	measure("doorbell write -> MSI-X message, last device", bus, op_write,
		vpci_device_bar_fw_addr(last, 0) + TESTDEV_REG_DOORBELL);
	measure("unclaimed address (master abort)", bus, op_read, 0x1000);
	vpci_bus_free(bus);
	return msis ? 0 : 1;
}
