// SPDX-License-Identifier: GPL-2.0
/*
 * The passthrough model (vpci_pt.h): a real function's identity, BARs and
 * capability list copied onto a vpci function at plug time, then config
 * space split between vpci's emulation and the device as vpci_pt.h says.
 */
#include <stdlib.h>

#include "priv.h"
#include "vpci_pt.h"

#define CAP_ID_PM       0x01
#define CAP_ID_VENDOR   0x09
#define PM_CAP_LEN      8
#define PM_CTRL         4       /* PMCSR, written through */
#define MSI_CTL_64BIT   0x0080
#define MSI_CTL_MASK    0x0100
#define PCIE_DEVCAP     4
#define  DEVCAP_FLR      (1u << 28)
#define MAX_LIVE_CAPS   16
#define BAR_IO          0x1
#define BAR_MEM64       0x4
#define BAR_PREFETCH    0x8

/* A capability whose registers read live from the device. */
struct live_cap {
	unsigned off, len;
	bool pm;
};

struct vpci_pt {
	struct vpci_device *dev;
	const struct vpci_pt_backend *be;
	void *opaque;
	struct live_cap live[MAX_LIVE_CAPS];
	unsigned nlive;
	uint16_t real_cmd;              /* what we last wrote to the device */
	enum vpci_irq_mode mode;        /* what the backend routes now */
	unsigned nvec;
};

static uint32_t real_read(struct vpci_pt *pt, unsigned off, unsigned size)
{
	uint32_t v;

	if (pt->be->cfg_read(pt->opaque, off, size, &v))
		return size == 4 ? ~0u : (1u << (8 * size)) - 1;
	return v;
}

/*
 * Memory decode on, I/O decode off, Bus Master as the guest has it. force:
 * the device's register may have changed behind our back (a reset).
 */
static void sync_command(struct vpci_pt *pt, bool force)
{
	uint16_t want, now = force ? (uint16_t)real_read(pt, PCI_COMMAND, 2) : pt->real_cmd;

	want = (uint16_t)((now & ~(CMD_IO | CMD_MASTER | CMD_INTX_OFF)) | CMD_MEM |
			  (vp_cfg_command(pt->dev) & CMD_MASTER));
	if ((force || want != pt->real_cmd) &&
	    !pt->be->cfg_write(pt->opaque, PCI_COMMAND, 2, want))
		pt->real_cmd = want;
}

static void irq_mode_now(struct vpci_pt *pt, enum vpci_irq_mode *mode, unsigned *nvec)
{
	struct vpci_device *d = pt->dev;

	*mode = vpci_device_irq_mode(d);
	*nvec = 1;
	if (*mode == VPCI_IRQ_MSIX) {
		*nvec = d->msix.nvec;
	} else if (*mode == VPCI_IRQ_MSI) {
		unsigned mme = (d->cfg[d->msi.cap + 2] >> 4) & 7;

		*nvec = 1u << mme;
		if (*nvec > d->msi.nvec)
			*nvec = d->msi.nvec;
	}
}

static void sync_irq_mode(struct vpci_pt *pt)
{
	enum vpci_irq_mode mode;
	unsigned nvec;

	irq_mode_now(pt, &mode, &nvec);
	if (mode == pt->mode && nvec == pt->nvec)
		return;
	pt->mode = mode;
	pt->nvec = nvec;
	if (pt->be->irq_mode)
		pt->be->irq_mode(pt->opaque, mode, nvec);
}

static const struct live_cap *live_at(struct vpci_pt *pt, unsigned off)
{
	for (unsigned i = 0; i < pt->nlive; i++)
		if (off >= pt->live[i].off + 2 && off < pt->live[i].off + pt->live[i].len)
			return &pt->live[i];
	return NULL;
}

static void pt_config_read(void *opaque, unsigned off, unsigned size, uint32_t *val)
{
	struct vpci_pt *pt = opaque;
	uint32_t real = 0;
	bool fetched = false;

	/* Byte by byte: an access may span a capability's header and body. */
	for (unsigned i = 0; i < size; i++) {
		if (off + i >= CFG_STD_SIZE || !live_at(pt, off + i))
			continue;
		if (!fetched) {
			real = real_read(pt, off, size);
			fetched = true;
		}
		*val = (*val & ~(0xffu << (8 * i))) | (real & (0xffu << (8 * i)));
	}
}

static void pt_config_write(void *opaque, unsigned off, unsigned size, uint32_t val)
{
	struct vpci_pt *pt = opaque;

	for (unsigned i = 0; i < size; i++) {
		const struct live_cap *c = off + i < CFG_STD_SIZE ? live_at(pt, off + i) : NULL;
		unsigned o = off + i;

		if (c && c->pm && o >= c->off + PM_CTRL && o < c->off + PM_CTRL + 2)
			pt->be->cfg_write(pt->opaque, o, 1, (val >> (8 * i)) & 0xff);
	}
	sync_command(pt, false);
	sync_irq_mode(pt);
}

