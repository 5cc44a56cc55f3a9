// SPDX-License-Identifier: GPL-2.0
/*
 * udrivers-unit: host-side unit tests (ASan/UBSan) of discovery, binding
 * and the refusals of VFIO/UIO open, on a fake sysfs tree built in a
 * temporary directory, plus a read-only pass over this machine's real bus.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "disk_use.h"
#include "sysfs.h"
#include "tap.h"
#include "udrivers.h"

static char root[PATH_MAX];

static void put(const char *rel, const char *val)
{
	char path[PATH_MAX * 2], dir[PATH_MAX * 2];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	snprintf(dir, sizeof(dir), "mkdir -p \"$(dirname '%s')\"", path);
	if (system(dir))
		abort();
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, val, strlen(val)) != (ssize_t)strlen(val))
		abort();
	close(fd);
}

static void mkdirs(const char *rel)
{
	char cmd[PATH_MAX * 2];

	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/%s'", root, rel);
	if (system(cmd))
		abort();
}

static void link_to(const char *rel_target, const char *rel_link)
{
	char t[PATH_MAX * 2], l[PATH_MAX * 2];

	snprintf(t, sizeof(t), "%s/%s", root, rel_target);
	snprintf(l, sizeof(l), "%s/%s", root, rel_link);
	unlink(l);
	if (symlink(t, l))
		abort();
}

static void get(const char *rel, char *buf, size_t len)
{
	char path[PATH_MAX * 2];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if (udrv_sysfs_read(path, buf, len))
		snprintf(buf, len, "<missing>");
}

#define DEV "bus/pci/devices/"

/* A device: IDs, class, optional driver and IOMMU group. */
static void device(const char *bdf, const char *cls, const char *driver, int group)
{
	char rel[256], rel2[256];

	snprintf(rel, sizeof(rel), DEV "%s/vendor", bdf);
	put(rel, "0x8086\n");
	snprintf(rel, sizeof(rel), DEV "%s/device", bdf);
	put(rel, "0x10d3\n");
	snprintf(rel, sizeof(rel), DEV "%s/class", bdf);
	put(rel, cls);
	snprintf(rel, sizeof(rel), DEV "%s/driver_override", bdf);
	put(rel, "(null)\n");
	if (driver) {
		snprintf(rel, sizeof(rel), "bus/pci/drivers/%s/unbind", driver);
		put(rel, "");
		snprintf(rel, sizeof(rel), "bus/pci/drivers/%s", driver);
		snprintf(rel2, sizeof(rel2), DEV "%s/driver", bdf);
		link_to(rel, rel2);
	}
	if (group >= 0) {
		snprintf(rel, sizeof(rel), "kernel/iommu_groups/%d/devices", group);
		mkdirs(rel);
		snprintf(rel, sizeof(rel), "kernel/iommu_groups/%d", group);
		snprintf(rel2, sizeof(rel2), DEV "%s/iommu_group", bdf);
		link_to(rel, rel2);
		snprintf(rel, sizeof(rel), DEV "%s", bdf);
		snprintf(rel2, sizeof(rel2), "kernel/iommu_groups/%d/devices/%s", group, bdf);
		link_to(rel, rel2);
	}
}

static void test_bdf(void)
{
	char out[UDRV_BDF_LEN];
	struct udrv_err e;

	ok(udrv_bdf_parse("00:03.0", out, &e) == 0 && !strcmp(out, "0000:00:03.0"), "short BDF: %s", out);
	ok(udrv_bdf_parse("0001:0A:1f.7", out, &e) == 0 && !strcmp(out, "0001:0a:1f.7"), "full BDF: %s", out);
	ok(udrv_bdf_parse("00:20.0", out, &e) == -EINVAL && strstr(e.msg, "out of range"), "%s", e.msg);
	ok(udrv_bdf_parse("00:03.0x", out, &e) == -EINVAL && strstr(e.msg, "not a PCI address"), "%s", e.msg);
	ok(udrv_bdf_parse("eth0", out, &e) == -EINVAL, "%s", e.msg);
	ok(udrv_bdf_parse(NULL, out, &e) == -EINVAL, "NULL: %s", e.msg);
}

