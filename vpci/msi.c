// SPDX-License-Identifier: GPL-2.0
/*
 * The MSI capability (PCI Local Bus 3.0, 6.8.1): 32- or 64-bit address,
 * 1..32 vectors, optional per-vector masking with pending bits. A masked
 * vector that fires sets its pending bit and is sent when unmasked.
 */
#include "priv.h"

#define MSI_CTL_ENABLE  0x0001
#define MSI_CTL_64BIT   0x0080
#define MSI_CTL_MASKBIT 0x0100

static unsigned log2u(unsigned x)
{
	unsigned l = 0;

	while ((1u << l) < x)
		l++;
	return l;
}

int vpci_msi_init(struct vpci_device *d, unsigned nvec, bool addr64, bool maskable,
		  char *err, size_t errlen)
{
	struct vpci_msi *m = &d->msi;
	unsigned len, cap;

	if (nvec < 1 || nvec > 32 || (nvec & (nvec - 1))) {
		vp_set_err(err, errlen, "%s: MSI vector count %u is not a power of two 1..32",
			d->name, nvec);
		return -1;
	}
	if (m->cap) {
		vp_set_err(err, errlen, "%s already has an MSI capability", d->name);
		return -1;
	}
	m->data_off = addr64 ? 12 : 8;
	m->mask_off = m->data_off + 4;
	m->pending_off = m->mask_off + 4;
	len = maskable ? m->pending_off + 4 : m->data_off + 2;
	m->len = len;
	cap = vpci_cap_add(d, CAP_ID_MSI, len);
	if (!cap) {
		vp_set_err(err, errlen, "%s: no room for an MSI capability", d->name);
		return -1;
	}
	vp_bus_lock(d->bus);
	m->cap = cap;
	m->nvec = nvec;
	m->addr64 = addr64;
	m->maskable = maskable;
	/* Multiple Message Capable is RO; Enable and Multiple Message Enable RW. */
	vp_cfg_set(d, cap + 2, 2, log2u(nvec) << 1 | (addr64 ? MSI_CTL_64BIT : 0) |
		(maskable ? MSI_CTL_MASKBIT : 0), 0x0071, 0);
	vp_cfg_set(d, cap + 4, 4, 0, 0xfffffffcu, 0);
	if (addr64)
		vp_cfg_set(d, cap + 8, 4, 0, 0xffffffffu, 0);
	vp_cfg_set(d, cap + m->data_off, 2, 0, 0xffff, 0);
	if (maskable)
		vp_cfg_set(d, cap + m->mask_off, 4, 0,
			nvec == 32 ? 0xffffffffu : (1u << nvec) - 1, 0);
	vp_bus_unlock(d->bus);
	return 0;
}

static uint16_t msi_ctl(const struct vpci_device *d)
{
	return (uint16_t)get_le(d->cfg + d->msi.cap + 2, 2);
}

bool vp_msi_enabled(struct vpci_device *d)
{
	return d->msi.cap && (msi_ctl(d) & MSI_CTL_ENABLE);
}

/* Vectors the guest allocated: 2^MME, but never more than implemented. */
static unsigned msi_enabled_vectors(const struct vpci_device *d)
{
	unsigned mme = (msi_ctl(d) >> 4) & 7, mmc = (msi_ctl(d) >> 1) & 7;

	return 1u << (mme < mmc ? mme : mmc);
}

static uint32_t msi_reg(const struct vpci_device *d, unsigned off)
{
	return (uint32_t)get_le(d->cfg + d->msi.cap + off, 4);
}

static void msi_deliver(struct vpci_device *d, unsigned v)
{
	uint64_t addr = msi_reg(d, 4);
	uint32_t data = (uint32_t)get_le(d->cfg + d->msi.cap + d->msi.data_off, 2);
	unsigned n = msi_enabled_vectors(d);

	if (d->msi.addr64)
		addr |= (uint64_t)msi_reg(d, 8) << 32;
	/* The low log2(n) bits of the data carry the vector number. */
	vp_msi_send(d, addr, (data & ~(n - 1)) | v);
}

void vp_msi_send(struct vpci_device *d, uint64_t addr, uint32_t data)
{
	if (d->bus->irq.msi)
		d->bus->irq.msi(d->bus->irq.opaque, addr, data);
}

bool vpci_msi_notify(struct vpci_device *d, unsigned v)
{
	bool ok = false;

	vp_bus_lock(d->bus);
	if (!d->plugged || !vp_msi_enabled(d))
		goto out;
	if (v >= msi_enabled_vectors(d)) {
		vpci_misuse(d, VPCI_MISUSE_MSI_VECTOR, "MSI vector %u beyond the %u enabled",
			    v, msi_enabled_vectors(d));
		goto out;
	}
	if (d->msi.maskable && (msi_reg(d, d->msi.mask_off) >> v & 1)) {
		uint32_t p = msi_reg(d, d->msi.pending_off) | 1u << v;

		put_le(d->cfg + d->msi.cap + d->msi.pending_off, 4, p);
		ok = true;
		goto out;
	}
	if (!vp_may_send_message(d))
		goto out;
	msi_deliver(d, v);
	ok = true;
out:
	vp_bus_unlock(d->bus);
	return ok;
}

void vp_msi_flush_pending(struct vpci_device *d)
{
	if (!d->msi.maskable || !vp_msi_enabled(d) || !(vp_cfg_command(d) & CMD_MASTER))
		return;
	uint32_t pend = msi_reg(d, d->msi.pending_off);
	uint32_t mask = msi_reg(d, d->msi.mask_off);
	unsigned n = msi_enabled_vectors(d);

	for (unsigned v = 0; v < n; v++) {
		if ((pend >> v & 1) && !(mask >> v & 1)) {
			pend &= ~(1u << v);
			put_le(d->cfg + d->msi.cap + d->msi.pending_off, 4, pend);
			msi_deliver(d, v);
		}
	}
}

void vp_msi_cfg_written(struct vpci_device *d, unsigned off, unsigned size)
{
	(void)off;
	(void)size;
	if (((msi_ctl(d) >> 4) & 7) > ((msi_ctl(d) >> 1) & 7))
		vpci_misuse(d, VPCI_MISUSE_MSI_MME,
			    "Multiple Message Enable %u exceeds Multiple Message Capable %u",
			    (msi_ctl(d) >> 4) & 7, (msi_ctl(d) >> 1) & 7);
	vp_intx_update(d);         /* MSI enable silences INTx */
	vp_msi_flush_pending(d);
}
