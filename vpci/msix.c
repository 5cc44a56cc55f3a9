// SPDX-License-Identifier: GPL-2.0
/*
 * MSI-X (PCI Local Bus 3.0, 6.8.2): a table of (address, data, vector
 * control) entries and a Pending Bit Array, both inside memory BARs. Vectors
 * start masked. A vector that fires while masked (by itself or by the
 * Function Mask) sets its pending bit and is sent once unmasked.
 */
#include <stdlib.h>

#include "priv.h"

#define MSIX_CTL_FMASK  0x4000
#define MSIX_CTL_ENABLE 0x8000
#define ENTRY_SIZE      16
#define ENTRY_CTRL      12

static uint64_t pba_bytes(unsigned nvec)
{
	return ((nvec + 63) / 64) * 8;
}

static bool is_mem_bar(const struct vpci_device *d, unsigned i)
{
	return i < VPCI_NUM_BARS &&
	       (d->bars[i].type == VPCI_BAR_MEM32 || d->bars[i].type == VPCI_BAR_MEM64);
}

int vpci_msix_init(struct vpci_device *d, unsigned nvec,
		   unsigned tbar, uint64_t toff, unsigned pbar, uint64_t poff,
		   char *err, size_t errlen)
{
	struct vpci_msix *m = &d->msix;
	uint64_t tlen = (uint64_t)nvec * ENTRY_SIZE;
	const char *why = NULL;
	unsigned cap;

	if (nvec < 1 || nvec > 2048)
		why = "vector count must be 1..2048";
	else if (m->cap)
		why = "already has an MSI-X capability";
	else if (!is_mem_bar(d, tbar) || !is_mem_bar(d, pbar))
		why = "table and PBA must be in memory BARs added before";
	else if ((toff | poff) & 7 || toff > 0xffffffffu || poff > 0xffffffffu)
		why = "table and PBA offsets must be 8-byte aligned and 32-bit";
	else if (toff + tlen > d->bars[tbar].size || poff + pba_bytes(nvec) > d->bars[pbar].size)
		why = "table or PBA does not fit in its BAR";
	else if (tbar == pbar && ranges_overlap(toff, tlen, poff, pba_bytes(nvec)))
		why = "table and PBA overlap";
	if (why) {
		vp_set_err(err, errlen, "%s: MSI-X: %s", d->name, why);
		return -1;
	}
	m->table = calloc(nvec, ENTRY_SIZE);
	m->pba = calloc(pba_bytes(nvec) / 8, 8);
	cap = m->table && m->pba ? vpci_cap_add(d, CAP_ID_MSIX, 12) : 0;
	if (!cap) {
		free(m->table);
		free(m->pba);
		m->table = NULL;
		m->pba = NULL;
		vp_set_err(err, errlen, "%s: no room for an MSI-X capability", d->name);
		return -1;
	}
	vp_bus_lock(d->bus);
	m->nvec = nvec;
	m->table_bar = tbar;
	m->table_off = toff;
	m->pba_bar = pbar;
	m->pba_off = poff;
	vp_cfg_set(d, cap + 2, 2, nvec - 1, MSIX_CTL_FMASK | MSIX_CTL_ENABLE, 0);
	vp_cfg_set(d, cap + 4, 4, (uint32_t)toff | tbar, 0, 0);
	vp_cfg_set(d, cap + 8, 4, (uint32_t)poff | pbar, 0, 0);
	m->cap = cap;
	vp_msix_reset(d);
	vp_bus_unlock(d->bus);
	return 0;
}

void vp_msix_reset(struct vpci_device *d)
{
	struct vpci_msix *m = &d->msix;

	if (!m->cap)
		return;
	for (unsigned v = 0; v < m->nvec; v++) {
		for (unsigned i = 0; i < ENTRY_SIZE; i++)
			m->table[v * ENTRY_SIZE + i] = 0;
		m->table[v * ENTRY_SIZE + ENTRY_CTRL] = 1;     /* masked */
	}
	for (uint64_t i = 0; i < pba_bytes(m->nvec) / 8; i++)
		m->pba[i] = 0;
}

static uint16_t msix_ctl(const struct vpci_device *d)
{
	return (uint16_t)get_le(d->cfg + d->msix.cap + 2, 2);
}

bool vp_msix_enabled(struct vpci_device *d)
{
	return d->msix.cap && (msix_ctl(d) & MSIX_CTL_ENABLE);
}

static bool vector_masked(const struct vpci_device *d, unsigned v)
{
	return d->msix.table[v * ENTRY_SIZE + ENTRY_CTRL] & 1;
}

static void deliver(struct vpci_device *d, unsigned v)
{
	const uint8_t *e = d->msix.table + v * ENTRY_SIZE;

	vp_msi_send(d, get_le(e, 8), (uint32_t)get_le(e + 8, 4));
}

