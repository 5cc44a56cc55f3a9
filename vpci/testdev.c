// SPDX-License-Identifier: GPL-2.0
/* The test device described in testdev.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testdev.h"

#define ROM_SIZE 2048
#define MISUSE_PARTIAL_DOORBELL VPCI_MISUSE_MODEL_FIRST

struct testdev {
	struct vpci_device *dev;
	unsigned nvec;
	uint32_t scratch, irq_status, fired, dropped;
	uint64_t scratch64;
	uint8_t mem[TESTDEV_MEM_SIZE];
	uint8_t rom[ROM_SIZE];
};

void vpci_testdev_defaults(struct vpci_testdev_options *o)
{
	o->slot = -1;
	o->msix_vectors = 4;
	o->rom = true;
	o->pcie = false;
	/* Placeholder IDs, as for the host bridge (vpci_bus_config_defaults). */
	o->vendor = 0x1234;
	o->device = 0x10f1;
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* The register file as the guest reads it. */
static void regs_image(const struct testdev *t, uint8_t img[TESTDEV_REGS_END])
{
	put32(img + TESTDEV_REG_MAGIC, TESTDEV_MAGIC);
	put32(img + TESTDEV_REG_INFO, TESTDEV_VERSION << 16 | t->nvec);
	put32(img + TESTDEV_REG_SCRATCH, t->scratch);
	put32(img + TESTDEV_REG_DOORBELL, 0);
	put32(img + TESTDEV_REG_IRQ_STATUS, t->irq_status);
	put32(img + TESTDEV_REG_IRQ_ACK, 0);
	put32(img + TESTDEV_REG_FIRED, t->fired);
	put32(img + TESTDEV_REG_DROPPED, t->dropped);
	put32(img + TESTDEV_REG_SCRATCH64, (uint32_t)t->scratch64);
	put32(img + TESTDEV_REG_SCRATCH64 + 4, (uint32_t)(t->scratch64 >> 32));
}

static uint64_t td_read(void *opaque, unsigned bar, uint64_t off, unsigned size)
{
	struct testdev *t = opaque;
	const uint8_t *src;
	uint8_t img[TESTDEV_REGS_END];
	uint64_t v = 0;

	if (bar == TESTDEV_REGS_BAR) {
		if (off + size > TESTDEV_REGS_END)
			return 0;
		regs_image(t, img);
		src = img + off;
	} else if (bar == TESTDEV_MEM_BAR) {
		src = t->mem + off;
	} else if (bar == VPCI_ROM_BAR) {
		src = t->rom + off;
	} else {
		return 0;       /* the rest of the MSI-X BAR */
	}
	for (unsigned i = 0; i < size; i++)
		v |= (uint64_t)src[i] << (8 * i);
	return v;
}

static void doorbell(struct testdev *t, unsigned vector)
{
	bool ok;

	switch (vpci_device_irq_mode(t->dev)) {
	case VPCI_IRQ_MSIX:
		ok = vpci_msix_notify(t->dev, vector);
		break;
	case VPCI_IRQ_MSI:
		ok = vpci_msi_notify(t->dev, vector);
		break;
	case VPCI_IRQ_INTX:
		t->irq_status |= 1;
		vpci_intx_set(t->dev, true);
		ok = true;
		break;
	default:
		ok = false;
	}
	if (ok)
		t->fired++;
	else
		t->dropped++;
}

/* A 32-bit register whose bytes [lo, lo+n) of the access cover it whole. */
static void write_reg(struct testdev *t, unsigned reg, uint32_t v, bool whole)
{
	switch (reg) {
	case TESTDEV_REG_DOORBELL:
	case TESTDEV_REG_IRQ_ACK:
		if (!whole) {
			vpci_misuse(t->dev, MISUSE_PARTIAL_DOORBELL,
				    "partial write to a command register ignored");
			return;
		}
		if (reg == TESTDEV_REG_DOORBELL) {
			doorbell(t, v);
		} else {
			t->irq_status &= ~v;
			if (!(t->irq_status & 1))
				vpci_intx_set(t->dev, false);
		}
		break;
	}
}

static void td_write(void *opaque, unsigned bar, uint64_t off, unsigned size, uint64_t val)
{
	struct testdev *t = opaque;

	if (bar == TESTDEV_MEM_BAR) {
		for (unsigned i = 0; i < size; i++)
			t->mem[off + i] = (uint8_t)(val >> (8 * i));
		return;
	}
	if (bar != TESTDEV_REGS_BAR || off + size > TESTDEV_REGS_END)
		return;
	/* Scratch registers take any width; merge the bytes. */
	for (unsigned i = 0; i < size; i++) {
		uint64_t o = off + i;
		uint8_t b = (uint8_t)(val >> (8 * i));

		if (o >= TESTDEV_REG_SCRATCH && o < TESTDEV_REG_SCRATCH + 4) {
			unsigned sh = 8 * (unsigned)(o - TESTDEV_REG_SCRATCH);

			t->scratch = (t->scratch & ~(0xffu << sh)) | (uint32_t)b << sh;
		} else if (o >= TESTDEV_REG_SCRATCH64) {
			unsigned sh = 8 * (unsigned)(o - TESTDEV_REG_SCRATCH64);

			t->scratch64 = (t->scratch64 & ~(0xffULL << sh)) | (uint64_t)b << sh;
		}
	}
	/* Command registers act only on a write covering all 4 bytes. */
	for (unsigned reg = TESTDEV_REG_DOORBELL; reg <= TESTDEV_REG_IRQ_ACK;
	     reg += TESTDEV_REG_IRQ_ACK - TESTDEV_REG_DOORBELL) {
		if (off + size <= reg || off >= reg + 4)
			continue;
		bool whole = off <= reg && off + size >= reg + 4;

		write_reg(t, reg, (uint32_t)(val >> (8 * (reg - off) % 64)), whole);
	}
}