static uint64_t pt_bar_read(void *opaque, unsigned bar, uint64_t off, unsigned size)
{
	struct vpci_pt *pt = opaque;

	return pt->be->bar_read(pt->opaque, bar, off, size);
}

static void pt_bar_write(void *opaque, unsigned bar, uint64_t off, unsigned size, uint64_t val)
{
	struct vpci_pt *pt = opaque;

	pt->be->bar_write(pt->opaque, bar, off, size, val);
}

static void pt_bar_update(void *opaque, unsigned bar, uint64_t addr, bool decoding)
{
	struct vpci_pt *pt = opaque;

	if (pt->be->bar_update)
		pt->be->bar_update(pt->opaque, bar, addr, decoding);
}

/* vpci put the function back in its plug-time state (FLR or platform reset). */
static void pt_reset(void *opaque)
{
	struct vpci_pt *pt = opaque;

	pt->be->reset(pt->opaque);
	sync_command(pt, true);
	/* The reset undid the device's interrupt routing: route it again,
	 * even when the mode (INTx, say) is the one it had before. */
	pt->mode = VPCI_IRQ_NONE;
	pt->nvec = 0;
	sync_irq_mode(pt);
}

static void pt_release(void *opaque)
{
	free(opaque);
}

static const struct vpci_device_ops pt_ops = {
	.bar_read = pt_bar_read,
	.bar_write = pt_bar_write,
	.config_read = pt_config_read,
	.config_write = pt_config_write,
	.bar_update = pt_bar_update,
	.reset = pt_reset,
	.release = pt_release,
};

static int add_bars(struct vpci_pt *pt, const struct vpci_pt_config *c, char *err, size_t errlen)
{
	for (unsigned i = 0; i < VPCI_NUM_BARS; i++) {
		uint32_t reg = real_read(pt, PCI_BAR0 + 4 * i, 4);
		enum vpci_bar_type type;

		if (!c->bar_size[i])
			continue;
		if (reg & BAR_IO)
			type = VPCI_BAR_IO;
		else if (reg & BAR_MEM64 && i + 1 < VPCI_NUM_BARS)
			type = VPCI_BAR_MEM64;
		else
			type = VPCI_BAR_MEM32;
		if (vpci_device_add_bar(pt->dev, i, type, c->bar_size[i],
					type != VPCI_BAR_IO && (reg & BAR_PREFETCH), err, errlen))
			return -1;
		if (type == VPCI_BAR_MEM64)
			i++;
	}
	if (c->bar_size[VPCI_ROM_BAR] &&
	    vpci_device_add_bar(pt->dev, VPCI_ROM_BAR, VPCI_BAR_ROM, c->bar_size[VPCI_ROM_BAR],
				false, err, errlen))
		return -1;
	return 0;
}

static int add_live_cap(struct vpci_pt *pt, uint8_t id, unsigned off, unsigned len, bool pm)
{
	if (pt->nlive == MAX_LIVE_CAPS || vpci_cap_place(pt->dev, off) ||
	    !vpci_cap_add(pt->dev, id, len))
		return -1;
	pt->live[pt->nlive++] = (struct live_cap){ off, len, pm };
	return 0;
}

/* One capability of the real list, at its real offset; -1 + err if fatal. */
static int add_cap(struct vpci_pt *pt, uint8_t id, unsigned off, char *err, size_t errlen)
{
	struct vpci_device *d = pt->dev;
	uint16_t ctl = (uint16_t)real_read(pt, off + 2, 2);
	unsigned len;

	switch (id) {
	case CAP_ID_MSI: {
		unsigned mmc = (ctl >> 1) & 7;  /* log2 of the vectors; 6, 7 reserved */

		return vpci_cap_place(d, off) ||
		       vpci_msi_init(d, 1u << (mmc > 5 ? 5 : mmc), ctl & MSI_CTL_64BIT,
				     ctl & MSI_CTL_MASK, err, errlen) ? -1 : 0;
	}
	case CAP_ID_MSIX: {
		uint32_t table = real_read(pt, off + 4, 4), pba = real_read(pt, off + 8, 4);

		return vpci_cap_place(d, off) ||
		       vpci_msix_init(d, (ctl & 0x7ff) + 1, table & 7, table & ~7u, pba & 7,
				      pba & ~7u, err, errlen) ? -1 : 0;
	}
	case CAP_ID_PCIE:
		return vpci_cap_place(d, off) ||
		       vpci_pcie_init(d, real_read(pt, off + PCIE_DEVCAP, 4) & DEVCAP_FLR,
				      err, errlen) ? -1 : 0;
	case CAP_ID_PM:
		len = PM_CAP_LEN;
		break;
	case CAP_ID_VENDOR:
		len = real_read(pt, off + 2, 1);
		break;
	default:
		len = 0;
		break;
	}
	if (len < 3 || off + len > CFG_STD_SIZE || add_live_cap(pt, id, off, len, id == CAP_ID_PM))
		vp_bus_log(d->bus, "vpci %s: capability %#x at %#x left out of the guest's list",
			   d->name, id, off);
	return 0;
}

