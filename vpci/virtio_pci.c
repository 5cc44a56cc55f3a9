// SPDX-License-Identifier: GPL-2.0
/*
 * The PCI side of a virtio device (virtio 1.2, 4.1): IDs, one memory BAR
 * with the common configuration, ISR, device configuration and notify
 * regions that vendor capabilities point at, MSI-X (a vector per queue and
 * one for configuration changes) or INTx with the ISR, feature negotiation
 * and device reset. The rings are virtqueue.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "virtio_priv.h"

#define VIRTIO_VENDOR		0x1af4
#define VIRTIO_DEVICE_BASE	0x1040	/* + the device type: modern-only IDs */

#define MSIX_BAR		1
#define REGS_BAR		4
#define REGS_SIZE		0x4000
#define COMMON_OFF		0x0000
#define COMMON_SIZE		0x40
#define ISR_OFF			0x1000
#define DEVCFG_OFF		0x2000
#define NOTIFY_OFF		0x3000
#define NOTIFY_MULT		4	/* queue q is kicked at NOTIFY_OFF + 4 q */
#define PBA_OFF			0x800

/* Vendor capability cfg_type values (virtio 1.2, 4.1.4). */
#define CAP_COMMON		1
#define CAP_NOTIFY		2
#define CAP_ISR			3
#define CAP_DEVICE		4
#define CAP_ID_VENDOR		0x09

/* struct virtio_pci_common_cfg offsets. */
#define CC_DFSELECT	0x00
#define CC_DF		0x04
#define CC_GFSELECT	0x08
#define CC_GF		0x0c
#define CC_MSIX_CONFIG	0x10
#define CC_NUM_QUEUES	0x12
#define CC_STATUS	0x14
#define CC_CFG_GEN	0x15
#define CC_Q_SELECT	0x16
#define CC_Q_SIZE	0x18
#define CC_Q_VECTOR	0x1a
#define CC_Q_ENABLE	0x1c
#define CC_Q_NOFF	0x1e
#define CC_Q_DESC	0x20
#define CC_Q_AVAIL	0x28
#define CC_Q_USED	0x30

static struct vpci_vq *selected(struct vpci_virtio *v)
{
	return v->queue_select < v->info.nr_queues ? &v->vq[v->queue_select] : NULL;
}

static void set_intx(struct vpci_virtio *v)
{
	vpci_intx_set(v->dev, v->isr != 0);
}

static void irq(struct vpci_virtio *v, uint16_t vector, uint8_t isr_bit)
{
	switch (vpci_device_irq_mode(v->dev)) {
	case VPCI_IRQ_MSIX:
		if (vector != VIRTIO_NO_VECTOR)
			vpci_msix_notify(v->dev, vector);
		break;
	case VPCI_IRQ_INTX:
		v->isr |= isr_bit;
		set_intx(v);
		break;
	default:
		break;
	}
}

void vp_virtio_irq_queue(struct vpci_virtio *v, unsigned q)
{
	irq(v, v->vq[q].msix_vector, 1);
}

static void irq_config(struct vpci_virtio *v)
{
	irq(v, v->msix_config, 2);
}

void vp_virtio_broken(struct vpci_virtio *v, unsigned q, const char *why)
{
	vpci_misuse(v->dev, VMISUSE_RING, "queue %u: %s: device needs a reset", q, why);
	v->vq[q].broken = true;
	if (!(v->status & VST_NEEDS_RESET)) {
		v->status |= VST_NEEDS_RESET;
		irq_config(v);
	}
}

/* Back to the state after power-up; requests in flight are dropped when pushed. */
static void virtio_reset(struct vpci_virtio *v)
{
	v->gen++;
	v->driver_features = 0;
	v->dfselect = v->gfselect = 0;
	v->msix_config = VIRTIO_NO_VECTOR;
	v->queue_select = 0;
	v->status = 0;
	v->isr = 0;
	set_intx(v);
	for (unsigned i = 0; i < VPCI_VIRTIO_MAX_QUEUES; i++) {
		memset(&v->vq[i], 0, sizeof(v->vq[i]));
		v->vq[i].size = v->info.queue_size;
		v->vq[i].msix_vector = VIRTIO_NO_VECTOR;
	}
	if (v->info.ops && v->info.ops->reset)
		v->info.ops->reset(v->info.opaque);
}

/*
 * After a reset, status reads 0 only once every request taken before it
 * is back: the driver waits for that before it reuses the rings' memory
 * (virtio 1.2, 4.1.4.3.2), and the data of a request still being served
 * may land in that memory until then.
 */
static uint8_t status_read(struct vpci_virtio *v)
{
	return v->status ? v->status : (v->inflight ? VST_ACKNOWLEDGE : 0);
}

