/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vpci's internal state, shared by its files (and white-box unit tests).
 * Internal functions are prefixed vp_: the archive is linked into uvmm with
 * other libraries, and every symbol it exports starts with vp.
 */
#ifndef VPCI_PRIV_H
#define VPCI_PRIV_H

#include <pthread.h>

#include "vpci.h"

#define CFG_SPACE_SIZE  4096    /* ECAM gives every function 4 KiB */
#define CFG_STD_SIZE    256     /* conventional header + capabilities */

/* Standard header offsets and bits used here (PCI Local Bus 3.0, ch. 6). */
#define PCI_VENDOR      0x00
#define PCI_DEVICE      0x02
#define PCI_COMMAND     0x04
#define  CMD_IO          0x0001
#define  CMD_MEM         0x0002
#define  CMD_MASTER      0x0004
#define  CMD_PARITY      0x0040
#define  CMD_SERR        0x0100
#define  CMD_INTX_OFF    0x0400
#define PCI_STATUS      0x06
#define  STS_INTX        0x0008
#define  STS_CAPS        0x0010
#define PCI_REVISION    0x08
#define PCI_CLASS       0x09    /* 3 bytes: prog-if, sub, base */
#define PCI_CACHE_LINE  0x0c
#define PCI_HEADER_TYPE 0x0e
#define  HDR_MULTIFN     0x80
#define PCI_BAR0        0x10
#define PCI_SUBSYS_VEN  0x2c
#define PCI_SUBSYS_ID   0x2e
#define PCI_ROM         0x30
#define  ROM_ENABLE      0x1
#define PCI_CAP_PTR     0x34
#define PCI_INT_LINE    0x3c
#define PCI_INT_PIN     0x3d
#define CAP_FIRST       0x40

#define CAP_ID_PCIE     0x10
#define CAP_ID_MSI      0x05
#define CAP_ID_MSIX     0x11

struct vpci_bar {
	enum vpci_bar_type type;        /* VPCI_BAR_NONE also for a MEM64 upper half */
	bool prefetch;
	uint64_t size;
	bool placed;            /* firmware gave it fw_addr */
	uint64_t fw_addr;
	uint64_t addr;          /* what the registers say now */
	bool decoding;          /* claims [addr, addr + size) right now */
};

struct vpci_msi {
	unsigned cap;           /* 0: no MSI */
	unsigned nvec;
	bool addr64, maskable;
	unsigned data_off, mask_off, pending_off;  /* relative to cap */
	unsigned len;
};

struct vpci_msix {
	unsigned cap;           /* 0: no MSI-X */
	unsigned nvec;
	unsigned table_bar, pba_bar;
	uint64_t table_off, pba_off;
	uint8_t *table;         /* nvec * 16 bytes, little endian as the guest sees it */
	uint64_t *pba;          /* one bit per vector */
};

struct vpci_device {
	struct vpci_bus *bus;
	char name[32];
	struct vpci_device_info info;   /* info.name points at name */
	unsigned slot, fn;
	bool plugged;
	uint8_t cfg[CFG_SPACE_SIZE];
	uint8_t wmask[CFG_SPACE_SIZE];  /* bits the guest may write */
	uint8_t w1c[CFG_SPACE_SIZE];    /* bits the guest clears by writing 1 */
	uint8_t reset_cfg[CFG_SPACE_SIZE];
	unsigned cap_free;      /* next free byte for a capability */
	unsigned cap_place;     /* where the next one goes (vpci_cap_place), 0: cap_free */
	bool cap_used[CFG_STD_SIZE];    /* bytes taken by capabilities */
	unsigned cap_last;      /* offset of the last capability, 0 if none */
	struct vpci_bar bars[VPCI_NUM_BARS + 1];
	struct vpci_msi msi;
	struct vpci_msix msix;
	unsigned pcie_cap;      /* 0: conventional PCI function */
	bool flr;               /* Function Level Reset advertised */
	bool intx_level;        /* the function's line */
	bool intx_driven;       /* what it contributes to its GSI now */
	uint64_t misuse_logged; /* one bit per enum vpci_misuse */
};

/* One BAR that claims addresses right now; the MMIO fast path scans these. */
struct decode_entry {
	struct vpci_device *dev;
	unsigned bar;
	uint64_t addr, size;
};

