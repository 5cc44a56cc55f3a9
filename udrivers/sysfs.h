/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small sysfs helpers. The root is /sys unless a test points it at a fake
 * tree, so discovery and binding logic can be unit-tested without hardware.
 */
#ifndef UDRIVERS_SYSFS_H
#define UDRIVERS_SYSFS_H

#include <stddef.h>

void udrv_set_sysfs_root(const char *root);	/* NULL restores /sys */
const char *udrv_sysfs_root(void);

/* Path of /sys/bus/pci/devices/<bdf>/<attr> (attr may be ""). */
int udrv_pci_path(char *buf, size_t len, const char *bdf, const char *attr);

/* Read a whole small attribute, trailing newline stripped; -errno on failure. */
int udrv_sysfs_read(const char *path, char *buf, size_t len);
/* Write a string to an attribute in one write(); -errno on failure. */
int udrv_sysfs_write(const char *path, const char *val);
/* Last component of a symlink's target ("" and -errno if it is missing). */
int udrv_sysfs_link_name(const char *path, char *buf, size_t len);

#endif