static void td_reset(void *opaque)
{
	struct testdev *t = opaque;

	t->scratch = 0;
	t->scratch64 = 0;
	t->irq_status = 0;
	t->fired = 0;
	t->dropped = 0;
	memset(t->mem, 0, sizeof(t->mem));
	vpci_intx_set(t->dev, false);
}

static void td_release(void *opaque)
{
	free(opaque);
}

static const struct vpci_device_ops testdev_ops = {
	.bar_read = td_read,
	.bar_write = td_write,
	.reset = td_reset,
	.release = td_release,
};

/* A ROM the guest's ROM code accepts: 0xAA55 and a PCI Data Structure. */
static void build_rom(struct testdev *t, const struct vpci_testdev_options *o)
{
	uint8_t *r = t->rom, *pcir = r + 0x1c;

	r[0] = 0x55;
	r[1] = 0xaa;
	r[0x18] = 0x1c;                 /* offset of the PCI Data Structure */
	memcpy(pcir, "PCIR", 4);
	pcir[4] = (uint8_t)o->vendor;
	pcir[5] = (uint8_t)(o->vendor >> 8);
	pcir[6] = (uint8_t)o->device;
	pcir[7] = (uint8_t)(o->device >> 8);
	pcir[0x0a] = 0x18;              /* structure length */
	pcir[0x0c] = 3;                 /* structure revision */
	pcir[0x0f] = 0xff;              /* class code base: unassigned */
	pcir[0x10] = ROM_SIZE / 512;    /* image length, 512-byte units */
	pcir[0x14] = 0x03;              /* code type: EFI image (none really) */
	pcir[0x15] = 0x80;              /* last image */
}

struct vpci_device *vpci_testdev_add(struct vpci_bus *bus, const struct vpci_testdev_options *o,
				     char *err, size_t errlen)
{
	struct vpci_device_info info = {
		.name = "testdev",
		.vendor = o->vendor,
		.device = o->device,
		.subsys_vendor = o->vendor,
		.subsys_device = o->device,
		.class_code = 0xff0000,
		.revision = TESTDEV_VERSION,
		.int_pin = 1,
		.ops = &testdev_ops,
	};
	struct testdev *t;
	struct vpci_device *d;
	unsigned msi_vec = 1;

	if (o->msix_vectors < 1 || o->msix_vectors > 512) {
		if (err && errlen)
			snprintf(err, errlen, "testdev: %u MSI-X vectors (1..512 supported)",
				 o->msix_vectors);
		return NULL;
	}
	t = calloc(1, sizeof(*t));
	if (!t) {
		if (err && errlen)
			snprintf(err, errlen, "testdev: out of memory");
		return NULL;
	}
	t->nvec = o->msix_vectors;
	info.opaque = t;
	d = vpci_device_new(bus, o->slot, 0, &info, err, errlen);
	if (!d) {
		free(t);
		return NULL;
	}
	t->dev = d;
	while (msi_vec < o->msix_vectors && msi_vec < 32)
		msi_vec <<= 1;
	if (o->rom)
		build_rom(t, o);
	if (vpci_device_add_bar(d, TESTDEV_REGS_BAR, VPCI_BAR_MEM32, 0x1000, false, err, errlen) ||
	    vpci_device_add_bar(d, TESTDEV_MSIX_BAR, VPCI_BAR_MEM64, 0x4000, false, err, errlen) ||
	    vpci_device_add_bar(d, TESTDEV_MEM_BAR, VPCI_BAR_MEM64, TESTDEV_MEM_SIZE, true,
				err, errlen) ||
	    (o->rom && vpci_device_add_bar(d, VPCI_ROM_BAR, VPCI_BAR_ROM, ROM_SIZE, false,
					   err, errlen)) ||
	    (o->pcie && vpci_pcie_init(d, true, err, errlen)) ||
	    vpci_msi_init(d, msi_vec, true, true, err, errlen) ||
	    vpci_msix_init(d, o->msix_vectors, TESTDEV_MSIX_BAR, 0, TESTDEV_MSIX_BAR,
			   TESTDEV_PBA_OFFSET, err, errlen) ||
	    vpci_device_plug(d, err, errlen)) {
		vpci_device_remove(d);  /* frees t through release */
		return NULL;
	}
	return d;
}
