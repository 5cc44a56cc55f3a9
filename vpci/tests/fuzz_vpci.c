// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: a hostile guest on a vpci bus with the test device
 * (MSI, MSI-X, BARs), a virtio function (two queues) over a fake guest
 * RAM and a passthrough function over a fake backend shaped like an
 * e1000e. The input is a program of guest actions: config space and BAR
 * reads and writes at any width and offset, stores into RAM (descriptor
 * tables, rings, indirect tables), a shortcut that sets a queue up as a
 * driver would, and interrupts the real function raises in any mode.
 * Whenever the driver kicks, the device takes every request it can and
 * fills each writable buffer. No crash; every buffer a request names lies
 * inside guest RAM; the backend sees config accesses of 1, 2 or 4 bytes
 * inside config space, BAR accesses inside the BAR and never on the
 * MSI-X table or PBA, and no more vectors than the function has.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "testdev.h"
#include "virtio.h"
#include "vpci.h"
#include "vpci_pt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define RAM_BASE	0x100000ULL
#define RAM_SIZE	(1u << 16)
#define NR_QUEUES	2

static uint8_t ram[RAM_SIZE];
static struct vpci_bus *bus;
#define NR_DEVS		3
static struct vpci_device *devs[NR_DEVS];
static struct vpci_virtio *vio;
static unsigned kicked;
static struct vpci_bus_config cfg;

static void *dma(void *opaque, uint64_t gpa, uint64_t len)
{
	(void)opaque;
	if (gpa < RAM_BASE || len > RAM_SIZE || gpa - RAM_BASE > RAM_SIZE - len)
		return NULL;
	return ram + (gpa - RAM_BASE);
}

static void on_notify(void *o, unsigned q)
{
	(void)o;
	kicked |= 1u << q;
}

static void on_msi(void *o, uint64_t a, uint32_t d) { (void)o; (void)a; (void)d; }
static void on_intx(void *o, unsigned g, bool l) { (void)o; (void)g; (void)l; }
static void on_log(void *o, const char *line) { (void)o; (void)line; }

static const struct vpci_irq_ops irq_ops = { .msi = on_msi, .intx = on_intx, .log = on_log };
static const struct vpci_virtio_ops vio_ops = { .notify = on_notify };

/* The passthrough function's real side: an e1000e's config space. */
#define PT_MSIX		0xa0
#define PT_MSIX_BAR	3
#define PT_MSIX_VECS	5
#define PT_MSI_VECS	4
static const uint64_t pt_bar_size[VPCI_NUM_BARS + 1] = {
	128 << 10, 128 << 10, 32, 16 << 10, 1 << 20, 0, 64 << 10,
};
static uint8_t pt_cfg[4096];
static struct vpci_pt *pt;

static void pt_put(unsigned off, unsigned size, uint32_t v)
{
	for (unsigned i = 0; i < size; i++)
		pt_cfg[off + i] = (uint8_t)(v >> (8 * i));
}

static void pt_check_cfg(unsigned off, unsigned size)
{
	if ((size != 1 && size != 2 && size != 4) || off >= sizeof(pt_cfg) ||
	    size > sizeof(pt_cfg) - off)
		abort();
}

static int pt_cfg_read(void *o, unsigned off, unsigned size, uint32_t *val)
{
	(void)o;
	pt_check_cfg(off, size);
	*val = 0;
	memcpy(val, pt_cfg + off, size);
	return 0;
}

static int pt_cfg_write(void *o, unsigned off, unsigned size, uint32_t val)
{
	(void)o;
	pt_check_cfg(off, size);
	pt_put(off, size, val);
	return 0;
}

/* Inside the BAR, and clear of the MSI-X table and PBA (vpci emulates them). */
static void pt_check_bar(unsigned bar, uint64_t off, unsigned size)
{
	struct vpci_pt_msix_area table, pba;

	if (bar > VPCI_NUM_BARS || !pt_bar_size[bar] || off >= pt_bar_size[bar] ||
	    size > pt_bar_size[bar] - off)
		abort();
	vpci_pt_msix_areas(pt, &table, &pba);
	if ((table.bar == (int)bar && off < table.off + table.len && off + size > table.off) ||
	    (pba.bar == (int)bar && off < pba.off + pba.len && off + size > pba.off))
		abort();
}

static uint64_t pt_bar_read(void *o, unsigned bar, uint64_t off, unsigned size)
{
	(void)o;
	pt_check_bar(bar, off, size);
	return off;
}

static void pt_bar_write(void *o, unsigned bar, uint64_t off, unsigned size, uint64_t val)
{
	(void)o;
	(void)val;
	pt_check_bar(bar, off, size);
}

