// SPDX-License-Identifier: GPL-2.0
/* Binding through driver_override + drivers_probe, with rollback. */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bind.h"
#include "disk_use.h"
#include "pci_info.h"
#include "sysfs.h"

/* What driver_override said before uvmm touched it ("" for nothing). */
static void old_override(const char *bdf, char *buf, size_t len)
{
	char path[PATH_MAX];

	udrv_pci_path(path, sizeof(path), bdf, "driver_override");
	if (udrv_sysfs_read(path, buf, len) < 0 || !strcmp(buf, "(null)"))
		buf[0] = '\0';
}

static int set_override(const char *bdf, const char *driver)
{
	char path[PATH_MAX];

	udrv_pci_path(path, sizeof(path), bdf, "driver_override");
	/* A lone newline clears the override. */
	return udrv_sysfs_write(path, *driver ? driver : "\n");
}

static int unbind_current(const char *bdf, const char *driver)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/bus/pci/drivers/%s/unbind", udrv_sysfs_root(), driver);
	return udrv_sysfs_write(path, bdf);
}

static void reprobe(const char *bdf)
{
	char path[PATH_MAX];

	/* Fails harmlessly (ENODEV/EINVAL) when no driver wants the device. */
	snprintf(path, sizeof(path), "%s/bus/pci/drivers_probe", udrv_sysfs_root());
	udrv_sysfs_write(path, bdf);
}

static void current_driver(const char *bdf, char *buf, size_t len)
{
	char path[PATH_MAX];

	udrv_pci_path(path, sizeof(path), bdf, "driver");
	udrv_sysfs_link_name(path, buf, len);
}

