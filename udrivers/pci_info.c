// SPDX-License-Identifier: GPL-2.0
/*
 * Discovery. libpci enumerates the bus and owns the name database; the
 * per-device facts that libpci does not model (driver_override, the
 * group's other members, network interfaces) come from sysfs.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <pci/pci.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pci_info.h"
#include "sysfs.h"

int udrv_bdf_parse(const char *in, char out[UDRV_BDF_LEN], struct udrv_err *e)
{
	unsigned int dom = 0, bus, dev, fn;
	char tail;

	if (!in || !*in || strspn(in, "0123456789abcdefABCDEF:.") != strlen(in) ||
	    (sscanf(in, "%x:%x:%x.%x%c", &dom, &bus, &dev, &fn, &tail) != 4 &&
		    (dom = 0, sscanf(in, "%x:%x.%x%c", &bus, &dev, &fn, &tail) != 3)))
		return udrv_fail(e, EINVAL, "'%s' is not a PCI address: expected DDDD:BB:DD.F or BB:DD.F (hex), e.g. 0000:00:02.0",
				 in ? in : "(null)");
	if (dom > 0xffff || bus > 0xff || dev > 0x1f || fn > 7)
		return udrv_fail(e, EINVAL, "'%s' is out of range: domain <= ffff, bus <= ff, device <= 1f, function <= 7", in);
	snprintf(out, UDRV_BDF_LEN, "%04x:%02x:%02x.%x", dom, bus, dev, fn);
	return 0;
}

static bool driver_keeps_group_viable(const char *drv)
{
	/* Drivers that leave DMA to VFIO (driver_managed_dma), or none. */
	return !*drv || !strcmp(drv, "vfio-pci") || !strcmp(drv, "pci-stub") ||
	       !strcmp(drv, "pcieport");
}

int udrv_group_blockers(int group, const char *bdf, char *buf, size_t len)
{
	char path[PATH_MAX], drv[64], drvpath[PATH_MAX];
	struct dirent *d;
	int n = 0;
	size_t used = 0;
	DIR *dir;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "%s/kernel/iommu_groups/%d/devices", udrv_sysfs_root(), group);
	dir = opendir(path);
	if (!dir)
		return 0;
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.' || !strcmp(d->d_name, bdf))
			continue;
		udrv_pci_path(drvpath, sizeof(drvpath), d->d_name, "driver");
		udrv_sysfs_link_name(drvpath, drv, sizeof(drv));
		if (driver_keeps_group_viable(drv))
			continue;
		if (used < len) {
			int w = snprintf(buf + used, len - used, "%s%s (%s)", n ? ", " : "", d->d_name, drv);
			used += w > 0 ? (size_t)w : 0;
		}
		n++;
	}
	closedir(dir);
	return n;
}

static unsigned long read_hex_attr(const char *bdf, const char *attr)
{
	char path[PATH_MAX], val[32];

	udrv_pci_path(path, sizeof(path), bdf, attr);
	if (udrv_sysfs_read(path, val, sizeof(val)) < 0)
		return 0;
	return strtoul(val, NULL, 16);
}

/* The first network interface under the device, and whether it is up. */
static void find_netdev(const char *bdf, struct udrv_pci_info *info)
{
	char path[PATH_MAX], flags[32];
	struct dirent *d;
	DIR *dir;

	udrv_pci_path(path, sizeof(path), bdf, "net");
	dir = opendir(path);
	if (!dir)
		return;
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(info->netdev, sizeof(info->netdev), "%s", d->d_name);
		udrv_pci_path(path, sizeof(path), bdf, "net/");
		strncat(path, d->d_name, sizeof(path) - strlen(path) - 1);
		strncat(path, "/flags", sizeof(path) - strlen(path) - 1);
		if (udrv_sysfs_read(path, flags, sizeof(flags)) == 0)
			info->netdev_up = strtoul(flags, NULL, 16) & IFF_UP;
		break;
	}
	closedir(dir);
}

/* libpci reports fatal errors through a callback that must not return. */
static jmp_buf pci_jmp;
static char pci_errmsg[256];

static void __attribute__((noreturn)) pci_error_cb(char *msg, ...)
{
	va_list ap;

	va_start(ap, msg);
	vsnprintf(pci_errmsg, sizeof(pci_errmsg), msg, ap);
	va_end(ap);
	longjmp(pci_jmp, 1);
}

static void pci_quiet_cb(char *msg, ...)
{
	(void)msg;
}

static struct pci_access *pci_open(void)
{
	struct pci_access *pacc = pci_alloc();
	char sysfs_pci[PATH_MAX];

	if (!pacc)
		return NULL;
	pacc->error = pci_error_cb;
	pacc->warning = pci_quiet_cb;
	pacc->debug = pci_quiet_cb;
	pacc->method = PCI_ACCESS_SYS_BUS_PCI;
	snprintf(sysfs_pci, sizeof(sysfs_pci), "%s/bus/pci", udrv_sysfs_root());
	pci_set_param(pacc, "sysfs.path", sysfs_pci);
	pci_init(pacc);
	return pacc;
}

