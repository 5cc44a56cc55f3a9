// SPDX-License-Identifier: GPL-2.0
/*
 * The host bridge at 00:00.0: a plain type 0 function of class 0x0600 with
 * no BARs and no interrupt, so that the guest sees a conventional root bus.
 * The windows it forwards are described by ACPI (_CRS), not by registers.
 */
#include "priv.h"

int vp_hostbridge_add(struct vpci_bus *bus, char *err, size_t errlen)
{
	struct vpci_device_info info = {
		.name = "host-bridge",
		.vendor = bus->cfg.bridge_vendor,
		.device = bus->cfg.bridge_device,
		.subsys_vendor = bus->cfg.bridge_vendor,
		.subsys_device = bus->cfg.bridge_device,
		.class_code = 0x060000,
	};
	struct vpci_device *d = vpci_device_new(bus, 0, 0, &info, err, errlen);

	if (!d)
		return -1;
	return vpci_device_plug(d, err, errlen);
}