/* Does /proc/<pid>/fd hold one of the device's nodes open? */
static bool fd_dir_holds(const char *fddir, const char *const *nodes, int nnodes)
{
	char path[PATH_MAX], target[PATH_MAX];
	struct dirent *d;
	bool found = false;
	DIR *dir = opendir(fddir);

	if (!dir)
		return false;
	while (!found && (d = readdir(dir))) {
		ssize_t n;

		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", fddir, d->d_name);
		n = readlink(path, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		for (int i = 0; i < nnodes; i++)
			if (nodes[i][0] && !strcmp(target, nodes[i]))
				found = true;
	}
	closedir(dir);
	return found;
}

pid_t udrv_device_user(const char *bdf, char *comm, size_t len)
{
	char path[PATH_MAX], name[64], group[64] = "", cdev[128] = "", uio[128] = "";
	const char *nodes[3] = { group, cdev, uio };
	struct dirent *d;
	pid_t found = 0;
	DIR *dir;

	comm[0] = '\0';
	udrv_pci_path(path, sizeof(path), bdf, "iommu_group");
	if (udrv_sysfs_link_name(path, name, sizeof(name)) == 0)
		snprintf(group, sizeof(group), "/dev/vfio/%s", name);
	udrv_pci_path(path, sizeof(path), bdf, "vfio-dev");
	if ((dir = opendir(path))) {
		while ((d = readdir(dir)))
			if (!strncmp(d->d_name, "vfio", 4))
				snprintf(cdev, sizeof(cdev), "/dev/vfio/devices/%s", d->d_name);
		closedir(dir);
	}
	udrv_pci_path(path, sizeof(path), bdf, "uio");
	if ((dir = opendir(path))) {
		while ((d = readdir(dir)))
			if (!strncmp(d->d_name, "uio", 3))
				snprintf(uio, sizeof(uio), "/dev/%s", d->d_name);
		closedir(dir);
	}
	if (!group[0] && !cdev[0] && !uio[0])
		return 0;
	dir = opendir("/proc");
	if (!dir)
		return 0;
	while (!found && (d = readdir(dir))) {
		pid_t pid = atoi(d->d_name);

		if (pid <= 0 || pid == getpid())
			continue;
		snprintf(path, sizeof(path), "/proc/%d/fd", pid);
		if (fd_dir_holds(path, nodes, 3)) {
			found = pid;
			snprintf(path, sizeof(path), "/proc/%d/comm", pid);
			if (udrv_sysfs_read(path, comm, len) < 0)
				snprintf(comm, len, "?");
		}
	}
	closedir(dir);
	return found;
}

int udrv_bind(const char *bdf_in, const char *driver, struct udrv_err *e)
{
	struct udrv_pci_info info;
	char path[PATH_MAX], now[64], before[64], disk[64], use[PATH_MAX + 16];
	struct stat st;
	int ret;

	ret = udrv_pci_get(bdf_in, &info, e);
	if (ret)
		return ret;
	if (strcmp(driver, "vfio-pci") && strcmp(driver, "uio_pci_generic"))
		return udrv_fail(e, EINVAL, "cannot bind to '%s': udrivers binds to vfio-pci or uio_pci_generic", driver);
	if (!strcmp(info.driver, driver))
		return 0;
	if (info.is_bridge)
		return udrv_fail(e, EINVAL, "%s is %s", info.bdf, "a PCI bridge: bridges stay with the host; assign the devices behind it");
	if (!strcmp(driver, "vfio-pci") && info.iommu_group < 0)
		return udrv_fail(e, ENODEV, "%s has %s", info.bdf, info.why_not);
	if (info.netdev_up)
		return udrv_fail(e, EBUSY, "%s is in use by the host: its interface %s (driver %s) is up; bring it down first (ip link set %s down)",
				 info.bdf, info.netdev, info.driver, info.netdev);
	if (udrv_disk_in_use(info.bdf, disk, sizeof(disk), use, sizeof(use)))
		return udrv_fail(e, EBUSY, "%s is in use by the host: its disk %s is %s (driver %s)",
				 info.bdf, disk, use, info.driver);
	snprintf(path, sizeof(path), "%s/bus/pci/drivers/%s", udrv_sysfs_root(), driver);
	if (stat(path, &st) < 0)
		return udrv_fail(e, ENOENT, "the %s driver is not loaded: modprobe %s", driver, driver);
	udrv_pci_path(path, sizeof(path), info.bdf, "driver_override");
	if (access(path, W_OK) < 0)
		return udrv_fail(e, errno, "cannot write %s: %s (binding needs root)", path, strerror(errno));

	old_override(info.bdf, before, sizeof(before));
	ret = set_override(info.bdf, driver);
	if (ret)
		return udrv_fail(e, -ret, "cannot set driver_override of %s: %s", info.bdf, strerror(-ret));
	if (info.driver[0]) {
		ret = unbind_current(info.bdf, info.driver);
		if (ret) {
			set_override(info.bdf, before);
			return udrv_fail(e, -ret, "cannot unbind %s from %s: %s", info.bdf, info.driver, strerror(-ret));
		}
	}
	reprobe(info.bdf);
	current_driver(info.bdf, now, sizeof(now));
	if (strcmp(now, driver)) {
		/* Roll back: the override as it was, the old driver probed again. */
		set_override(info.bdf, before);
		if (now[0])
			unbind_current(info.bdf, now);
		reprobe(info.bdf);
		current_driver(info.bdf, now, sizeof(now));
		if (strcmp(now, info.driver))
			return udrv_fail(e, EIO, "%s did not take %s, and %s did not take it back (see dmesg)",
					 driver, info.bdf, info.driver[0] ? info.driver : "no driver");
		return udrv_fail(e, EIO, "%s did not take %s (see dmesg); it is back with %s",
				 driver, info.bdf, now[0] ? now : "no driver, as before");
	}
	return 0;
}

int udrv_unbind(const char *bdf_in, char *newdrv, size_t len, struct udrv_err *e)
{
	struct udrv_pci_info info;
	char comm[64];
	pid_t user;
	int ret;

	ret = udrv_pci_get(bdf_in, &info, e);
	if (ret)
		return ret;
	if (info.driver[0] && strcmp(info.driver, "vfio-pci") && strcmp(info.driver, "uio_pci_generic"))
		return udrv_fail(e, EINVAL, "%s is bound to %s, not to vfio-pci or uio_pci_generic: nothing to give back",
				 info.bdf, info.driver);
	user = udrv_device_user(info.bdf, comm, sizeof(comm));
	if (user)
		return udrv_fail(e, EBUSY, "%s is in use by process %d (%s); stop it first", info.bdf, (int)user, comm);
	ret = set_override(info.bdf, "");
	if (ret)
		return udrv_fail(e, -ret, "cannot clear driver_override of %s: %s%s", info.bdf, strerror(-ret),
				 ret == -EACCES ? " (unbinding needs root)" : "");
	if (info.driver[0]) {
		ret = unbind_current(info.bdf, info.driver);
		if (ret)
			return udrv_fail(e, -ret, "cannot unbind %s from %s: %s", info.bdf, info.driver, strerror(-ret));
	}
	reprobe(info.bdf);
	if (newdrv)
		current_driver(info.bdf, newdrv, len);
	return 0;
}
