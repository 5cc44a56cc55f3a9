// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: a hostile guest on a vpci bus with the test device
 * (MSI, MSI-X, BARs) and a virtio function (two queues) over a fake guest
 * RAM. The input is a program of guest actions: config space and BAR
 * reads and writes at any width and offset, stores into RAM (descriptor
 * tables, rings, indirect tables), and a shortcut that sets a queue up as
 * a driver would. Whenever the driver kicks, the device takes every
 * request it can and fills each writable buffer. No crash, and every
 * buffer a request names lies inside guest RAM.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "testdev.h"
#include "virtio.h"
#include "vpci.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define RAM_BASE	0x100000ULL
#define RAM_SIZE	(1u << 16)
#define NR_QUEUES	2

static uint8_t ram[RAM_SIZE];
static struct vpci_bus *bus;
static struct vpci_device *devs[2];
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
	unsigned op = take(g, 1) % 6, w;
	struct vpci_device *d = devs[take(g, 1) % 2];
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
	/* Decoding on and bus master, as firmware and a driver leave them. */
	for (unsigned i = 0; i < 2; i++)
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
