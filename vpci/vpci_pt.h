/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The passthrough model: a real PCI function on the virtual bus, reached
 * through a backend (uvmm's is VFIO; the unit tests fake one). The guest
 * sees the function's own IDs, BARs (sizes, types, prefetchable), expansion
 * ROM and capability list at their real offsets; vpci emulates what would let
 * the guest reach outside its assignment or must be virtual anyway:
 *   - BAR and ROM registers (placement is vpci's; the real ones are untouched),
 *   - the command register: only Bus Master reaches the device; its memory
 *     decode stays on (the monitor maps its BARs), I/O decode stays off,
 *   - MSI and MSI-X capabilities, table and PBA (the backend routes the real
 *     vectors to vpci_pt_irq(); masking and pending bits are vpci's),
 *   - the PCI Express capability, shown as vpci's own integrated endpoint
 *     (no link registers; FLR if the device has it, done by the backend),
 *   - the extended config space (empty), and capabilities of unknown layout
 *     (left out of the list).
 * Power management and vendor-specific capabilities read live from the
 * device; of them, only the PM control/status register is written through.
 * docs/passthrough.md has the table.
 */
#ifndef VPCI_PT_H
#define VPCI_PT_H

#include "vpci.h"

struct vpci_pt;

/* All callbacks run with the bus mutex held (see vpci.h). */
struct vpci_pt_backend {
	/* The real function's config space: size 1, 2 or 4; -1 on failure. */
	int (*cfg_read)(void *opaque, unsigned off, unsigned size, uint32_t *val);
	int (*cfg_write)(void *opaque, unsigned off, unsigned size, uint32_t val);
	/* A register of BAR 0..5 or the ROM (VPCI_ROM_BAR); never the MSI-X table or PBA. */
	uint64_t (*bar_read)(void *opaque, unsigned bar, uint64_t off, unsigned size);
	void (*bar_write)(void *opaque, unsigned bar, uint64_t off, unsigned size, uint64_t val);
	/* A BAR decodes at addr now, or stopped decoding (for direct mappings). */
	void (*bar_update)(void *opaque, unsigned bar, uint64_t addr, bool decoding);
	/* The guest chose an interrupt mode: route nvec real vectors of it to vpci_pt_irq. */
	void (*irq_mode)(void *opaque, enum vpci_irq_mode mode, unsigned nvec);
	/* Reset the real function (guest FLR, platform reset); its interrupt
	 * routing may go with it: irq_mode follows, whatever the mode. */
	void (*reset)(void *opaque);
};

struct vpci_pt_config {
	const char *name;               /* e.g. the host address, for log lines */
	int slot;                       /* -1: the first free one */
	/* Sizes of BARs 0..5 and the ROM (index VPCI_ROM_BAR) as the backend has
	 * them (0: none); their types come from the real BAR registers. */
	uint64_t bar_size[VPCI_NUM_BARS + 1];
	const struct vpci_pt_backend *ops;
	void *opaque;
};

/* Adds and plugs the function; NULL and a one-line reason in err. */
struct vpci_pt *vpci_pt_add(struct vpci_bus *bus, const struct vpci_pt_config *cfg,
			    char *err, size_t errlen);
struct vpci_device *vpci_pt_device(struct vpci_pt *pt);

/* Where the real function's MSI-X table and PBA are (bar -1: none). */
struct vpci_pt_msix_area {
	int bar;
	uint64_t off, len;
};
void vpci_pt_msix_areas(struct vpci_pt *pt, struct vpci_pt_msix_area *table,
			struct vpci_pt_msix_area *pba);

/*
 * The real function raised vector (0 for INTx) of mode. Sent on as the guest
 * programmed it; dropped if the guest has since left that mode.
 */
void vpci_pt_irq(struct vpci_pt *pt, enum vpci_irq_mode mode, unsigned vector);
/*
 * The guest ended an interrupt on gsi. If it was this function's asserted
 * INTx, the line is lowered and true returned: the backend unmasks the real
 * line, which raises it again if the device still asserts.
 */
bool vpci_pt_intx_eoi(struct vpci_pt *pt, unsigned gsi);

#endif