static void status_write(struct vpci_virtio *v, uint8_t val)
{
	uint8_t old = v->status;

	if (val == 0) {
		virtio_reset(v);
		return;
	}
	if ((val & VST_FEATURES_OK) && !(old & VST_FEATURES_OK)) {
		uint64_t extra = v->driver_features & ~v->device_features;

		if (extra || !vp_virtio_has(v, VF_VERSION_1)) {
			vpci_misuse(v->dev, VMISUSE_FEATURES,
				    "features %#llx refused (%s)", (unsigned long long)v->driver_features,
				    extra ? "not offered" : "no VERSION_1");
			val &= (uint8_t)~VST_FEATURES_OK;
		}
	}
	/* NEEDS_RESET is the device's to set; the driver clears it by a reset. */
	v->status = (uint8_t)((val & ~VST_NEEDS_RESET) | (old & VST_NEEDS_RESET));
	if ((v->status & VST_DRIVER_OK) && !(old & VST_DRIVER_OK) && v->info.ops &&
	    v->info.ops->notify)
		for (unsigned i = 0; i < v->info.nr_queues; i++)
			if (v->vq[i].enabled)
				v->info.ops->notify(v->info.opaque, i);
}

static uint16_t checked_vector(struct vpci_virtio *v, uint16_t vec)
{
	/* A vector the function has not: the device says NO_VECTOR (4.1.4.3.2). */
	return vec < v->info.nr_queues + 1 ? vec : VIRTIO_NO_VECTOR;
}

static uint64_t common_read(struct vpci_virtio *v, unsigned off, unsigned size)
{
	struct vpci_vq *q = selected(v);
	uint8_t img[COMMON_SIZE] = { 0 };

	put_le(img + CC_DFSELECT, 4, v->dfselect);
	if (v->dfselect < 2)
		put_le(img + CC_DF, 4, (uint32_t)(v->device_features >> (32 * v->dfselect)));
	put_le(img + CC_GFSELECT, 4, v->gfselect);
	if (v->gfselect < 2)
		put_le(img + CC_GF, 4, (uint32_t)(v->driver_features >> (32 * v->gfselect)));
	put_le(img + CC_MSIX_CONFIG, 2, v->msix_config);
	put_le(img + CC_NUM_QUEUES, 2, v->info.nr_queues);
	if (off <= CC_STATUS && off + size > CC_STATUS)
		img[CC_STATUS] = status_read(v);
	/* config_generation stays 0: the configuration never changes. */
	put_le(img + CC_Q_SELECT, 2, v->queue_select);
	if (q) {
		put_le(img + CC_Q_SIZE, 2, q->size);
		put_le(img + CC_Q_VECTOR, 2, q->msix_vector);
		put_le(img + CC_Q_ENABLE, 2, q->enabled);
		put_le(img + CC_Q_NOFF, 2, v->queue_select);
		put_le(img + CC_Q_DESC, 8, q->desc_gpa);
		put_le(img + CC_Q_AVAIL, 8, q->avail_gpa);
		put_le(img + CC_Q_USED, 8, q->used_gpa);
	}
	return off + size <= COMMON_SIZE ? get_le(img + off, size) : 0;
}

/* A 64-bit ring address, written whole or as two 32-bit halves. */
static bool write_addr(uint64_t *addr, unsigned field, unsigned off, unsigned size,
		       uint64_t val)
{
	if (size == 8 && off == field)
		*addr = val;
	else if (size == 4 && off == field)
		*addr = (*addr & ~0xffffffffULL) | (uint32_t)val;
	else if (size == 4 && off == field + 4)
		*addr = (*addr & 0xffffffffULL) | (uint64_t)(uint32_t)val << 32;
	else
		return false;
	return true;
}

static void queue_enable(struct vpci_virtio *v, struct vpci_vq *q)
{
	char why[128];

	if (!vp_vq_enable(v, q, why, sizeof(why)))
		vp_virtio_broken(v, v->queue_select, why);
}

