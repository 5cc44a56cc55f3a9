// SPDX-License-Identifier: GPL-2.0
/*
 * `uvmm devices`: the PCI devices uvmm could pass through, on udrivers.
 *   uvmm devices [list]        every device: IDs, names, driver, IOMMU group,
 *                              and whether it can be assigned (or why not)
 *   uvmm devices bind BDF      hand BDF to vfio-pci
 *   uvmm devices unbind BDF    give BDF back to its host driver
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "udrivers.h"
#include "cli/devices_cmd.h"
#include "exit_status.h"

static const char usage[] = "usage: uvmm devices [list] | bind BDF | unbind BDF\n";

static const char *state_of(const struct udrv_pci_info *d)
{
	if (!d->assignable)
		return "not assignable";
	if (!strcmp(d->driver, "vfio-pci"))
		return "ready (vfio-pci)";
	return "assignable after bind";
}

static int list(void)
{
	struct udrv_pci_info *devs;
	struct udrv_err e;
	size_t n;

	if (udrv_pci_list(&devs, &n, &e)) {
		fprintf(stderr, "uvmm devices: %s\n", e.msg);
		return UVMM_EXIT_ERROR;
	}
	printf("%-12s  %-9s  %-8s  %-16s  %-5s  %-21s  %s\n", "BDF", "ID", "CLASS", "DRIVER", "GROUP",
	       "STATE", "DEVICE");
	for (size_t i = 0; i < n; i++) {
		const struct udrv_pci_info *d = &devs[i];
		char group[16];

		if (d->iommu_group >= 0)
			snprintf(group, sizeof(group), "%d", d->iommu_group);
		else
			snprintf(group, sizeof(group), "-");
		printf("%-12s  %04x:%04x  %06x    %-16s  %-5s  %-21s  %s %s (%s)\n", d->bdf, d->vendor,
		       d->device, d->class, d->driver[0] ? d->driver : "-", group, state_of(d),
		       d->vendor_name, d->device_name, d->class_name);
		if (!d->assignable)
			printf("%-12s  why not: %s\n", "", d->why_not);
	}
	free(devs);
	return 0;
}

int uvmm_devices_main(int argc, char **argv)
{
	struct udrv_err e;
	char newdrv[64];

	if (argc <= 1 || (argc == 2 && !strcmp(argv[1], "list")))
		return list();
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "bind")) {
		if (udrv_bind(argv[2], "vfio-pci", &e)) {
			fprintf(stderr, "uvmm devices: %s\n", e.msg);
			return UVMM_EXIT_ERROR;
		}
		printf("%s: bound to vfio-pci\n", argv[2]);
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "unbind")) {
		if (udrv_unbind(argv[2], newdrv, sizeof(newdrv), &e)) {
			fprintf(stderr, "uvmm devices: %s\n", e.msg);
			return UVMM_EXIT_ERROR;
		}
		printf("%s: given back to the host (now %s)\n", argv[2], newdrv[0] ? newdrv : "without a driver");
		return 0;
	}
	fprintf(stderr, "uvmm devices: bad arguments\n%s", usage);
	return UVMM_EXIT_ERROR;
}
