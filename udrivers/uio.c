// SPDX-License-Identifier: GPL-2.0
/* The UIO (uio_pci_generic) fallback: INTx and BARs, no DMA. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/pci_regs.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pci_info.h"
#include "sysfs.h"
#include "uio.h"

struct udrv_uio {
	char bdf[UDRV_BDF_LEN];
	int uio_fd, cfg_fd;
	void *bar_addr[6];
	size_t bar_len[6];
};

int udrv_uio_open(const char *bdf_in, struct udrv_uio **out, struct udrv_err *e)
{
	struct udrv_pci_info info;
	char path[PATH_MAX], node[64] = "";
	struct udrv_uio *u;
	struct dirent *d;
	DIR *dir;
	int ret;

	*out = NULL;
	ret = udrv_pci_get(bdf_in, &info, e);
	if (ret)
		return ret;
	if (strcmp(info.driver, "uio_pci_generic"))
		return udrv_fail(e, EBUSY, "%s is %s%s, not to uio_pci_generic: bind it first (udrv_bind(\"%s\", \"uio_pci_generic\"))",
				 info.bdf, info.driver[0] ? "bound to " : "not bound to any driver",
				 info.driver, info.bdf);
	udrv_pci_path(path, sizeof(path), info.bdf, "uio");
	if ((dir = opendir(path))) {
		while ((d = readdir(dir)))
			if (!strncmp(d->d_name, "uio", 3))
				snprintf(node, sizeof(node), "/dev/%s", d->d_name);
		closedir(dir);
	}
	if (!node[0])
		return udrv_fail(e, ENODEV, "%s has no uio node although uio_pci_generic holds it", info.bdf);
	u = calloc(1, sizeof(*u));
	if (!u)
		return udrv_fail(e, ENOMEM, "out of memory");
	snprintf(u->bdf, sizeof(u->bdf), "%s", info.bdf);
	u->cfg_fd = -1;
	u->uio_fd = open(node, O_RDWR | O_CLOEXEC);
	if (u->uio_fd < 0) {
		ret = udrv_fail(e, errno, "cannot open %s: %s%s", node, strerror(errno),
				errno == EACCES ? " (run as root or chown the node)" : "");
		free(u);
		return ret;
	}
	udrv_pci_path(path, sizeof(path), info.bdf, "config");
	u->cfg_fd = open(path, O_RDWR | O_CLOEXEC);
	if (u->cfg_fd < 0) {
		ret = udrv_fail(e, errno, "cannot open %s: %s", path, strerror(errno));
		udrv_uio_close(u);
		return ret;
	}
	*out = u;
	return 0;
}

void udrv_uio_close(struct udrv_uio *u)
{
	if (!u)
		return;
	for (int i = 0; i < 6; i++)
		if (u->bar_addr[i])
			munmap(u->bar_addr[i], u->bar_len[i]);
	if (u->cfg_fd >= 0)
		close(u->cfg_fd);
	if (u->uio_fd >= 0)
		close(u->uio_fd);
	free(u);
}

int udrv_uio_cfg_read(struct udrv_uio *u, unsigned int off, void *buf, size_t len, struct udrv_err *e)
{
	ssize_t n = pread(u->cfg_fd, buf, len, off);

	return n == (ssize_t)len ? 0 : udrv_fail(e, n < 0 ? errno : EIO, "config read of %s at %#x failed", u->bdf, off);
}

int udrv_uio_cfg_write(struct udrv_uio *u, unsigned int off, const void *buf, size_t len,
		       struct udrv_err *e)
{
	ssize_t n = pwrite(u->cfg_fd, buf, len, off);

	return n == (ssize_t)len ? 0 : udrv_fail(e, n < 0 ? errno : EIO, "config write of %s at %#x failed", u->bdf, off);
}

int udrv_uio_map_bar(struct udrv_uio *u, unsigned int bar, void **addr, size_t *len, struct udrv_err *e)
{
	char path[PATH_MAX], attr[16];
	struct stat st;
	void *p;
	int fd;

	if (bar > 5)
		return udrv_fail(e, EINVAL, "BAR %u does not exist (0..5)", bar);
	if (!u->bar_addr[bar]) {
		snprintf(attr, sizeof(attr), "resource%u", bar);
		udrv_pci_path(path, sizeof(path), u->bdf, attr);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			return udrv_fail(e, errno, "BAR %u of %s cannot be mapped (%s: %s)", bar, u->bdf, path,
					 strerror(errno));
		if (fstat(fd, &st) < 0 || st.st_size == 0) {
			close(fd);
			return udrv_fail(e, ENODEV, "BAR %u of %s is empty", bar, u->bdf);
		}
		p = mmap(NULL, st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		close(fd);
		if (p == MAP_FAILED)
			return udrv_fail(e, errno, "mmap of BAR %u of %s: %s", bar, u->bdf, strerror(errno));
		u->bar_addr[bar] = p;
		u->bar_len[bar] = st.st_size;
	}
	*addr = u->bar_addr[bar];
	*len = u->bar_len[bar];
	return 0;
}

int udrv_uio_irq_fd(struct udrv_uio *u)
{
	return u->uio_fd;
}

int udrv_uio_irq_unmask(struct udrv_uio *u, struct udrv_err *e)
{
	uint16_t cmd;
	int ret;

	/* uio_pci_generic has no irqcontrol: its handler masks INTx with the
	 * command register's Interrupt Disable bit, and user space clears it. */
	ret = udrv_uio_cfg_read(u, PCI_COMMAND, &cmd, sizeof(cmd), e);
	if (ret)
		return ret;
	cmd &= ~PCI_COMMAND_INTX_DISABLE;
	return udrv_uio_cfg_write(u, PCI_COMMAND, &cmd, sizeof(cmd), e);
}

int64_t udrv_uio_irq_wait(struct udrv_uio *u, int timeout_ms)
{
	struct pollfd p = { .fd = u->uio_fd, .events = POLLIN };
	uint32_t count;

	if (poll(&p, 1, timeout_ms) <= 0)
		return 0;
	if (read(u->uio_fd, &count, sizeof(count)) != sizeof(count))
		return 0;
	return count;
}