static void test_discovery(void)
{
	struct udrv_pci_info info;
	struct udrv_err e;
	int ret;

	device("0000:00:03.0", "0x020000\n", "e1000e", 5);
	device("0000:00:03.1", "0x040300\n", "snd_hda_intel", 5);
	device("0000:00:04.0", "0x020000\n", "e1000e", -1);
	device("0000:00:1c.0", "0x060400\n", "pcieport", 7);
	device("0000:00:05.0", "0x020000\n", NULL, 8);
	device("0000:00:06.0", "0x020000\n", "e1000e", 9);
	device("0000:00:06.1", "0x060400\n", "pcieport", 9);
	put(DEV "0000:00:06.0/net/eth0/flags", "0x1003\n");	/* IFF_UP */
	put("bus/pci/drivers_probe", "");

	ret = udrv_pci_get("00:03.0", &info, &e);
	ok(ret == 0 && info.vendor == 0x8086 && info.device == 0x10d3 && info.class == 0x020000 &&
	   !strcmp(info.driver, "e1000e") && info.iommu_group == 5,
	   "a fake device: %04x:%04x class %06x, driver %s, group %d", info.vendor, info.device,
	   info.class, info.driver, info.iommu_group);
	ok(!info.assignable && strstr(info.why_not, "not viable") && strstr(info.why_not, "0000:00:03.1 (snd_hda_intel)"),
	   "a group shared with a host-driven device: %s", info.why_not);
	ret = udrv_pci_get("00:04.0", &info, &e);
	ok(ret == 0 && info.iommu_group == -1 && !info.assignable && strstr(info.why_not, "intel_iommu=on"),
	   "no IOMMU group: %s", info.why_not);
	ret = udrv_pci_get("00:1c.0", &info, &e);
	ok(ret == 0 && info.is_bridge && !info.assignable && strstr(info.why_not, "bridge"), "a bridge: %s",
	   info.why_not);
	ret = udrv_pci_get("00:05.0", &info, &e);
	ok(ret == 0 && !info.driver[0] && info.assignable, "an unbound device alone in its group is assignable");
	ret = udrv_pci_get("00:06.0", &info, &e);
	ok(ret == 0 && info.assignable && !strcmp(info.netdev, "eth0") && info.netdev_up,
	   "a group with a pcieport bridge stays viable; its interface %s is up", info.netdev);
	ok(udrv_pci_get("00:07.0", &info, &e) == -ENODEV && strstr(e.msg, "no PCI device 0000:00:07.0"),
	   "a missing device: %s", e.msg);
}

static void test_bind(void)
{
	struct udrv_err e;
	char val[256], drv[64];
	int ret;

	ret = udrv_bind("00:06.0", "vfio-pci", &e);
	ok(ret == -EBUSY && strstr(e.msg, "ip link set eth0 down"), "in use by the host: %s", e.msg);
	get(DEV "0000:00:06.0/driver_override", val, sizeof(val));
	ok(!strcmp(val, "(null)"), "driver_override untouched (%s)", val);
	ret = udrv_bind("00:1c.0", "vfio-pci", &e);
	ok(ret < 0 && strstr(e.msg, "bridge"), "a bridge is refused: %s", e.msg);
	ret = udrv_bind("00:04.0", "vfio-pci", &e);
	ok(ret == -ENODEV && strstr(e.msg, "IOMMU"), "no IOMMU: %s", e.msg);
	ret = udrv_bind("00:03.0", "nvme", &e);
	ok(ret == -EINVAL && strstr(e.msg, "vfio-pci or uio_pci_generic"), "a foreign driver name: %s", e.msg);
	ret = udrv_bind("00:03.0", "vfio-pci", &e);
	ok(ret == -ENOENT && strstr(e.msg, "modprobe vfio-pci"), "vfio-pci not loaded: %s", e.msg);
	get(DEV "0000:00:03.0/driver_override", val, sizeof(val));
	ok(!strcmp(val, "(null)"), "driver_override untouched (%s)", val);

	/* vfio-pci "loaded" but it never takes the device: rolled back. */
	put("bus/pci/drivers/vfio-pci/unbind", "");
	ret = udrv_bind("00:03.0", "vfio-pci", &e);
	ok(ret == -EIO && strstr(e.msg, "did not take") && strstr(e.msg, "back with e1000e"),
	   "a driver that does not take the device: %s", e.msg);
	get(DEV "0000:00:03.0/driver_override", val, sizeof(val));
	ok(!strcmp(val, ""), "driver_override cleared again");
	get("bus/pci/drivers/e1000e/unbind", val, sizeof(val));
	ok(!strcmp(val, "0000:00:03.0"), "the old driver was asked to let go (%s)", val);
	get("bus/pci/drivers_probe", val, sizeof(val));
	ok(!strcmp(val, "0000:00:03.0"), "and the device was reprobed");

	ret = udrv_unbind("00:03.0", drv, sizeof(drv), &e);
	ok(ret == -EINVAL && strstr(e.msg, "nothing to give back"), "unbind from a host driver: %s", e.msg);
	device("0000:00:08.0", "0x020000\n", "vfio-pci", 10);
	ret = udrv_unbind("00:08.0", drv, sizeof(drv), &e);
	get("bus/pci/drivers/vfio-pci/unbind", val, sizeof(val));
	ok(ret == 0 && !strcmp(val, "0000:00:08.0"), "unbind from vfio-pci writes the unbind file");
	get(DEV "0000:00:08.0/driver_override", val, sizeof(val));
	ok(!strcmp(val, ""), "and clears driver_override");
}