static void pt_irq_mode(void *o, enum vpci_irq_mode mode, unsigned nvec)
{
	(void)o;
	if ((mode == VPCI_IRQ_MSIX && nvec > PT_MSIX_VECS) ||
	    (mode == VPCI_IRQ_MSI && nvec > PT_MSI_VECS) || (mode == VPCI_IRQ_INTX && nvec > 1))
		abort();
}

static void pt_reset(void *o)
{
	(void)o;
	pt_put(4, 2, 0);
}

static const struct vpci_pt_backend pt_ops = {
	.cfg_read = pt_cfg_read, .cfg_write = pt_cfg_write,
	.bar_read = pt_bar_read, .bar_write = pt_bar_write,
	.irq_mode = pt_irq_mode, .reset = pt_reset,
};

static void pt_fresh(void)
{
	memset(pt_cfg, 0, sizeof(pt_cfg));
	pt_put(0x00, 4, 0x10d38086);
	pt_put(0x06, 2, 0x0010);		/* capabilities */
	pt_put(0x08, 4, 0x02000003);
	pt_put(0x10, 4, 0xfebc0000);		/* BAR0 mem32 */
	pt_put(0x14, 4, 0xfeba0000);		/* BAR1 mem32 */
	pt_put(0x18, 4, 0x0000c001);		/* BAR2 I/O */
	pt_put(0x1c, 4, 0xfebe0000);		/* BAR3 mem32: MSI-X */
	pt_put(0x20, 4, 0x0000000c);		/* BAR4 mem64 prefetchable */
	pt_put(0x34, 1, 0xc8);
	pt_put(0x3d, 1, 1);			/* INTA */
	pt_put(0xc8, 4, 0x0002d001);		/* PM, next MSI */
	pt_put(0xd0, 4, 0x0084e005);		/* MSI, next PCIe, 64-bit, 4 vectors */
	pt_put(0xe0, 4, 0x0001a010);		/* PCIe v1, next MSI-X */
	pt_put(0xe4, 4, 1u << 28);		/* FLR */
	pt_put(PT_MSIX, 4, 0x00040011 | (PT_MSIX_VECS - 1) << 16);
	pt_put(PT_MSIX + 4, 4, PT_MSIX_BAR);	/* table in BAR3 at 0 */
	pt_put(PT_MSIX + 8, 4, 0x2000 | PT_MSIX_BAR);
}

/* A cursor over the input: bytes run out as zeros, and then the program ends. */
struct prog {
	const uint8_t *p;
	size_t left;
};

static uint64_t take(struct prog *g, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n && g->left; i++, g->p++, g->left--)
		v |= (uint64_t)*g->p << (8 * i);
	return v;
}

static bool in_ram(const void *p, size_t len)
{
	const uint8_t *b = p;

	return b >= ram && len <= RAM_SIZE && (size_t)(b - ram) <= RAM_SIZE - len;
}

/* The device's side: every request of the kicked queues, checked and filled. */
static void serve(void)
{
	struct vpci_vq_elem e;

	for (unsigned q = 0; q < NR_QUEUES; q++) {
		if (!(kicked & (1u << q)))
			continue;
		for (int n = 0; n < 64 && vpci_virtio_pop(vio, q, &e) == 1; n++) {
			for (unsigned i = 0; i < e.n_out + e.n_in; i++)
				if (!in_ram(e.iov[i].iov_base, e.iov[i].iov_len))
					abort();
			for (unsigned i = e.n_out; i < e.n_out + e.n_in; i++)
				memset(e.iov[i].iov_base, 0xa5, e.iov[i].iov_len);
			vpci_virtio_push(vio, q, &e, (uint32_t)e.in_len);
		}
		vpci_virtio_idle(vio, q);
	}
	kicked = 0;
}

static uint64_t cfg_addr(struct vpci_device *d, unsigned off)
{
	return cfg.ecam_base + ((uint64_t)vpci_device_slot(d) << 15) +
	       ((uint64_t)vpci_device_fn(d) << 12) + off;
}

