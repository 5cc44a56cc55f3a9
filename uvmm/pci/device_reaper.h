/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A host device that uvmm took from its driver must go back to it however
 * uvmm ends, SIGKILL included. The kernel already does the rest when uvmm's
 * descriptors close (VFIO resets the device, unmaps its DMA, frees its
 * interrupts); rebinding the driver is ours. A small child, started before
 * the device is opened (so it holds none of its descriptors or mappings),
 * waits on a pipe only uvmm holds: end of file without uvmm's "done" means
 * uvmm died, and the child gives the device back.
 */
#ifndef UVMM_PCI_DEVICE_REAPER_H
#define UVMM_PCI_DEVICE_REAPER_H

#include <stddef.h>
#include <sys/types.h>

struct device_reaper {
	int fd;			/* write end of the pipe; -1: none */
	pid_t pid;		/* the child; 0: not running */
};

/* Watch bdf; -1 with a one-line message in err. */
int device_reaper_start(struct device_reaper *r, const char *bdf, char *err, size_t errlen);
/* uvmm never took the device after all: end the child. */
void device_reaper_stop(struct device_reaper *r);
/*
 * uvmm is done with the device (its descriptors closed): the child gives
 * it back now, and is waited for. The child says why if it cannot; uvmm's
 * own threads are jailed by then and could not write sysfs.
 */
void device_reaper_give_back(struct device_reaper *r);

#endif