/* A block device in the fake tree: its dev numbers and subsystem link. */
static void block(const char *rel_dir, const char *majmin)
{
	char rel[512];

	snprintf(rel, sizeof(rel), "%s/dev", rel_dir);
	put(rel, majmin);
	mkdirs("class/block");
	snprintf(rel, sizeof(rel), "%s/subsystem", rel_dir);
	link_to("class/block", rel);
}

/* Storage controllers whose disks the host uses stay with the host. */
static void test_disks(void)
{
	char p[PATH_MAX + 8], val[256];
	struct udrv_err e;
	int ret;

	snprintf(p, sizeof(p), "%s/proc", root);
	udrv_set_proc_root(p);
	put("proc/self/mountinfo", "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
				   "36 22 259:0 / /mnt/data rw - ext4 /dev/nvme0n1 rw\n");
	put("proc/swaps", "Filename Type Size Used Priority\n/dev/nvme1n1p2 partition 1 0 -2\n");
	device("0000:00:0a.0", "0x010802\n", "nvme", 10);
	block(DEV "0000:00:0a.0/nvme/nvme0/nvme0n1", "259:0\n");
	ret = udrv_bind("00:0a.0", "vfio-pci", &e);
	ok(ret == -EBUSY && strstr(e.msg, "disk nvme0n1 is mounted at /mnt/data"),
	   "a controller whose disk is mounted: %s", e.msg);
	device("0000:00:0b.0", "0x010802\n", "nvme", 11);
	block(DEV "0000:00:0b.0/nvme/nvme1/nvme1n1", "259:1\n");
	block(DEV "0000:00:0b.0/nvme/nvme1/nvme1n1/nvme1n1p2", "259:3\n");
	ret = udrv_bind("00:0b.0", "vfio-pci", &e);
	ok(ret == -EBUSY && strstr(e.msg, "disk nvme1n1p2 is in use as swap"),
	   "a partition used as swap: %s", e.msg);
	device("0000:00:0c.0", "0x010601\n", "ahci", 12);
	block(DEV "0000:00:0c.0/ata1/host0/target0:0:0/0:0:0:0/block/sdb", "8:16\n");
	mkdirs(DEV "0000:00:0c.0/ata1/host0/target0:0:0/0:0:0:0/block/sdb/holders/dm-0");
	ret = udrv_bind("00:0c.0", "vfio-pci", &e);
	ok(ret == -EBUSY && strstr(e.msg, "disk sdb is held by dm-0"),
	   "a disk under device mapper: %s", e.msg);
	/* NVMe multipath: the mounted disk is the subsystem's head, not below the
	 * controller (which has only the hidden per-path disk). */
	put("proc/self/mountinfo", "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
				   "37 22 259:9 / /mnt/mp rw - ext4 /dev/nvme4n1 rw\n");
	device("0000:00:0e.0", "0x010802\n", "nvme", 14);
	block(DEV "0000:00:0e.0/nvme/nvme4/nvme4c4n1", "259:8\n");
	mkdirs("devices/virtual/nvme-subsystem/nvme-subsys4");
	mkdirs("class/nvme-subsystem");
	link_to("devices/virtual/nvme-subsystem/nvme-subsys4", "class/nvme-subsystem/nvme-subsys4");
	link_to(DEV "0000:00:0e.0/nvme/nvme4", "devices/virtual/nvme-subsystem/nvme-subsys4/nvme4");
	block("devices/virtual/nvme-subsystem/nvme-subsys4/nvme4n1", "259:9\n");
	ret = udrv_bind("00:0e.0", "vfio-pci", &e);
	ok(ret == -EBUSY && strstr(e.msg, "disk nvme4n1 is mounted at /mnt/mp"),
	   "NVMe multipath: the subsystem's head device is mounted: %s", e.msg);
	/* Unused disks, and an override of the admin's own: tried, then
	 * rolled back (vfio-pci never takes it here) to that override. */
	device("0000:00:0d.0", "0x010802\n", "nvme", 13);
	block(DEV "0000:00:0d.0/nvme/nvme2/nvme2n1", "259:5\n");
	put(DEV "0000:00:0d.0/driver_override", "nvme\n");
	ret = udrv_bind("00:0d.0", "vfio-pci", &e);
	ok(ret == -EIO && strstr(e.msg, "did not take") && strstr(e.msg, "back with nvme"),
	   "a disk nobody uses does not stop binding: %s", e.msg);
	get(DEV "0000:00:0d.0/driver_override", val, sizeof(val));
	ok(!strcmp(val, "nvme"), "the rollback restores the old driver_override (%s)", val);
	udrv_set_proc_root(NULL);
}

