/* SPDX-License-Identifier: GPL-2.0 */
/* Whether a storage controller's disks are in use by the host (disk_use.c). */
#ifndef UDRIVERS_DISK_USE_H
#define UDRIVERS_DISK_USE_H

#include <stdbool.h>
#include <stddef.h>

/* /proc unless a test points it at a fake tree (NULL restores /proc). */
void udrv_set_proc_root(const char *root);

/*
 * True if a block device under PCI device bdf (or a partition of one) is
 * mounted, swap, or held by another block device: its name in disk and
 * how it is used ("mounted at /mnt") in what.
 */
bool udrv_disk_in_use(const char *bdf, char *disk, size_t disklen, char *what, size_t len);

#endif
