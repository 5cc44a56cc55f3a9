/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtual PCI bus: one segment, one bus, reached by the guest through an
 * ECAM window and the BARs that "firmware" (this library) places inside the
 * host bridge's _CRS windows. uvmm owns one struct vpci_bus; device models
 * (test device, virtio-pci, passthrough) create functions on it.
 *
 * Locking: every bus has one recursive mutex. Every entry point below takes
 * it, so uvmm may call in from the vCPU thread and the event thread at once.
 * Device callbacks (struct vpci_device_ops) and interrupt outputs (struct
 * vpci_irq_ops) run with that mutex held: a model may call back into vpci
 * from them (the mutex is recursive), but uvmm must never call into vpci while
 * holding a lock that its msi/intx/log callbacks also take.
 */
#ifndef VPCI_H
#define VPCI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vpci_bus;
struct vpci_device;

#define VPCI_SLOTS        32
#define VPCI_FUNCS        8
#define VPCI_NUM_BARS     6
#define VPCI_ROM_BAR      6     /* the expansion ROM's index in BAR callbacks */
#define VPCI_ECAM_SIZE    (1u << 20)    /* one bus */

/* Where uvmm wants interrupts and log lines to go. */
struct vpci_irq_ops {
	/* A device wrote an MSI/MSI-X message (address, data). */
	void (*msi)(void *opaque, uint64_t addr, uint32_t data);
	/* The wired-OR of the INTx lines routed to gsi changed level. */
	void (*intx)(void *opaque, unsigned gsi, bool level);
	/* One line, no newline; NULL logs to stderr. */
	void (*log)(void *opaque, const char *line);
	void *opaque;
};

/* The platform. vpci_bus_config_defaults() fills in the documented defaults. */
struct vpci_bus_config {
	uint64_t ecam_base;             /* config space of bus bus_nr; 1 MiB aligned */
	uint16_t segment;
	uint8_t  bus_nr;
	uint64_t mmio32_base, mmio32_size;      /* _CRS window below 4 GiB */
	uint64_t mmio64_base, mmio64_size;      /* _CRS window above 4 GiB; size 0: none */
	unsigned intx_gsi_base;         /* INTA of slot 0 goes here; 4 GSIs used */
	uint16_t bridge_vendor, bridge_device;  /* IDs of the host bridge 00:00.0 */
};

void vpci_bus_config_defaults(struct vpci_bus_config *cfg);

/* NULL and a one-line reason in err on bad configuration. */
struct vpci_bus *vpci_bus_new(const struct vpci_bus_config *cfg,
			      const struct vpci_irq_ops *irq,
			      char *err, size_t errlen);
/* Frees every function (calling ops->release); no interrupt or log callback
 * runs from here on, so uvmm may tear its interrupt side down first. */
void vpci_bus_free(struct vpci_bus *bus);
/* The configuration the bus runs with (for the ACPI tables that describe it). */
const struct vpci_bus_config *vpci_bus_get_config(const struct vpci_bus *bus);
/* Puts every function back in its plug-time state (a platform reset). */
void vpci_bus_reset(struct vpci_bus *bus);

/*
 * The guest's MMIO accessors, forwarded by uvmm. size is 1, 2, 4 or 8; any
 * alignment is accepted. Returns false when nothing on the bus claims the
 * address: *val is then all-ones and a write has been dropped, as a PCI
 * master abort would do, so uvmm may hand *val to the guest as it is.
 * Absent functions inside the ECAM window read all-ones and return true.
 */
bool vpci_mmio_read(struct vpci_bus *bus, uint64_t gpa, unsigned size, uint64_t *val);
bool vpci_mmio_write(struct vpci_bus *bus, uint64_t gpa, unsigned size, uint64_t val);

/* The _PRT rule, for acpi-tables and the docs: slot, pin 1..4 (INTA..INTD). */
unsigned vpci_intx_gsi(const struct vpci_bus_config *cfg, unsigned slot, unsigned pin);

/* ---- device models ---- */

enum vpci_bar_type {
	VPCI_BAR_NONE = 0,
	VPCI_BAR_MEM32,
	VPCI_BAR_MEM64,         /* takes this BAR index and the next */
	VPCI_BAR_IO,            /* exists in config space, never decoded (no port I/O) */
	VPCI_BAR_ROM,           /* only at index VPCI_ROM_BAR */
};

/*
 * Callbacks of a model; any may be NULL. BAR accesses arrive naturally
 * aligned, size 1/2/4/8, entirely inside the BAR, only while the BAR decodes;
 * MSI-X table and PBA accesses are handled by vpci and never arrive here.
 */
struct vpci_device_ops {
	uint64_t (*bar_read)(void *opaque, unsigned bar, uint64_t offset, unsigned size);
	void (*bar_write)(void *opaque, unsigned bar, uint64_t offset, unsigned size,
			  uint64_t val);
	/* After vpci's own handling of a config access, for model registers. */
	void (*config_read)(void *opaque, unsigned offset, unsigned size, uint32_t *val);
	void (*config_write)(void *opaque, unsigned offset, unsigned size, uint32_t val);
	/* The BAR now decodes at addr (decoding) or stopped decoding. */
	void (*bar_update)(void *opaque, unsigned bar, uint64_t addr, bool decoding);
	/* Platform reset: the model drops its own state. */
	void (*reset)(void *opaque);
	/* The function is being freed (removed, or its bus freed): free opaque. */
	void (*release)(void *opaque);
};