static int add_caps(struct vpci_pt *pt, char *err, size_t errlen)
{
	unsigned off, hops = 0;

	if (!(real_read(pt, PCI_STATUS, 2) & STS_CAPS))
		return 0;
	/* Bounded, as a guest walks it: a looping list cannot hang us. */
	for (off = real_read(pt, PCI_CAP_PTR, 1) & ~3u; off >= CAP_FIRST && off < CFG_STD_SIZE &&
	     hops < 48; hops++) {
		uint32_t hdr = real_read(pt, off, 2);

		if (add_cap(pt, hdr & 0xff, off, err, errlen))
			return -1;
		off = (hdr >> 8) & ~3u;
	}
	return 0;
}

struct vpci_pt *vpci_pt_add(struct vpci_bus *bus, const struct vpci_pt_config *c,
			    char *err, size_t errlen)
{
	struct vpci_device_info info = { .name = c->name, .ops = &pt_ops };
	struct vpci_pt *pt = calloc(1, sizeof(*pt));
	uint32_t id, class, sub;

	if (!pt) {
		vp_set_err(err, errlen, "out of memory");
		return NULL;
	}
	pt->be = c->ops;
	pt->opaque = c->opaque;
	id = real_read(pt, PCI_VENDOR, 4);
	class = real_read(pt, PCI_REVISION, 4);
	sub = real_read(pt, PCI_SUBSYS_VEN, 4);
	info.vendor = (uint16_t)id;
	info.device = (uint16_t)(id >> 16);
	info.revision = (uint8_t)class;
	info.class_code = class >> 8;
	info.subsys_vendor = (uint16_t)sub;
	info.subsys_device = (uint16_t)(sub >> 16);
	info.int_pin = (uint8_t)real_read(pt, PCI_INT_PIN, 1);
	info.opaque = pt;
	if (info.int_pin > 4)
		info.int_pin = 0;
	if (info.vendor == 0xffff || info.vendor == 0) {
		vp_set_err(err, errlen, "%s does not answer config space reads", c->name);
		free(pt);
		return NULL;
	}
	pt->dev = vpci_device_new(bus, c->slot, 0, &info, err, errlen);
	if (!pt->dev) {
		free(pt);
		return NULL;
	}
	if (add_bars(pt, c, err, errlen) || add_caps(pt, err, errlen) ||
	    vpci_device_plug(pt->dev, err, errlen)) {
		vpci_device_remove(pt->dev);    /* frees pt through release */
		return NULL;
	}
	vp_bus_lock(bus);
	sync_command(pt, true);
	pt->mode = VPCI_IRQ_NONE;
	sync_irq_mode(pt);
	vp_bus_unlock(bus);
	return pt;
}

struct vpci_device *vpci_pt_device(struct vpci_pt *pt)
{
	return pt->dev;
}

void vpci_pt_msix_areas(struct vpci_pt *pt, struct vpci_pt_msix_area *table,
			struct vpci_pt_msix_area *pba)
{
	const struct vpci_msix *m = &pt->dev->msix;

	*table = (struct vpci_pt_msix_area){ -1, 0, 0 };
	*pba = *table;
	if (!m->cap)
		return;
	*table = (struct vpci_pt_msix_area){ (int)m->table_bar, m->table_off, m->nvec * 16ull };
	*pba = (struct vpci_pt_msix_area){ (int)m->pba_bar, m->pba_off, (m->nvec + 63) / 64 * 8ull };
}

void vpci_pt_irq(struct vpci_pt *pt, enum vpci_irq_mode mode, unsigned vector)
{
	struct vpci_device *d = pt->dev;

	vp_bus_lock(d->bus);
	if (mode == pt->mode && vector < pt->nvec) {
		if (mode == VPCI_IRQ_MSIX)
			vpci_msix_notify(d, vector);
		else if (mode == VPCI_IRQ_MSI)
			vpci_msi_notify(d, vector);
		else if (mode == VPCI_IRQ_INTX)
			vpci_intx_set(d, true);
	}
	vp_bus_unlock(d->bus);
}

bool vpci_pt_intx_eoi(struct vpci_pt *pt, unsigned gsi)
{
	struct vpci_device *d = pt->dev;
	bool ours;

	vp_bus_lock(d->bus);
	ours = d->info.int_pin && d->intx_level &&
	       vpci_intx_gsi(&d->bus->cfg, d->slot, d->info.int_pin) == gsi;
	if (ours)
		vpci_intx_set(d, false);
	vp_bus_unlock(d->bus);
	return ours;
}
