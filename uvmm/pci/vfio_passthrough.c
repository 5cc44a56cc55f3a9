// SPDX-License-Identifier: GPL-2.0
/*
 * The VFIO backend of the passthrough model. Interrupts: one eventfd per
 * vector the device can raise, made once and watched by the event thread
 * for the device's whole life; a mode change only re-routes the device's
 * vectors onto them (VFIO_DEVICE_SET_IRQS), so no watch is ever removed
 * under the event thread's feet. An event that crosses a mode change is
 * delivered as the new mode's vector or dropped by vpci_pt_irq: a spurious
 * interrupt at worst, which guest drivers take in their stride.
 */
#include <errno.h>
#include <pthread.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include "host/event_loop.h"
#include "pci/device_reaper.h"
#include "pci/vfio_passthrough.h"
#include "setup/guest_mem.h"
#include "sysfs.h"
#include "udrivers.h"
#include "vpci_pt.h"

#define MAX_VECTORS 64
#define MAX_DIRECT 32
#define PAGE 4096ULL

/* A piece of a BAR that uvmm mapped into the guest kernel's ioremap area. */
struct direct_map {
	uint64_t virt, len;
	uint64_t phys;			/* where the BAR was when the guest mapped it */
	unsigned bar;
	uint64_t off;			/* in the BAR */
};

struct vfio_pt {
	char bdf[UDRV_BDF_LEN];
	char host_driver[64];		/* what had it before we bound it; "" if we did not */
	bool bound_by_us;
	struct device_reaper reaper;	/* rebinds host_driver if uvmm dies */
	struct udrv_vfio_dev *vdev;
	struct vpci_pt *pt;
	struct udrv_region region[VPCI_NUM_BARS + 1];
	void *bar_map[VPCI_NUM_BARS];	/* uvmm's mapping of each mmappable BAR */
	int mode;			/* enum vpci_irq_mode routed now (atomic) */
	/* Where each BAR decodes now (bar_update), and the direct mappings. */
	pthread_mutex_t lock;
	uint64_t bar_addr[VPCI_NUM_BARS];
	bool bar_on[VPCI_NUM_BARS];
	struct vpci_pt_msix_area msix_table, msix_pba;
	struct direct_map direct[MAX_DIRECT];
	unsigned ndirect;
	unsigned nvec_max;
	int efd[MAX_VECTORS];
	struct event_watch watch[MAX_VECTORS];
	struct vfio_irq_event {
		struct vfio_pt *dev;
		unsigned vector;
	} event[MAX_VECTORS];
};

bool vfio_pt_name(const char *name, const char **bdf)
{
	if (strncmp(name, "vfio:", 5))
		return false;
	*bdf = name + 5;
	return true;
}

/* ---- the backend ---- */

static int be_cfg_read(void *opaque, unsigned off, unsigned size, uint32_t *val)
{
	struct vfio_pt *d = opaque;

	*val = 0;
	return udrv_vfio_cfg_read(d->vdev, off, val, size, NULL) ? -1 : 0;
}

static int be_cfg_write(void *opaque, unsigned off, unsigned size, uint32_t val)
{
	struct vfio_pt *d = opaque;

	return udrv_vfio_cfg_write(d->vdev, off, &val, size, NULL) ? -1 : 0;
}

/* uvmm's own mapping of [off, off + size) of bar, if that part is mmapped. */
static volatile void *mapped(struct vfio_pt *d, unsigned bar, uint64_t off, unsigned size)
{
	if (bar >= VPCI_NUM_BARS || !d->bar_map[bar] ||
	    !udrv_region_mmappable(&d->region[bar], off, size))
		return NULL;
	return (char *)d->bar_map[bar] + off;
}

static uint64_t be_bar_read(void *opaque, unsigned bar, uint64_t off, unsigned size)
{
	struct vfio_pt *d = opaque;
	volatile void *p = mapped(d, bar, off, size);
	uint64_t v = 0;

	if (p) {
		switch (size) {
		case 1: return *(volatile uint8_t *)p;
		case 2: return *(volatile uint16_t *)p;
		case 4: return *(volatile uint32_t *)p;
		default: return *(volatile uint64_t *)p;
		}
	}
	if (udrv_vfio_read(d->vdev, bar, off, &v, size, NULL))
		return ~0ULL;
	return v;
}