static void test_open_refusals(void)
{
	struct udrv_vfio_dev *d = NULL;
	struct udrv_uio *u = NULL;
	struct udrv_err e;
	int ret;

	ret = udrv_vfio_open("00:04.0", UDRV_VFIO_AUTO, &d, &e);
	ok(ret == -ENODEV && !d && strstr(e.msg, "IOMMU"), "VFIO open without IOMMU: %s", e.msg);
	ret = udrv_vfio_open("00:05.0", UDRV_VFIO_AUTO, &d, &e);
	ok(ret == -EBUSY && !d && strstr(e.msg, "not bound to any driver"), "VFIO open of an unbound device: %s", e.msg);
	ret = udrv_vfio_open("00:03.0", UDRV_VFIO_GROUP, &d, &e);
	ok(ret == -EBUSY && strstr(e.msg, "uvmm devices bind 0000:00:03.0"), "VFIO open of a host-driven device: %s", e.msg);
	ret = udrv_uio_open("00:03.0", &u, &e);
	ok(ret == -EBUSY && !u && strstr(e.msg, "uio_pci_generic"), "UIO open of a host-driven device: %s", e.msg);
	ret = udrv_vfio_open("00:08.0", UDRV_VFIO_CDEV, &d, &e);
	ok(ret == -ENOTSUP && strstr(e.msg, "CONFIG_VFIO_DEVICE_CDEV"), "cdev asked, none there: %s", e.msg);
}

/* Which parts of a region can be mapped: all of it, or its sparse areas. */
static void test_mmappable(void)
{
	struct udrv_region r = { .size = 0x4000, .flags = UDRV_REGION_MMAP };

	ok(udrv_region_mmappable(&r, 0, 0x4000), "a whole mmappable region");
	ok(!udrv_region_mmappable(&r, 0x3000, 0x2000), "not past its end");
	ok(!udrv_region_mmappable(&r, ~0ULL, 2), "nor with an offset that wraps");
	r.nr_sparse = 2;
	r.sparse[0].offset = 0;
	r.sparse[0].size = 0x1000;
	r.sparse[1].offset = 0x2000;
	r.sparse[1].size = 0x2000;
	ok(udrv_region_mmappable(&r, 0x2000, 0x2000) && udrv_region_mmappable(&r, 0x800, 4),
	   "inside one sparse area");
	ok(!udrv_region_mmappable(&r, 0x1000, 4) && !udrv_region_mmappable(&r, 0, 0x3000),
	   "not in the hole (an MSI-X table), nor across it");
	r.flags = 0;
	ok(!udrv_region_mmappable(&r, 0, 4), "nothing when the region cannot be mmapped");
}

static void test_real_bus(void)
{
	struct udrv_pci_info *list;
	struct udrv_err e;
	size_t n, consistent = 0;
	int ret;

	udrv_set_sysfs_root(NULL);
	ret = udrv_pci_list(&list, &n, &e);
	ok(ret == 0, "this machine's bus: %zu devices%s%s", n, ret ? ": " : "", ret ? e.msg : "");
	for (size_t i = 0; ret == 0 && i < n; i++)
		consistent += list[i].assignable == (list[i].iommu_group >= 0 && !list[i].is_bridge &&
						     !list[i].why_not[0]) ||
			      (!list[i].assignable && list[i].why_not[0]);
	ok(ret == 0 && consistent == n, "every device is either assignable or says why not");
	if (ret == 0)
		free(list);
}

int main(void)
{
	char cmd[PATH_MAX + 16];

	snprintf(root, sizeof(root), "%s/udrivers-unit.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(root))
		bail_out("cannot create a temporary directory");
	udrv_set_sysfs_root(root);
	test_bdf();
	test_discovery();
	test_bind();
	test_disks();
	test_open_refusals();
	test_mmappable();
	test_real_bus();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd))
		diag("could not remove %s", root);
	return done_testing();
}