bool vpci_msix_notify(struct vpci_device *d, unsigned v)
{
	struct vpci_msix *m = &d->msix;
	bool ok = false;

	vp_bus_lock(d->bus);
	if (!d->plugged || !m->cap || !vp_msix_enabled(d))
		goto out;
	if (v >= m->nvec) {
		vpci_misuse(d, VPCI_MISUSE_MSI_VECTOR, "MSI-X vector %u beyond the %u implemented",
			    v, m->nvec);
		goto out;
	}
	if ((msix_ctl(d) & MSIX_CTL_FMASK) || vector_masked(d, v)) {
		m->pba[v / 64] |= 1ULL << (v % 64);
		ok = true;
		goto out;
	}
	if (!vp_may_send_message(d))
		goto out;
	deliver(d, v);
	ok = true;
out:
	vp_bus_unlock(d->bus);
	return ok;
}

void vp_msix_flush_pending(struct vpci_device *d)
{
	struct vpci_msix *m = &d->msix;

	if (!vp_msix_enabled(d) || (msix_ctl(d) & MSIX_CTL_FMASK) ||
	    !(vp_cfg_command(d) & CMD_MASTER))
		return;
	for (unsigned w = 0; w < pba_bytes(m->nvec) / 8; w++) {
		for (unsigned b = 0; m->pba[w] && b < 64; b++) {
			unsigned v = w * 64 + b;

			if ((m->pba[w] >> b & 1) && !vector_masked(d, v)) {
				m->pba[w] &= ~(1ULL << b);
				deliver(d, v);
			}
		}
	}
}

void vp_msix_cfg_written(struct vpci_device *d, unsigned off, unsigned size)
{
	(void)off;
	(void)size;
	vp_intx_update(d);         /* MSI-X enable silences INTx */
	vp_msix_flush_pending(d);
}

static bool in_table(const struct vpci_device *d, unsigned bar, uint64_t off)
{
	return bar == d->msix.table_bar && off - d->msix.table_off <
	       (uint64_t)d->msix.nvec * ENTRY_SIZE;
}

static bool in_pba(const struct vpci_device *d, unsigned bar, uint64_t off)
{
	return bar == d->msix.pba_bar && off - d->msix.pba_off < pba_bytes(d->msix.nvec);
}

bool vp_msix_read(struct vpci_device *d, unsigned bar, uint64_t off, unsigned size,
	       uint64_t *val)
{
	struct vpci_msix *m = &d->msix;

	if (!m->cap)
		return false;
	if (in_table(d, bar, off)) {
		if (size < 4)
			vpci_misuse(d, VPCI_MISUSE_MSIX_WIDTH,
				    "MSI-X table access of %u bytes (dword or qword expected)", size);
		*val = get_le(m->table + (off - m->table_off), size);
		return true;
	}
	if (in_pba(d, bar, off)) {
		uint64_t rel = off - m->pba_off, v = 0;

		for (unsigned i = 0; i < size; i++, rel++)
			v |= (m->pba[rel / 8] >> (8 * (rel % 8)) & 0xff) << (8 * i);
		*val = v;
		return true;
	}
	return false;
}

/* Writable bits of each byte of a table entry. */
static const uint8_t entry_wmask[ENTRY_SIZE] = {
	0xfc, 0xff, 0xff, 0xff,         /* address low, dword aligned */
	0xff, 0xff, 0xff, 0xff,         /* address high */
	0xff, 0xff, 0xff, 0xff,         /* data */
	0x01, 0x00, 0x00, 0x00,         /* vector control: mask bit only */
};

bool vp_msix_write(struct vpci_device *d, unsigned bar, uint64_t off, unsigned size,
		uint64_t val)
{
	struct vpci_msix *m = &d->msix;

	if (!m->cap)
		return false;
	if (in_table(d, bar, off)) {
		uint64_t rel = off - m->table_off;
		bool ctrl = false;

		if (size < 4)
			vpci_misuse(d, VPCI_MISUSE_MSIX_WIDTH,
				    "MSI-X table access of %u bytes (dword or qword expected)", size);
		for (unsigned i = 0; i < size; i++, rel++) {
			uint8_t wm = entry_wmask[rel % ENTRY_SIZE];
			uint8_t b = (uint8_t)(val >> (8 * i));

			m->table[rel] = (uint8_t)((m->table[rel] & ~wm) | (b & wm));
			ctrl |= rel % ENTRY_SIZE == ENTRY_CTRL;
		}
		if (ctrl)
			vp_msix_flush_pending(d);
		return true;
	}
	if (in_pba(d, bar, off)) {
		vpci_misuse(d, VPCI_MISUSE_MSIX_PBA_WRITE, "write to the read-only MSI-X PBA ignored");
		return true;
	}
	return false;
}