static void common_write(struct vpci_virtio *v, unsigned off, unsigned size, uint64_t val)
{
	struct vpci_vq *q = selected(v);
	bool live = q && q->enabled;

	if (off >= CC_Q_DESC && off < CC_Q_USED + 8) {
		if (!q || live)
			return;		/* no queue there, or in use: read-only */
		if (write_addr(&q->desc_gpa, CC_Q_DESC, off, size, val) ||
		    write_addr(&q->avail_gpa, CC_Q_AVAIL, off, size, val) ||
		    write_addr(&q->used_gpa, CC_Q_USED, off, size, val))
			return;
		goto width;
	}
	switch (off) {
	case CC_DFSELECT:
		if (size != 4)
			goto width;
		v->dfselect = (uint32_t)val;
		return;
	case CC_GFSELECT:
		if (size != 4)
			goto width;
		v->gfselect = (uint32_t)val;
		return;
	case CC_GF:
		if (size != 4)
			goto width;
		if (v->gfselect < 2 && !(v->status & VST_FEATURES_OK)) {
			unsigned sh = 32 * v->gfselect;

			v->driver_features = (v->driver_features & ~(0xffffffffULL << sh)) |
					     (uint64_t)(uint32_t)val << sh;
		}
		return;
	case CC_MSIX_CONFIG:
		if (size != 2)
			goto width;
		v->msix_config = checked_vector(v, (uint16_t)val);
		return;
	case CC_STATUS:
		if (size != 1)
			goto width;
		status_write(v, (uint8_t)val);
		return;
	case CC_Q_SELECT:
		if (size != 2)
			goto width;
		v->queue_select = (uint16_t)val;
		return;
	case CC_Q_SIZE:
		if (size != 2)
			goto width;
		if (!q || live)
			return;
		/* A power of two up to what the device offers (2.7.10.1). */
		if (val && val <= v->info.queue_size && !(val & (val - 1)))
			q->size = (uint16_t)val;
		else
			vpci_misuse(v->dev, VMISUSE_QUEUE_SETUP, "queue size %llu refused",
				    (unsigned long long)val);
		return;
	case CC_Q_VECTOR:
		if (size != 2)
			goto width;
		if (q)
			q->msix_vector = checked_vector(v, (uint16_t)val);
		return;
	case CC_Q_ENABLE:
		if (size != 2)
			goto width;
		if (q && val == 1 && !live)
			queue_enable(v, q);
		return;
	default:
		return;		/* read-only or reserved */
	}
width:
	vpci_misuse(v->dev, VMISUSE_COMMON_WIDTH,
		    "common configuration write of %u bytes at %#x ignored", size, off);
}

static uint64_t v_bar_read(void *opaque, unsigned bar, uint64_t off, unsigned size)
{
	struct vpci_virtio *v = opaque;
	uint64_t val;

	if (bar != REGS_BAR)
		return 0;
	if (off < COMMON_OFF + COMMON_SIZE)
		return common_read(v, (unsigned)off, size);
	if (off == ISR_OFF) {
		val = v->isr;		/* reading clears it (4.1.4.5) */
		v->isr = 0;
		set_intx(v);
		return val;
	}
	if (off >= DEVCFG_OFF && off + size <= DEVCFG_OFF + v->info.config_len)
		return get_le(v->config + (off - DEVCFG_OFF), size);
	return 0;
}

static void v_bar_write(void *opaque, unsigned bar, uint64_t off, unsigned size, uint64_t val)
{
	struct vpci_virtio *v = opaque;

	if (bar != REGS_BAR)
		return;
	/* The device configuration of uvmm's devices is read-only. */
	if (off < COMMON_OFF + COMMON_SIZE) {
		common_write(v, (unsigned)off, size, val);
	} else if (off >= NOTIFY_OFF && off < NOTIFY_OFF + NOTIFY_MULT * v->info.nr_queues) {
		unsigned q = (unsigned)(off - NOTIFY_OFF) / NOTIFY_MULT;

		if (!v->vq[q].enabled || !(v->status & VST_DRIVER_OK)) {
			vpci_misuse(v->dev, VMISUSE_NOTIFY,
				    "queue %u kicked before it is live: ignored", q);
			return;
		}
		if (!v->vq[q].broken && v->info.ops && v->info.ops->notify)
			v->info.ops->notify(v->info.opaque, q);
	}
}

static void v_reset(void *opaque)
{
	virtio_reset(opaque);
}

static void v_release(void *opaque)
{
	struct vpci_virtio *v = opaque;

	if (v->info.ops && v->info.ops->release)
		v->info.ops->release(v->info.opaque);
	free(v);
}

static const struct vpci_device_ops virtio_ops = {
	.bar_read = v_bar_read,
	.bar_write = v_bar_write,
	.reset = v_reset,
	.release = v_release,
};

static int add_cap(struct vpci_device *d, uint8_t type, uint32_t off, uint32_t len,
		   char *err, size_t errlen)
{
	unsigned clen = type == CAP_NOTIFY ? 20 : 16;
	unsigned c = vpci_cap_add(d, CAP_ID_VENDOR, clen);

	if (!c) {
		vp_set_err(err, errlen, "no room for a virtio capability");
		return -1;
	}
	vp_cfg_set(d, c + 2, 1, clen, 0, 0);
	vp_cfg_set(d, c + 3, 1, type, 0, 0);
	vp_cfg_set(d, c + 4, 1, REGS_BAR, 0, 0);
	vp_cfg_set(d, c + 8, 4, off, 0, 0);
	vp_cfg_set(d, c + 12, 4, len, 0, 0);
	if (type == CAP_NOTIFY)
		vp_cfg_set(d, c + 16, 4, NOTIFY_MULT, 0, 0);
	return 0;
}

