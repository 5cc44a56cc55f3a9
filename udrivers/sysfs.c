// SPDX-License-Identifier: GPL-2.0
/* sysfs attribute helpers, rooted at a replaceable directory for tests. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sysfs.h"

static char sysfs_root[PATH_MAX] = "/sys";

void udrv_set_sysfs_root(const char *root)
{
	snprintf(sysfs_root, sizeof(sysfs_root), "%s", root ? root : "/sys");
}

const char *udrv_sysfs_root(void)
{
	return sysfs_root;
}

int udrv_pci_path(char *buf, size_t len, const char *bdf, const char *attr)
{
	int n = snprintf(buf, len, "%s/bus/pci/devices/%s%s%s", sysfs_root, bdf,
			 *attr ? "/" : "", attr);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int udrv_sysfs_read(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	close(fd);
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return 0;
}

int udrv_sysfs_write(const char *path, const char *val)
{
	/* O_TRUNC as a shell's "echo >" does: sysfs ignores it, plain files
	 * (the unit tests' fake tree) need it. */
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	size_t len = strlen(val);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, val, len);
	if (n < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	close(fd);
	return (size_t)n == len ? 0 : -EIO;
}

int udrv_sysfs_link_name(const char *path, char *buf, size_t len)
{
	char target[PATH_MAX];
	ssize_t n = readlink(path, target, sizeof(target) - 1);
	const char *slash;

	buf[0] = '\0';
	if (n < 0)
		return -errno;
	target[n] = '\0';
	slash = strrchr(target, '/');
	snprintf(buf, len, "%s", slash ? slash + 1 : target);
	return 0;
}
