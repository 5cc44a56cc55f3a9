// SPDX-License-Identifier: GPL-2.0
/*
 * Is a storage controller's disk in use by the host? A device whose block
 * devices (or their partitions) carry a mounted file system, serve as
 * swap, or sit under another block device (device mapper, md) must not
 * be taken from its driver: the host would lose a file system it uses.
 * Block devices are found by walking the PCI device's sysfs directory
 * (real directories only, a few levels down) for entries whose
 * subsystem is "block"; their dev numbers are looked up in mountinfo.
 * An NVMe controller of a multipath subsystem has its disks elsewhere:
 * the host uses the subsystem's head devices (/sys/class/nvme-subsystem/
 * nvme-subsysN/nvmeXnY), not the hidden per-path ones below the
 * controller, so those are walked too.
 */
#include <dirent.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "disk_use.h"
#include "sysfs.h"

#define MAX_DEPTH 8

static char proc_root[PATH_MAX] = "/proc";

void udrv_set_proc_root(const char *root)
{
	snprintf(proc_root, sizeof(proc_root), "%s", root ? root : "/proc");
}

/* The mount point of a file system on device maj:min, if one is mounted. */
static bool mounted(const char *majmin, char *where, size_t len)
{
	char path[PATH_MAX], line[4096], id[64], point[PATH_MAX];
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "%s/self/mountinfo", proc_root);
	f = fopen(path, "re");
	while (f && !found && fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %*s %63s %*s %4095s", id, point) == 2 && !strcmp(id, majmin)) {
			snprintf(where, len, "mounted at %s", point);
			found = true;
		}
	if (f)
		fclose(f);
	return found;
}

static bool swap(const char *name, char *what, size_t len)
{
	char path[PATH_MAX], line[4096], dev[PATH_MAX], want[300];
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "%s/swaps", proc_root);
	snprintf(want, sizeof(want), "/dev/%s", name);
	f = fopen(path, "re");
	while (f && !found && fgets(line, sizeof(line), f))
		if (sscanf(line, "%4095s", dev) == 1 && !strcmp(dev, want)) {
			snprintf(what, len, "in use as swap");
			found = true;
		}
	if (f)
		fclose(f);
	return found;
}

/* Another block device on top of it (its holders/ directory). */
static bool held(const char *dir, char *what, size_t len)
{
	char path[PATH_MAX];
	struct dirent *d;
	bool found = false;
	DIR *h;

	snprintf(path, sizeof(path), "%s/holders", dir);
	h = opendir(path);
	while (h && !found && (d = readdir(h)))
		if (d->d_name[0] != '.') {
			snprintf(what, len, "held by %s", d->d_name);
			found = true;
		}
	if (h)
		closedir(h);
	return found;
}

/* dir is a block device if its subsystem link ends in "/block". */
static bool is_block(const char *dir)
{
	char path[PATH_MAX], sub[64];

	snprintf(path, sizeof(path), "%s/subsystem", dir);
	return udrv_sysfs_link_name(path, sub, sizeof(sub)) == 0 && !strcmp(sub, "block");
}

static bool walk(const char *dir, const char *name, int depth, char *disk, size_t disklen,
		 char *what, size_t len)
{
	char path[PATH_MAX], majmin[64];
	struct dirent *d;
	bool found = false;
	DIR *dh;

	if (is_block(dir)) {
		snprintf(path, sizeof(path), "%s/dev", dir);
		if ((udrv_sysfs_read(path, majmin, sizeof(majmin)) == 0 &&
		     mounted(majmin, what, len)) || swap(name, what, len) || held(dir, what, len)) {
			snprintf(disk, disklen, "%s", name);
			return true;
		}
	}
	if (depth == MAX_DEPTH || !(dh = opendir(dir)))
		return false;
	while (!found && (d = readdir(dh))) {
		struct stat st;

		if (d->d_name[0] == '.' || !strcmp(d->d_name, "subsystem") ||
		    !strcmp(d->d_name, "holders") || !strcmp(d->d_name, "slaves"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		/* sysfs links lead all over the tree: real directories only. */
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			found = walk(path, d->d_name, depth + 1, disk, disklen, what, len);
	}
	closedir(dh);
	return found;
}

/* The NVMe subsystem that holds controller ctrl (an entry of its name), if any. */
static bool nvme_subsystem_of(const char *ctrl, char *subsys, size_t len)
{
	char dir[PATH_MAX], path[PATH_MAX];
	struct dirent *d;
	bool found = false;
	struct stat st;
	DIR *dh;

	snprintf(dir, sizeof(dir), "%s/class/nvme-subsystem", udrv_sysfs_root());
	dh = opendir(dir);
	while (dh && !found && (d = readdir(dh))) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/%s", dir, d->d_name, ctrl);
		if (lstat(path, &st) == 0) {
			snprintf(subsys, len, "%s/%s", dir, d->d_name);
			found = true;
		}
	}
	if (dh)
		closedir(dh);
	return found;
}

/* The heads of the multipath subsystems of the device's NVMe controllers. */
static bool nvme_heads_in_use(const char *dev_dir, char *disk, size_t disklen, char *what,
			      size_t len)
{
	char dir[PATH_MAX], subsys[PATH_MAX];
	struct dirent *d;
	bool found = false;
	DIR *dh;

	snprintf(dir, sizeof(dir), "%s/nvme", dev_dir);
	dh = opendir(dir);
	while (dh && !found && (d = readdir(dh)))
		if (d->d_name[0] != '.' && nvme_subsystem_of(d->d_name, subsys, sizeof(subsys)))
			found = walk(subsys, d->d_name, 1, disk, disklen, what, len);
	if (dh)
		closedir(dh);
	return found;
}

bool udrv_disk_in_use(const char *bdf, char *disk, size_t disklen, char *what, size_t len)
{
	char dir[PATH_MAX];

	udrv_pci_path(dir, sizeof(dir), bdf, "");
	disk[0] = what[0] = '\0';
	return walk(dir, bdf, 0, disk, disklen, what, len) ||
	       nvme_heads_in_use(dir, disk, disklen, what, len);
}