#define MAX_DECODE (VPCI_SLOTS * VPCI_FUNCS * (VPCI_NUM_BARS + 1))

struct vpci_bus {
	pthread_mutex_t lock;   /* recursive; see vpci.h */
	struct vpci_bus_config cfg;
	struct vpci_irq_ops irq;
	struct vpci_device *fns[VPCI_SLOTS][VPCI_FUNCS];
	unsigned gsi_users[4];  /* functions driving each of the 4 GSIs */
	bool bad_size_logged;
	bool quiet;             /* being freed: log nothing */
	/* Decoding BARs in slot/function order; rebuilt when decode changes. */
	struct decode_entry decode[MAX_DECODE];
	unsigned ndecode;
	bool decode_dirty;
};

/* hostbridge.c: the function at 00:00.0. */
int vp_hostbridge_add(struct vpci_bus *bus, char *err, size_t errlen);

void vp_bus_lock(struct vpci_bus *bus);
void vp_bus_unlock(struct vpci_bus *bus);
void vp_bus_log(struct vpci_bus *bus, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void vp_set_err(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Raw little-endian helpers on a byte array; no side effects. */
static inline uint64_t get_le(const uint8_t *p, unsigned size)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < size; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static inline void put_le(uint8_t *p, unsigned size, uint64_t v)
{
	for (unsigned i = 0; i < size; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Sets reset value, writable and RW1C bits of a register (any offset). */
void vp_cfg_set(struct vpci_device *d, unsigned off, unsigned size, uint32_t val,
	     uint32_t wmask, uint32_t w1c);

/* config.c: one access inside one dword of a function's config space. */
uint32_t vp_cfg_read(struct vpci_device *d, unsigned off, unsigned size);
void vp_cfg_write(struct vpci_device *d, unsigned off, unsigned size, uint32_t val);

/* bar.c */
void vp_bar_recompute(struct vpci_device *d, bool log_moves);
int vp_bar_place(struct vpci_device *d, char *err, size_t errlen);
struct vpci_device *vp_bar_lookup(struct vpci_bus *bus, uint64_t gpa, unsigned *bar,
			       uint64_t *offset);
uint64_t vp_bar_read(struct vpci_device *d, unsigned bar, uint64_t off, unsigned size);
void vp_bar_write(struct vpci_device *d, unsigned bar, uint64_t off, unsigned size,
	       uint64_t val);

/* msi.c */
bool vp_msi_enabled(struct vpci_device *d);
void vp_msi_cfg_written(struct vpci_device *d, unsigned off, unsigned size);
void vp_msi_flush_pending(struct vpci_device *d);

/* msix.c */
bool vp_msix_enabled(struct vpci_device *d);
void vp_msix_cfg_written(struct vpci_device *d, unsigned off, unsigned size);
void vp_msix_flush_pending(struct vpci_device *d);
/* True if bar/off lies in the table or PBA; then the access is done. */
bool vp_msix_read(struct vpci_device *d, unsigned bar, uint64_t off, unsigned size,
	       uint64_t *val);
bool vp_msix_write(struct vpci_device *d, unsigned bar, uint64_t off, unsigned size,
		uint64_t val);
void vp_msix_reset(struct vpci_device *d);
void vp_msi_send(struct vpci_device *d, uint64_t addr, uint32_t data);

/* cap.c: where vpci_cap_add would put the next capability. */
unsigned vp_cap_next_off(const struct vpci_device *d);

/* device.c: back to the plug-time state (platform reset, FLR). */
void vp_device_reset(struct vpci_device *d);
/* pcie.c: a write touched the PCIe capability. */
void vp_pcie_cfg_written(struct vpci_device *d);

/* intx.c: recompute what the function drives after any relevant change. */
void vp_intx_update(struct vpci_device *d);

static inline uint16_t vp_cfg_command(const struct vpci_device *d)
{
	return (uint16_t)get_le(d->cfg + PCI_COMMAND, 2);
}

/*
 * May the function send an interrupt message now? Without Bus Master
 * Enable it cannot write one: the message is dropped, logged once.
 */
static inline bool vp_may_send_message(struct vpci_device *d)
{
	if (vp_cfg_command(d) & CMD_MASTER)
		return true;
	vpci_misuse(d, VPCI_MISUSE_NO_BUS_MASTER,
		    "interrupt message dropped: Bus Master Enable is off");
	return false;
}

static inline bool ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

#endif