static void be_bar_write(void *opaque, unsigned bar, uint64_t off, unsigned size, uint64_t v)
{
	struct vfio_pt *d = opaque;
	volatile void *p = mapped(d, bar, off, size);

	if (!p) {
		udrv_vfio_write(d->vdev, bar, off, &v, size, NULL);
		return;
	}
	switch (size) {
	case 1: *(volatile uint8_t *)p = (uint8_t)v; break;
	case 2: *(volatile uint16_t *)p = (uint16_t)v; break;
	case 4: *(volatile uint32_t *)p = (uint32_t)v; break;
	default: *(volatile uint64_t *)p = v; break;
	}
}

/*
 * A direct mapping follows its BAR: the device again where the BAR decodes
 * at the address the guest mapped, else a page of all ones (reads as a
 * master abort would; writes go nowhere that matters).
 */
static void remap(struct vfio_pt *d, const struct direct_map *m)
{
	unsigned b = m->bar;

	if (d->bar_on[b] && d->bar_addr[b] + m->off == m->phys &&
	    !udrv_vfio_map_bar_at(d->vdev, b, m->off, m->len, (void *)m->virt, NULL))
		return;
	if (mmap((void *)m->virt, m->len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED)
		memset((void *)m->virt, 0xff, m->len);
}

static void be_bar_update(void *opaque, unsigned bar, uint64_t addr, bool decoding)
{
	struct vfio_pt *d = opaque;

	if (bar >= VPCI_NUM_BARS)
		return;
	pthread_mutex_lock(&d->lock);
	d->bar_addr[bar] = addr;
	d->bar_on[bar] = decoding;
	for (unsigned i = 0; i < d->ndirect; i++)
		if (d->direct[i].bar == bar)
			remap(d, &d->direct[i]);
	pthread_mutex_unlock(&d->lock);
}

static bool overlaps_page_of(const struct vpci_pt_msix_area *a, unsigned bar, uint64_t off,
			     uint64_t len)
{
	uint64_t start = a->off & ~(PAGE - 1), end = (a->off + a->len + PAGE - 1) & ~(PAGE - 1);

	return a->bar == (int)bar && off < end && start < off + len;
}

/*
 * Which decoding BAR holds all of [phys, phys + len), mappable and clear of
 * the MSI-X table and PBA pages (those stay vpci's: they take the gate);
 * with d->lock held. The BAR, or -1.
 */
static int direct_bar(struct vfio_pt *d, uint64_t phys, uint64_t len, uint64_t *off)
{
	for (unsigned b = 0; b < VPCI_NUM_BARS; b++) {
		*off = phys - d->bar_addr[b];
		if (!d->bar_on[b] || !d->bar_map[b] || phys < d->bar_addr[b] ||
		    *off >= d->region[b].size)
			continue;
		if (!udrv_region_mmappable(&d->region[b], *off, len) ||
		    overlaps_page_of(&d->msix_table, b, *off, len) ||
		    overlaps_page_of(&d->msix_pba, b, *off, len))
			return -1;
		return (int)b;
	}
	return -1;
}

long vfio_pt_direct_map(struct vfio_pt *d, uint64_t virt, uint64_t phys, uint64_t len)
{
	long ret = -ENODEV;
	uint64_t off;
	int b;

	pthread_mutex_lock(&d->lock);
	b = d->ndirect < MAX_DIRECT ? direct_bar(d, phys, len, &off) : -1;
	if (b >= 0 && !udrv_vfio_map_bar_at(d->vdev, b, off, len, (void *)virt, NULL)) {
		d->direct[d->ndirect++] = (struct direct_map){ virt, len, phys, b, off };
		ret = 0;
	}
	pthread_mutex_unlock(&d->lock);
	return ret;
}

void vfio_pt_describe(const struct vfio_pt *d, char *buf, size_t len)
{
	snprintf(buf, len, "%s, through VFIO's %s", d->bdf,
		 udrv_vfio_mode_name(udrv_vfio_mode_of(d->vdev)));
}

int vfio_pt_fd(struct vfio_pt *d)
{
	return udrv_vfio_device_fd(d->vdev);
}

/*
 * A user mapping does not follow its BAR (the guest kernel would have to
 * zap it, as a real one zaps nothing either): it keeps showing this
 * device's BAR, never anything else.
 */
long vfio_pt_user_map(struct vfio_pt *d, uint64_t phys, uint64_t len, uint64_t *fd_off)
{
	uint64_t off;
	int b;

	pthread_mutex_lock(&d->lock);
	b = direct_bar(d, phys, len, &off);
	if (b >= 0)
		*fd_off = d->region[b].offset + off;
	pthread_mutex_unlock(&d->lock);
	return b >= 0 ? 0 : -ENODEV;
}

void vfio_pt_direct_forget(struct vfio_pt *d, uint64_t virt, uint64_t len)
{
	pthread_mutex_lock(&d->lock);
	for (unsigned i = 0; i < d->ndirect;) {
		const struct direct_map *m = &d->direct[i];

		if (m->virt < virt + len && virt < m->virt + m->len)
			d->direct[i] = d->direct[--d->ndirect];
		else
			i++;
	}
	pthread_mutex_unlock(&d->lock);
}

static void be_irq_mode(void *opaque, enum vpci_irq_mode mode, unsigned nvec)
{
	static const unsigned index[] = {
		[VPCI_IRQ_INTX] = UDRV_IRQ_INTX, [VPCI_IRQ_MSI] = UDRV_IRQ_MSI,
		[VPCI_IRQ_MSIX] = UDRV_IRQ_MSIX,
	};
	struct vfio_pt *d = opaque;
	struct udrv_err e;

	__atomic_store_n(&d->mode, (int)mode, __ATOMIC_RELEASE);
	if (mode == VPCI_IRQ_NONE) {
		udrv_vfio_irq_disable(d->vdev, NULL);
		return;
	}
	if (nvec > d->nvec_max)
		nvec = d->nvec_max;
	if (udrv_vfio_irq_route(d->vdev, index[mode], nvec, d->efd, &e))
		fprintf(stderr, "uvmm: %s: %s\n", d->bdf, e.msg);
}

static void be_reset(void *opaque)
{
	struct vfio_pt *d = opaque;
	struct udrv_err e;

	/* Interrupts are set up again by the model after the reset. */
	udrv_vfio_irq_disable(d->vdev, NULL);
	if (udrv_vfio_can_reset(d->vdev) && udrv_vfio_reset(d->vdev, &e))
		fprintf(stderr, "uvmm: %s\n", e.msg);
}

static const struct vpci_pt_backend backend = {
	.cfg_read = be_cfg_read,
	.cfg_write = be_cfg_write,
	.bar_read = be_bar_read,
	.bar_write = be_bar_write,
	.irq_mode = be_irq_mode,
	.bar_update = be_bar_update,
	.reset = be_reset,
};

/* ---- interrupts: the event thread ---- */

static void on_irq(void *opaque)
{
	struct vfio_irq_event *ev = opaque;
	struct vfio_pt *d = ev->dev;
	uint64_t n;

	if (read(d->efd[ev->vector], &n, sizeof(n)) != sizeof(n))
		return;
	vpci_pt_irq(d->pt, __atomic_load_n(&d->mode, __ATOMIC_ACQUIRE), ev->vector);
}

unsigned vfio_pt_watches(struct vfio_pt *d, struct event_watch **w)
{
	*w = d->watch;
	return d->nvec_max;
}

void vfio_pt_eoi(struct vfio_pt *d, unsigned gsi)
{
	if (vpci_pt_intx_eoi(d->pt, gsi))
		udrv_vfio_intx_unmask(d->vdev, NULL);
}

/* ---- opening and closing ---- */

static unsigned max_vectors(struct vfio_pt *d)
{
	unsigned most = 1;

	for (unsigned i = UDRV_IRQ_INTX; i <= UDRV_IRQ_MSIX; i++) {
		unsigned n;

		if (!udrv_vfio_irq_count(d->vdev, i, &n, NULL) && n > most)
			most = n;
	}
	return most < MAX_VECTORS ? most : MAX_VECTORS;
}

static bool can_lock_memory(void)
{
	char line[256];
	bool cap = false;
	FILE *f = fopen("/proc/self/status", "r");

	/* CAP_IPC_LOCK (14) lifts the limit. */
	while (f && fgets(line, sizeof(line), f)) {
		unsigned long long eff;

		if (sscanf(line, "CapEff: %llx", &eff) == 1)
			cap = eff & (1ULL << 14);
	}
	if (f)
		fclose(f);
	return cap;
}

/* Pinning all guest RAM for DMA counts against RLIMIT_MEMLOCK. */
static int check_memlock(const struct guest_mem *mem, char *err, size_t errlen)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_MEMLOCK, &rl) || rl.rlim_cur == RLIM_INFINITY ||
	    rl.rlim_cur >= mem->size || can_lock_memory())
		return 0;
	snprintf(err, errlen,
		 "the locked-memory limit (RLIMIT_MEMLOCK, ulimit -l) is %llu KiB; a passed-through device pins all guest RAM: it needs at least %llu KiB (ulimit -l %llu, or less --mem)",
		 (unsigned long long)rl.rlim_cur >> 10, (unsigned long long)mem->size >> 10,
		 (unsigned long long)mem->size >> 10);
	return -1;
}