static bool info_ok(const struct vpci_virtio_info *in, char *err, size_t errlen)
{
	if (!in->nr_queues || in->nr_queues > VPCI_VIRTIO_MAX_QUEUES) {
		vp_set_err(err, errlen, "%u queues (1..%u)", in->nr_queues, VPCI_VIRTIO_MAX_QUEUES);
		return false;
	}
	if (!in->queue_size || in->queue_size > VPCI_VQ_MAX_SIZE ||
	    (in->queue_size & (in->queue_size - 1))) {
		vp_set_err(err, errlen, "queue size %u (a power of 2 up to %u)", in->queue_size,
			   VPCI_VQ_MAX_SIZE);
		return false;
	}
	if (in->config_len > VPCI_VIRTIO_MAX_CONFIG) {
		vp_set_err(err, errlen, "%u configuration bytes (at most %u)", in->config_len,
			   VPCI_VIRTIO_MAX_CONFIG);
		return false;
	}
	return true;
}

struct vpci_virtio *vpci_virtio_add(struct vpci_bus *bus, const struct vpci_virtio_info *in,
				    const struct vpci_dma *dma, char *err, size_t errlen)
{
	struct vpci_device_info info = {
		.name = in->name,
		.vendor = VIRTIO_VENDOR,
		.device = (uint16_t)(VIRTIO_DEVICE_BASE + in->type),
		.subsys_vendor = VIRTIO_VENDOR,
		.subsys_device = (uint16_t)(VIRTIO_DEVICE_BASE + in->type),
		.class_code = in->class_code,
		.revision = 1,		/* modern devices have revision >= 1 (4.1.2.1) */
		.int_pin = 1,
		.ops = &virtio_ops,
	};
	struct vpci_virtio *v;
	struct vpci_device *d;

	if (!info_ok(in, err, errlen))
		return NULL;
	v = calloc(1, sizeof(*v));
	if (!v) {
		vp_set_err(err, errlen, "out of memory");
		return NULL;
	}
	v->info = *in;
	v->dma = *dma;
	v->device_features = in->features | 1ULL << VF_VERSION_1 | 1ULL << VF_INDIRECT_DESC |
			     1ULL << VF_EVENT_IDX;
	if (in->config)
		memcpy(v->config, in->config, in->config_len);
	info.opaque = v;
	d = vpci_device_new(bus, -1, 0, &info, err, errlen);
	if (!d) {
		free(v);
		return NULL;
	}
	v->dev = d;
	v->info.ops = NULL;	/* power-up state, without telling the model */
	vp_bus_lock(bus);
	virtio_reset(v);
	vp_bus_unlock(bus);
	v->info.ops = in->ops;
	if (vpci_device_add_bar(d, MSIX_BAR, VPCI_BAR_MEM32, 0x1000, false, err, errlen) ||
	    vpci_device_add_bar(d, REGS_BAR, VPCI_BAR_MEM64, REGS_SIZE, false, err, errlen) ||
	    add_cap(d, CAP_COMMON, COMMON_OFF, COMMON_SIZE, err, errlen) ||
	    add_cap(d, CAP_ISR, ISR_OFF, 1, err, errlen) ||
	    add_cap(d, CAP_DEVICE, DEVCFG_OFF, in->config_len ? in->config_len : 1, err, errlen) ||
	    add_cap(d, CAP_NOTIFY, NOTIFY_OFF, NOTIFY_MULT * in->nr_queues, err, errlen) ||
	    vpci_msix_init(d, in->nr_queues + 1, MSIX_BAR, 0, MSIX_BAR, PBA_OFF, err, errlen) ||
	    vpci_device_plug(d, err, errlen)) {
		v->info.ops = NULL;	/* the model frees its own on failure */
		vpci_device_remove(d);	/* frees v through release */
		return NULL;
	}
	return v;
}

struct vpci_device *vpci_virtio_device(struct vpci_virtio *v)
{
	return v->dev;
}

uint64_t vpci_virtio_features(struct vpci_virtio *v)
{
	uint64_t f;

	vp_bus_lock(v->dev->bus);
	f = (v->status & VST_FEATURES_OK) ? v->driver_features : 0;
	vp_bus_unlock(v->dev->bus);
	return f;
}
