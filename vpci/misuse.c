// SPDX-License-Identifier: GPL-2.0
/*
 * Logging for a hostile or buggy guest: each kind of misuse is reported once
 * per function, so a guest hammering a bad register cannot flood uvmm's log.
 */
#include <stdarg.h>
#include <stdio.h>

#include "priv.h"

static void emit(struct vpci_bus *bus, const char *line)
{
	if (bus->quiet)
		return;
	if (bus->irq.log)
		bus->irq.log(bus->irq.opaque, line);
	else
		fprintf(stderr, "%s\n", line);
}

void vp_bus_log(struct vpci_bus *bus, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	emit(bus, line);
}

void vpci_misuse(struct vpci_device *dev, unsigned kind, const char *fmt, ...)
{
	char msg[192];
	va_list ap;

	if (kind >= VPCI_MISUSE_MAX)
		kind = VPCI_MISUSE_MAX - 1;
	vp_bus_lock(dev->bus);
	if (dev->misuse_logged & (1ULL << kind)) {
		vp_bus_unlock(dev->bus);
		return;
	}
	dev->misuse_logged |= 1ULL << kind;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	vp_bus_log(dev->bus, "vpci %04x:%02x:%02x.%u %s: %s (further ones not logged)",
		dev->bus->cfg.segment, dev->bus->cfg.bus_nr, dev->slot, dev->fn,
		dev->name, msg);
	vp_bus_unlock(dev->bus);
}

void vp_set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}