static int map_dma(struct vfio_pt *d, const struct guest_mem *mem, char *err, size_t errlen)
{
	struct udrv_err e;

	for (int i = 0; i < mem->nr_ranges; i++) {
		const struct guest_ram_range *r = &mem->range[i];

		if (udrv_vfio_dma_map(d->vdev, mem->base + r->phys, r->phys, r->size, &e)) {
			snprintf(err, errlen, "%s: DMA mapping of guest RAM: %s", d->bdf, e.msg);
			return -1;
		}
	}
	return 0;
}

static int open_regions(struct vfio_pt *d, struct vpci_pt_config *c, char *err, size_t errlen)
{
	struct udrv_err e;

	for (unsigned i = 0; i <= VPCI_NUM_BARS; i++) {
		size_t len;

		if (udrv_vfio_region(d->vdev, i, &d->region[i], &e)) {
			snprintf(err, errlen, "%s", e.msg);
			return -1;
		}
		c->bar_size[i] = d->region[i].size;
		if (i < VPCI_NUM_BARS && d->region[i].size &&
		    (d->region[i].flags & UDRV_REGION_MMAP) &&
		    udrv_vfio_map_bar(d->vdev, i, &d->bar_map[i], &len, &e)) {
			snprintf(err, errlen, "%s", e.msg);
			return -1;
		}
	}
	return 0;
}