struct vpci_device_info {
	const char *name;
	uint16_t vendor, device, subsys_vendor, subsys_device;
	uint32_t class_code;    /* base << 16 | sub << 8 | prog-if */
	uint8_t  revision;
	uint8_t  int_pin;       /* 0: no INTx; 1..4: INTA..INTD */
	const struct vpci_device_ops *ops;
	void *opaque;
};

/*
 * A new function at slot/fn (slot -1: the first free slot from 1, fn 0),
 * not visible to the guest until vpci_device_plug(). Between the two the model
 * adds BARs, capabilities and its own registers.
 */
struct vpci_device *vpci_device_new(struct vpci_bus *bus, int slot, unsigned fn,
				    const struct vpci_device_info *info,
				    char *err, size_t errlen);
/* Size: a power of two; memory >= 16, I/O 4..256, ROM >= 2 KiB. 0 or -1 + err. */
int vpci_device_add_bar(struct vpci_device *dev, unsigned bar, enum vpci_bar_type type,
			uint64_t size, bool prefetchable, char *err, size_t errlen);
/* A model register at offset >= 0x40: reset value, writable bits, RW1C bits. */
int vpci_config_init(struct vpci_device *dev, unsigned offset, unsigned size,
		     uint32_t val, uint32_t wmask, uint32_t w1cmask);
/* Links a capability of len bytes into the list; its offset, or 0 if no room. */
unsigned vpci_cap_add(struct vpci_device *dev, uint8_t id, unsigned len);
/*
 * The next capability added (by vpci_cap_add or an *_init below) goes at off
 * (dword aligned, 0x40..0xfc) instead of after the last one: a model that
 * mirrors a real function keeps its offsets. The add fails if it overlaps.
 */
int vpci_cap_place(struct vpci_device *dev, unsigned off);
/* Walks the list as a guest would (bounded); offset of cap id, or 0. */
unsigned vpci_cap_find(struct vpci_device *dev, uint8_t id);
/* MSI capability: nvec a power of two 1..32. */
int vpci_msi_init(struct vpci_device *dev, unsigned nvec, bool addr64, bool maskable,
		  char *err, size_t errlen);
/* MSI-X capability: nvec 1..2048, table and PBA inside memory BARs added before. */
int vpci_msix_init(struct vpci_device *dev, unsigned nvec,
		   unsigned table_bar, uint64_t table_offset,
		   unsigned pba_bar, uint64_t pba_offset, char *err, size_t errlen);
/*
 * PCI Express capability of a Root Complex Integrated Endpoint (no link):
 * makes the guest use 4 KiB of config space. flr: advertise Function Level
 * Reset; an FLR puts the function back in its plug-time state (firmware BAR
 * addresses included) and calls the model's reset.
 */
int vpci_pcie_init(struct vpci_device *dev, bool flr, char *err, size_t errlen);
/* Places the BARs in the windows and shows the function to the guest. */
int vpci_device_plug(struct vpci_device *dev, char *err, size_t errlen);
/* Hides and frees a function (plugged or not); its BAR space is reusable.
 * Not from inside one of that function's own callbacks. */
void vpci_device_remove(struct vpci_device *dev);

unsigned vpci_device_slot(const struct vpci_device *dev);
unsigned vpci_device_fn(const struct vpci_device *dev);
/* Firmware-assigned address of a BAR (0 for I/O BARs and absent ones). */
uint64_t vpci_device_bar_fw_addr(struct vpci_device *dev, unsigned bar);
/* Bus Master Enable: models gate their DMA on it. */
bool vpci_device_bus_master(struct vpci_device *dev);

/* ---- interrupts raised by models ---- */

enum vpci_irq_mode { VPCI_IRQ_NONE, VPCI_IRQ_INTX, VPCI_IRQ_MSI, VPCI_IRQ_MSIX };
/* What the guest enabled: MSI-X, else MSI, else INTx (if the function has a pin). */
enum vpci_irq_mode vpci_device_irq_mode(struct vpci_device *dev);
/* Fire a vector: true if sent or left pending (masked), false if dropped. */
bool vpci_msix_notify(struct vpci_device *dev, unsigned vector);
bool vpci_msi_notify(struct vpci_device *dev, unsigned vector);
/* The level of the function's INTx line (level-triggered, held until lowered). */
void vpci_intx_set(struct vpci_device *dev, bool level);

/* ---- misuse logging: at most one line per kind per device ---- */

enum vpci_misuse {
	VPCI_MISUSE_CFG_UNALIGNED,
	VPCI_MISUSE_BAR_UNALIGNED,
	VPCI_MISUSE_BAR_MOVED_LIVE,     /* BAR rewritten while memory decode is on */
	VPCI_MISUSE_BAR_OUTSIDE,        /* decode on, BAR outside every window */
	VPCI_MISUSE_BAR_OVERLAP,
	VPCI_MISUSE_MSI_VECTOR,         /* vector beyond the enabled/implemented count */
	VPCI_MISUSE_MSI_MME,            /* more MSI vectors enabled than implemented */
	VPCI_MISUSE_NO_BUS_MASTER,      /* interrupt while Bus Master Enable is off */
	VPCI_MISUSE_MSIX_WIDTH,         /* table access narrower than a dword */
	VPCI_MISUSE_MSIX_PBA_WRITE,
	VPCI_MISUSE_MODEL_FIRST = 32,   /* kinds 32..63 are the model's own */
	VPCI_MISUSE_MAX = 64,
};

/* Logs "vpci SSSS:BB:DD.F name: message" unless this kind was logged before. */
void vpci_misuse(struct vpci_device *dev, unsigned kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
