// SPDX-License-Identifier: GPL-2.0
/*
 * e1000e-loop: the udrivers example. Drives two e1000e NICs wired to each
 * other (the test bed's two NICs), both bound to vfio-pci, entirely from
 * user space: frames from the first to the second in bulk, then ping-pong,
 * with MSI-X interrupts and then with polling; every byte checked.
 *
 *   e1000e-loop [--mode auto|group|cdev] [--frames N] [--rounds N] BDF_A BDF_B
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e1000e_traffic.h"

static int run(struct e1k *a, struct e1k *b, bool msix, unsigned int frames, unsigned int rounds)
{
	struct udrv_err e;
	struct e1k_result r;
	const char *how = msix ? "MSI-X" : "polling";

	if (e1k_use_msix(a, msix, &e) || e1k_use_msix(b, msix, &e)) {
		fprintf(stderr, "e1000e-loop: %s\n", e.msg);
		return 1;
	}
	if (e1k_bulk(a, b, frames, &r)) {
		fprintf(stderr, "e1000e-loop: bulk (%s): %s\n", how, r.why);
		return 1;
	}
	printf("bulk (%s): %u frames, every byte checked, %.0f frames/s\n", how, r.frames, r.per_sec);
	if (e1k_pingpong(a, b, rounds, &r)) {
		char regs[300];

		fprintf(stderr, "e1000e-loop: ping-pong (%s): %s\n", how, r.why);
		e1k_dump(a, regs, sizeof(regs));
		fprintf(stderr, "  first NIC: %s\n", regs);
		e1k_dump(b, regs, sizeof(regs));
		fprintf(stderr, "  second NIC: %s\n", regs);
		return 1;
	}
	printf("ping-pong (%s): %u round trips, rtt avg %.1f us, median %.1f us, min %.1f us\n",
	       how, r.frames, r.rtt_avg_us, r.rtt_p50_us, r.rtt_min_us);
	if (msix)
		printf("MSI-X: the driver slept on the eventfd %lu times, woken by an interrupt %lu times\n",
		       a->irq_sleeps + b->irq_sleeps, a->irq_wakeups + b->irq_wakeups);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "mode", required_argument, NULL, 'm' },
		{ "frames", required_argument, NULL, 'f' },
		{ "rounds", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	enum udrv_vfio_mode mode = UDRV_VFIO_AUTO;
	unsigned int frames = 2000, rounds = 200;
	struct e1k a, b;
	struct udrv_err e;
	int c, rc;

	while ((c = getopt_long(argc, argv, "m:f:r:h", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			if (!strcmp(optarg, "auto")) mode = UDRV_VFIO_AUTO;
			else if (!strcmp(optarg, "group")) mode = UDRV_VFIO_GROUP;
			else if (!strcmp(optarg, "cdev")) mode = UDRV_VFIO_CDEV;
			else {
				fprintf(stderr, "e1000e-loop: --mode must be auto, group or cdev\n");
				return 2;
			}
			break;
		case 'f': frames = strtoul(optarg, NULL, 0); break;
		case 'r': rounds = strtoul(optarg, NULL, 0); break;
		default:
			fprintf(stderr, "usage: e1000e-loop [--mode auto|group|cdev] [--frames N] [--rounds N] BDF_A BDF_B\n");
			return 2;
		}
	}
	if (argc - optind != 2 || !frames || !rounds) {
		fprintf(stderr, "usage: e1000e-loop [--mode auto|group|cdev] [--frames N] [--rounds N] BDF_A BDF_B\n");
		return 2;
	}
	if (e1k_open(&a, argv[optind], mode, 0x100000000ull, &e)) {
		fprintf(stderr, "e1000e-loop: %s\n", e.msg);
		return 1;
	}
	if (e1k_open(&b, argv[optind + 1], mode, 0x100000000ull, &e)) {
		fprintf(stderr, "e1000e-loop: %s\n", e.msg);
		e1k_close(&a);
		return 1;
	}
	printf("e1000e-loop: %s -> %s through VFIO (%s)\n", argv[optind], argv[optind + 1],
	       udrv_vfio_mode_name(udrv_vfio_mode_of(a.dev)));
	rc = run(&a, &b, true, frames, rounds);
	if (!rc)
		rc = run(&a, &b, false, frames, rounds);
	e1k_close(&b);
	e1k_close(&a);
	return rc;
}