static int make_eventfds(struct vfio_pt *d, char *err, size_t errlen)
{
	for (unsigned v = 0; v < MAX_VECTORS; v++)
		d->efd[v] = -1;
	d->nvec_max = max_vectors(d);
	for (unsigned v = 0; v < d->nvec_max; v++) {
		d->efd[v] = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		if (d->efd[v] < 0) {
			snprintf(err, errlen, "eventfd: %s", strerror(errno));
			return -1;
		}
		d->event[v] = (struct vfio_irq_event){ d, v };
		d->watch[v] = (struct event_watch){ d->efd[v], on_irq, &d->event[v] };
	}
	return 0;
}

/*
 * Before anything is touched: may this user take the device? Binding it
 * writes sysfs files only root may write; using it as bound needs its VFIO
 * group's node (or /dev/iommu, for the cdev; opening it then says more).
 */
static int check_permission(const struct udrv_pci_info *info, char *err, size_t errlen)
{
	char path[512];

	if (strcmp(info->driver, "vfio-pci")) {
		if (!udrv_pci_path(path, sizeof(path), info->bdf, "driver_override") &&
		    !access(path, W_OK))
			return 0;
		snprintf(err, errlen, "%s: permission denied: binding it to vfio-pci needs root "
			 "(or, as root, 'uvmm devices bind %s' and let this user open /dev/vfio/%d)",
			 info->bdf, info->bdf, info->iommu_group);
		return -1;
	}
	snprintf(path, sizeof(path), "/dev/vfio/%d", info->iommu_group);
	if (!access(path, R_OK | W_OK) || !access("/dev/iommu", R_OK | W_OK))
		return 0;
	snprintf(err, errlen, "%s: permission denied: this user cannot open %s (run as root, "
		 "or give the user that node)", info->bdf, path);
	return -1;
}

