// SPDX-License-Identifier: GPL-2.0
/* A bus: its platform configuration, its lock, its life cycle. */
#include <stdlib.h>
#include <string.h>

#include "priv.h"

void vpci_bus_config_defaults(struct vpci_bus_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->ecam_base = 0xE0000000ULL;
	cfg->segment = 0;
	cfg->bus_nr = 0;
	cfg->mmio32_base = 0xC0000000ULL;
	cfg->mmio32_size = 0x20000000ULL;               /* up to 0xDFFFFFFF */
	cfg->mmio64_base = 0x10000000000ULL;            /* 1 TiB */
	cfg->mmio64_size = 64ULL << 30;
	cfg->intx_gsi_base = 16;
	/* Placeholder IDs: no vendor ID is allocated to this project. */
	cfg->bridge_vendor = 0x1234;
	cfg->bridge_device = 0x10f0;
}

unsigned vpci_intx_gsi(const struct vpci_bus_config *cfg, unsigned slot, unsigned pin)
{
	/* pin 1 = INTA; the classic swizzle used by the _PRT. */
	return cfg->intx_gsi_base + (slot + pin + 3) % 4;
}

const struct vpci_bus_config *vpci_bus_get_config(const struct vpci_bus *bus)
{
	return &bus->cfg;       /* never changes after vpci_bus_new */
}

void vp_bus_lock(struct vpci_bus *bus)
{
	pthread_mutex_lock(&bus->lock);
}

void vp_bus_unlock(struct vpci_bus *bus)
{
	pthread_mutex_unlock(&bus->lock);
}

static bool window_ok(uint64_t base, uint64_t size)
{
	return size == 0 || base + size - 1 >= base;    /* no wrap-around */
}

static int check_config(const struct vpci_bus_config *c, char *err, size_t errlen)
{
	if (c->ecam_base & (VPCI_ECAM_SIZE - 1) || c->ecam_base + VPCI_ECAM_SIZE < c->ecam_base) {
		vp_set_err(err, errlen, "ECAM base %#llx is not 1 MiB aligned",
			(unsigned long long)c->ecam_base);
		return -1;
	}
	if (c->mmio32_size == 0 || !window_ok(c->mmio32_base, c->mmio32_size) ||
	    c->mmio32_base + c->mmio32_size > (1ULL << 32)) {
		vp_set_err(err, errlen, "the 32-bit MMIO window must be non-empty and below 4 GiB");
		return -1;
	}
	if (!window_ok(c->mmio64_base, c->mmio64_size)) {
		vp_set_err(err, errlen, "the 64-bit MMIO window wraps around");
		return -1;
	}
	if (ranges_overlap(c->ecam_base, VPCI_ECAM_SIZE, c->mmio32_base, c->mmio32_size) ||
	    (c->mmio64_size && ranges_overlap(c->ecam_base, VPCI_ECAM_SIZE,
					      c->mmio64_base, c->mmio64_size)) ||
	    (c->mmio64_size && ranges_overlap(c->mmio32_base, c->mmio32_size,
					      c->mmio64_base, c->mmio64_size))) {
		vp_set_err(err, errlen, "the ECAM window and the MMIO windows overlap");
		return -1;
	}
	if (c->intx_gsi_base > 0xfb) {
		vp_set_err(err, errlen, "INTx GSI base %u leaves no room for 4 GSIs in the Interrupt Line register",
			c->intx_gsi_base);
		return -1;
	}
	if (c->bridge_vendor == 0 || c->bridge_vendor == 0xffff) {
		vp_set_err(err, errlen, "host bridge vendor ID %#x is not a valid vendor",
			c->bridge_vendor);
		return -1;
	}
	return 0;
}

struct vpci_bus *vpci_bus_new(const struct vpci_bus_config *cfg,
			      const struct vpci_irq_ops *irq,
			      char *err, size_t errlen)
{
	struct vpci_bus *bus;
	pthread_mutexattr_t attr;

	if (check_config(cfg, err, errlen))
		return NULL;
	bus = calloc(1, sizeof(*bus));
	if (!bus) {
		vp_set_err(err, errlen, "out of memory");
		return NULL;
	}
	bus->cfg = *cfg;
	if (irq)
		bus->irq = *irq;
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&bus->lock, &attr);
	pthread_mutexattr_destroy(&attr);
	if (vp_hostbridge_add(bus, err, errlen)) {
		vpci_bus_free(bus);
		return NULL;
	}
	return bus;
}

void vpci_bus_free(struct vpci_bus *bus)
{
	if (!bus)
		return;
	memset(&bus->irq, 0, sizeof(bus->irq));
	bus->quiet = true;
	for (unsigned s = 0; s < VPCI_SLOTS; s++)
		for (unsigned f = 0; f < VPCI_FUNCS; f++)
			if (bus->fns[s][f])
				vpci_device_remove(bus->fns[s][f]);
	pthread_mutex_destroy(&bus->lock);
	free(bus);
}

void vpci_bus_reset(struct vpci_bus *bus)
{
	vp_bus_lock(bus);
	for (unsigned s = 0; s < VPCI_SLOTS; s++)
		for (unsigned f = 0; f < VPCI_FUNCS; f++)
			if (bus->fns[s][f] && bus->fns[s][f]->plugged)
				vp_device_reset(bus->fns[s][f]);
	vp_bus_unlock(bus);
}
