// SPDX-License-Identifier: GPL-2.0
/* Mounts, console and loopback for the benchmark /init. */
#include "init-setup.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

static void try_mount(const char *src, const char *dir, const char *type,
		      unsigned long flags, const char *data)
{
	mkdir(dir, 0755);
	/* EBUSY: the kernel mounted it already (devtmpfs automount). */
	if (mount(src, dir, type, flags, data) && errno != EBUSY)
		printf("error: bench-init: mount %s on %s: %s\n", type, dir,
		       strerror(errno));
}

void setup_console_and_mounts(void)
{
	try_mount("proc", "/proc", "proc", 0, NULL);
	try_mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	try_mount("tmpfs", "/tmp", "tmpfs", 0, "mode=1777");
	/* The kernel gives init the console if /dev/console existed. */
	if (fcntl(1, F_GETFD) < 0) {
		int fd = open("/dev/console", O_RDWR);

		if (fd >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
			if (fd > 2)
				close(fd);
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
}

void setup_loopback(void)
{
	struct ifreq ifr;
	int s = socket(AF_INET, SOCK_DGRAM, 0);

	if (s < 0) {
		printf("error: bench-init: no inet socket: %s\n", strerror(errno));
		return;
	}
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(s, SIOCSIFFLAGS, &ifr))
			printf("error: bench-init: lo up: %s\n", strerror(errno));
	} else {
		printf("error: bench-init: no lo: %s\n", strerror(errno));
	}
	close(s);
}

int setup_host_root(const struct bench_cmdline *c)
{
	mkdir(HOST_ROOT_MOUNT, 0755);
	/* hostfs takes the host path as data; a share (virtiofs) as source. */
	if (strcmp(c->hostfs, "hostfs") == 0
	    ? mount("none", HOST_ROOT_MOUNT, "hostfs", MS_RDONLY, c->hostroot)
	    : mount(c->hostroot, HOST_ROOT_MOUNT, c->hostfs, MS_RDONLY, NULL))
		return -1;
	/* Guest-side mounts over the read-only host tree; the host sees none. */
	if (mount("tmpfs", HOST_ROOT_MOUNT "/tmp", "tmpfs", 0, "mode=1777") ||
	    mount("proc", HOST_ROOT_MOUNT "/proc", "proc", 0, NULL) ||
	    mount("devtmpfs", HOST_ROOT_MOUNT "/dev", "devtmpfs", 0, NULL))
		return -1;
	return 0;
}
