/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A bus on the default platform with its interrupt and log outputs recorded,
 * and config/MMIO helpers that go through the same entry points uvmm uses.
 */
#ifndef VPCI_FIXTURE_H
#define VPCI_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "vpci.h"
#include "testdev.h"
#include "tap.h"

#define MAX_EVENTS 4096

struct fixture {
	struct vpci_bus *bus;
	struct vpci_bus_config cfg;
	unsigned nmsi;
	uint64_t msi_addr[MAX_EVENTS];
	uint32_t msi_data[MAX_EVENTS];
	bool gsi[256];
	unsigned nintx;                 /* level changes seen */
	unsigned intx_repeats;          /* "changes" to the level a GSI already had */
	unsigned nlog;
	char log[64][256];              /* the first 64 lines */
};

static struct fixture fx;

static inline void fx_msi(void *opaque, uint64_t addr, uint32_t data)
{
	(void)opaque;
	if (fx.nmsi < MAX_EVENTS) {
		fx.msi_addr[fx.nmsi] = addr;
		fx.msi_data[fx.nmsi] = data;
	}
	fx.nmsi++;
}

static inline void fx_intx(void *opaque, unsigned gsi, bool level)
{
	(void)opaque;
	if (gsi < 256) {
		/* A level callback must always be a change. */
		if (fx.gsi[gsi] == level)
			fx.intx_repeats++;
		fx.gsi[gsi] = level;
	}
	fx.nintx++;
}

static inline void fx_log(void *opaque, const char *line)
{
	(void)opaque;
	if (fx.nlog < 64)
		snprintf(fx.log[fx.nlog], sizeof(fx.log[0]), "%s", line);
	fx.nlog++;
	printf("# log: %s\n", line);
}

static const struct vpci_irq_ops fx_ops = {
	.msi = fx_msi, .intx = fx_intx, .log = fx_log,
};

static inline void fx_start_with(const struct vpci_bus_config *cfg)
{
	char err[256] = "";

	memset(&fx, 0, sizeof(fx));
	fx.cfg = *cfg;
	fx.bus = vpci_bus_new(cfg, &fx_ops, err, sizeof(err));
	if (!fx.bus)
		bail_out("vpci_bus_new: %s", err);
}

static inline void fx_start(void)
{
	struct vpci_bus_config cfg;

	vpci_bus_config_defaults(&cfg);
	fx_start_with(&cfg);
}

static inline void fx_stop(void)
{
	is(fx.intx_repeats, 0, "every intx callback was a real level change");
	vpci_bus_free(fx.bus);
	fx.bus = NULL;
}

static inline struct vpci_device *fx_testdev(int slot)
{
	struct vpci_testdev_options o;
	struct vpci_device *d;
	char err[256] = "";

	vpci_testdev_defaults(&o);
	o.slot = slot;
	d = vpci_testdev_add(fx.bus, &o, err, sizeof(err));
	if (!d)
		bail_out("vpci_testdev_add: %s", err);
	return d;
}

static inline uint64_t cfg_addr(unsigned slot, unsigned fn, unsigned off)
{
	return fx.cfg.ecam_base + ((uint64_t)slot << 15) + ((uint64_t)fn << 12) + off;
}

static inline uint64_t cfg_rd(unsigned slot, unsigned fn, unsigned off, unsigned size)
{
	uint64_t v = 0;

	vpci_mmio_read(fx.bus, cfg_addr(slot, fn, off), size, &v);
	return v;
}

static inline void cfg_wr(unsigned slot, unsigned fn, unsigned off, unsigned size, uint64_t v)
{
	vpci_mmio_write(fx.bus, cfg_addr(slot, fn, off), size, v);
}

static inline uint64_t mm_rd(uint64_t a, unsigned size)
{
	uint64_t v = 0;

	vpci_mmio_read(fx.bus, a, size, &v);
	return v;
}

static inline void mm_wr(uint64_t a, unsigned size, uint64_t v)
{
	vpci_mmio_write(fx.bus, a, size, v);
}

/* How many log lines contain s. */
static inline unsigned fx_log_count(const char *s)
{
	unsigned n = 0;

	for (unsigned i = 0; i < fx.nlog && i < 64; i++)
		if (strstr(fx.log[i], s))
			n++;
	return n;
}

/* Command register bits, as the guest writes them. */
#define CMD_MEM    0x0002
#define CMD_MASTER 0x0004
#define CMD_INTX_DISABLE 0x0400

#endif