static void lookup_names(struct pci_access *pacc, struct udrv_pci_info *info)
{
	char *s;

	s = pci_lookup_name(pacc, info->vendor_name, sizeof(info->vendor_name),
			    PCI_LOOKUP_VENDOR | PCI_LOOKUP_NO_HWDB, info->vendor);
	if (s != info->vendor_name)
		snprintf(info->vendor_name, sizeof(info->vendor_name), "%s", s ? s : "");
	s = pci_lookup_name(pacc, info->device_name, sizeof(info->device_name),
			    PCI_LOOKUP_DEVICE | PCI_LOOKUP_NO_HWDB, info->vendor, info->device);
	if (s != info->device_name)
		snprintf(info->device_name, sizeof(info->device_name), "%s", s ? s : "");
	s = pci_lookup_name(pacc, info->class_name, sizeof(info->class_name),
			    PCI_LOOKUP_CLASS | PCI_LOOKUP_NO_HWDB, info->class >> 8);
	if (s != info->class_name)
		snprintf(info->class_name, sizeof(info->class_name), "%s", s ? s : "");
}

static void assess(struct udrv_pci_info *info)
{
	char blockers[200];

	info->assignable = false;
	if (info->is_bridge) {
		snprintf(info->why_not, sizeof(info->why_not),
			 "a PCI bridge: bridges stay with the host; assign the devices behind it");
	} else if (info->iommu_group < 0) {
		snprintf(info->why_not, sizeof(info->why_not),
			 "no IOMMU group: the IOMMU is off or absent; enable VT-d/AMD-Vi in the firmware and boot with intel_iommu=on (or amd_iommu=on)");
	} else if (udrv_group_blockers(info->iommu_group, info->bdf, blockers, sizeof(blockers))) {
		snprintf(info->why_not, sizeof(info->why_not),
			 "IOMMU group %d is not viable: it also holds %s; bind those to vfio-pci too (uvmm devices bind BDF)",
			 info->iommu_group, blockers);
	} else {
		info->assignable = true;
		info->why_not[0] = '\0';
	}
}

static int fill(struct pci_access *pacc, const char *bdf, struct udrv_pci_info *info,
		struct udrv_err *e)
{
	char path[PATH_MAX], group[32];
	struct stat st;

	memset(info, 0, sizeof(*info));
	snprintf(info->bdf, sizeof(info->bdf), "%s", bdf);
	udrv_pci_path(path, sizeof(path), bdf, "");
	if (stat(path, &st) < 0)
		return udrv_fail(e, ENODEV, "no PCI device %s on this machine (list them with: uvmm devices)", bdf);
	info->vendor = read_hex_attr(bdf, "vendor");
	info->device = read_hex_attr(bdf, "device");
	info->class = read_hex_attr(bdf, "class");
	info->is_bridge = (info->class >> 8) == 0x0604 || (info->class >> 8) == 0x0600 ||
			  (info->class >> 8) == 0x0601;
	udrv_pci_path(path, sizeof(path), bdf, "driver");
	udrv_sysfs_link_name(path, info->driver, sizeof(info->driver));
	udrv_pci_path(path, sizeof(path), bdf, "iommu_group");
	info->iommu_group = udrv_sysfs_link_name(path, group, sizeof(group)) == 0 ? atoi(group) : -1;
	find_netdev(bdf, info);
	if (pacc)
		lookup_names(pacc, info);
	assess(info);
	return 0;
}

int udrv_pci_get(const char *bdf_in, struct udrv_pci_info *info, struct udrv_err *e)
{
	char bdf[UDRV_BDF_LEN];
	struct pci_access *volatile pacc = NULL;
	int ret;

	ret = udrv_bdf_parse(bdf_in, bdf, e);
	if (ret)
		return ret;
	if (setjmp(pci_jmp) == 0)
		pacc = pci_open();
	else
		pacc = NULL;	/* names are a nicety: go on without them */
	ret = fill(pacc, bdf, info, e);
	if (pacc)
		pci_cleanup(pacc);
	return ret;
}

int udrv_pci_list(struct udrv_pci_info **list, size_t *count, struct udrv_err *e)
{
	struct pci_access *volatile pacc = NULL;
	struct udrv_pci_info *volatile out = NULL;
	volatile size_t n = 0;
	struct pci_dev *d;
	volatile size_t cap = 0;

	*list = NULL;
	*count = 0;
	if (setjmp(pci_jmp)) {
		if (pacc)
			pci_cleanup(pacc);
		free(out);
		return udrv_fail(e, EIO, "cannot read the PCI bus: %s (is sysfs mounted at %s?)",
				 pci_errmsg, udrv_sysfs_root());
	}
	pacc = pci_open();
	if (!pacc)
		return udrv_fail(e, ENOMEM, "out of memory");
	pci_scan_bus(pacc);
	for (d = pacc->devices; d; d = d->next) {
		char bdf[UDRV_BDF_LEN];

		if (n == cap) {
			struct udrv_pci_info *bigger;

			cap = cap ? 2 * cap : 16;
			bigger = realloc(out, cap * sizeof(*out));
			if (!bigger) {
				free(out);
				pci_cleanup(pacc);
				return udrv_fail(e, ENOMEM, "out of memory");
			}
			out = bigger;
		}
		snprintf(bdf, sizeof(bdf), "%04x:%02x:%02x.%x", d->domain, d->bus, d->dev, d->func);
		if (fill(pacc, bdf, &out[n], NULL) == 0)
			n++;
	}
	pci_cleanup(pacc);
	/* libpci lists devices in reverse scan order; present them sorted. */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(out[j - 1].bdf, out[j].bdf) > 0; j--) {
			struct udrv_pci_info t = out[j];

			out[j] = out[j - 1];
			out[j - 1] = t;
		}
	*list = out;
	*count = n;
	return 0;
}