/* Bind to vfio-pci if needed and open; refusals name the reason and the fix. */
static int take_device(struct vfio_pt *d, const char *bdf_in, const struct guest_mem *mem,
		       char *err, size_t errlen)
{
	struct udrv_pci_info info;
	struct udrv_err e;

	if (udrv_pci_get(bdf_in, &info, &e)) {
		snprintf(err, errlen, "--device vfio:%s: %s", bdf_in, e.msg);
		return -1;
	}
	snprintf(d->bdf, sizeof(d->bdf), "%s", info.bdf);
	if (!info.assignable) {
		snprintf(err, errlen, "%s cannot be passed through: %s", info.bdf, info.why_not);
		return -1;
	}
	if (check_permission(&info, err, errlen) || check_memlock(mem, err, errlen))
		return -1;
	if (strcmp(info.driver, "vfio-pci")) {
		if (device_reaper_start(&d->reaper, d->bdf, err, errlen))
			return -1;
		if (udrv_bind(info.bdf, "vfio-pci", &e)) {
			snprintf(err, errlen, "%s", e.msg);
			return -1;
		}
		d->bound_by_us = true;
		snprintf(d->host_driver, sizeof(d->host_driver), "%s", info.driver);
	}
	if (udrv_vfio_open(info.bdf, UDRV_VFIO_AUTO, &d->vdev, &e)) {
		snprintf(err, errlen, "%s", e.msg);
		return -1;
	}
	return 0;
}

struct vfio_pt *vfio_pt_open(const char *bdf, struct vpci_bus *bus, const struct guest_mem *mem,
			     char *err, size_t errlen)
{
	struct vpci_pt_config c = { .slot = -1, .ops = &backend };
	struct vfio_pt *d = calloc(1, sizeof(*d));
	char why[256];

	if (!d) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	for (unsigned v = 0; v < MAX_VECTORS; v++)
		d->efd[v] = -1;
	pthread_mutex_init(&d->lock, NULL);
	d->msix_table.bar = d->msix_pba.bar = -1;
	if (take_device(d, bdf, mem, err, errlen) ||
	    open_regions(d, &c, err, errlen) || make_eventfds(d, err, errlen) ||
	    map_dma(d, mem, err, errlen))
		goto fail;
	c.name = d->bdf;
	c.opaque = d;
	d->pt = vpci_pt_add(bus, &c, why, sizeof(why));
	if (!d->pt) {
		snprintf(err, errlen, "%s: %s", d->bdf, why);
		goto fail;
	}
	vpci_pt_msix_areas(d->pt, &d->msix_table, &d->msix_pba);
	return d;
fail:
	vfio_pt_close(d);
	return NULL;
}

void vfio_pt_close(struct vfio_pt *d)
{
	if (!d)
		return;
	if (d->pt)
		vpci_device_remove(vpci_pt_device(d->pt));
	if (d->vdev) {
		/* Quiet and clean before the host gets it back. */
		udrv_vfio_irq_disable(d->vdev, NULL);
		if (udrv_vfio_can_reset(d->vdev))
			udrv_vfio_reset(d->vdev, NULL);
		udrv_vfio_close(d->vdev);       /* unmaps DMA and BARs, closes */
	}
	for (unsigned v = 0; v < MAX_VECTORS; v++)
		if (d->efd[v] >= 0)
			close(d->efd[v]);
	if (d->bound_by_us)
		device_reaper_give_back(&d->reaper);	/* to d->host_driver */
	else
		device_reaper_stop(&d->reaper);
	pthread_mutex_destroy(&d->lock);
	free(d);
}