/* What a driver does to bring queue q up at three places in RAM. */
static void queue_setup(struct prog *g)
{
	uint64_t regs = vpci_device_bar_fw_addr(devs[1], 4);
	unsigned q = take(g, 1) % NR_QUEUES, qsz = 1u << (take(g, 1) % 9);
	uint64_t desc = RAM_BASE + take(g, 2) % RAM_SIZE, avail = RAM_BASE + take(g, 2) % RAM_SIZE,
		 used = RAM_BASE + take(g, 2) % RAM_SIZE;

	vpci_mmio_write(bus, regs + 0x14, 1, 1 | 2);
	vpci_mmio_write(bus, regs + 0x08, 4, 0);
	vpci_mmio_write(bus, regs + 0x0c, 4, (uint32_t)take(g, 4));
	vpci_mmio_write(bus, regs + 0x08, 4, 1);
	vpci_mmio_write(bus, regs + 0x0c, 4, 1);	/* VERSION_1 */
	vpci_mmio_write(bus, regs + 0x14, 1, 1 | 2 | 8);
	vpci_mmio_write(bus, regs + 0x16, 2, q);
	vpci_mmio_write(bus, regs + 0x18, 2, qsz);
	vpci_mmio_write(bus, regs + 0x20, 8, desc);
	vpci_mmio_write(bus, regs + 0x28, 8, avail);
	vpci_mmio_write(bus, regs + 0x30, 8, used);
	vpci_mmio_write(bus, regs + 0x1c, 2, 1);
	vpci_mmio_write(bus, regs + 0x14, 1, 1 | 2 | 4 | 8);
}

static void step(struct prog *g)
{
	unsigned op = take(g, 1) % 7, w;
	struct vpci_device *d = devs[take(g, 1) % NR_DEVS];
	uint64_t v = 0, a;

	switch (op) {
	case 0:	/* config write, any width and offset */
	case 1:
		a = cfg_addr(d, take(g, 2) % 4096);
		w = 1u << (take(g, 1) % 4);
		if (op == 0)
			vpci_mmio_write(bus, a, w, take(g, 8));
		else
			vpci_mmio_read(bus, a, w, &v);
		break;
	case 2:	/* a BAR's registers */
	case 3:
		a = vpci_device_bar_fw_addr(d, take(g, 1) % 6);
		if (!a)
			break;
		a += take(g, 2) % 0x4000;
		w = 1u << (take(g, 1) % 4);
		if (op == 2)
			vpci_mmio_write(bus, a, w, take(g, 8));
		else
			vpci_mmio_read(bus, a, w, &v);
		break;
	case 4: {	/* stores into guest RAM: rings and tables */
		size_t off = take(g, 3) % RAM_SIZE, n = take(g, 1);

		for (size_t i = 0; i < n && off + i < RAM_SIZE; i++)
			ram[off + i] = (uint8_t)take(g, 1);
		break;
	}
	case 5:
		queue_setup(g);
		break;
	case 6:	/* the real function raises an interrupt, maybe in a stale mode */
		w = take(g, 1);
		if (w & 0x80)
			vpci_pt_intx_eoi(pt, w & 0x1f);
		else
			vpci_pt_irq(pt, (enum vpci_irq_mode)(w % 4), (w >> 2) % 8);
		break;
	}
	serve();
}

static int setup(void)
{
	struct vpci_virtio_info info = {
		.name = "fuzz", .type = 2, .class_code = 0x018000, .nr_queues = NR_QUEUES,
		.queue_size = 256, .ops = &vio_ops,
	};
	struct vpci_dma dm = { .ptr = dma };
	struct vpci_pt_config pc = { .name = "fuzz-pt", .slot = -1, .ops = &pt_ops };
	struct vpci_testdev_options o;
	char err[256];

	vpci_bus_config_defaults(&cfg);
	bus = vpci_bus_new(&cfg, &irq_ops, err, sizeof(err));
	if (!bus)
		return -1;
	vpci_testdev_defaults(&o);
	devs[0] = vpci_testdev_add(bus, &o, err, sizeof(err));
	vio = devs[0] ? vpci_virtio_add(bus, &info, &dm, err, sizeof(err)) : NULL;
	if (!vio)
		return -1;
	devs[1] = vpci_virtio_device(vio);
	pt_fresh();
	memcpy(pc.bar_size, pt_bar_size, sizeof(pc.bar_size));
	pt = vpci_pt_add(bus, &pc, err, sizeof(err));
	if (!pt)
		return -1;
	devs[2] = vpci_pt_device(pt);
	/* Decoding on and bus master, as firmware and a driver leave them. */
	for (unsigned i = 0; i < NR_DEVS; i++)
		vpci_mmio_write(bus, cfg_addr(devs[i], 4), 2, 0x6);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct prog g = { data, size };

	memset(ram, 0, sizeof(ram));
	kicked = 0;
	if (setup() < 0)
		abort();
	for (int n = 0; g.left && n < 4096; n++)
		step(&g);
	vpci_bus_free(bus);
	bus = NULL;
	return 0;
}
