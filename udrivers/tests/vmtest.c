// SPDX-License-Identifier: GPL-2.0
/*
 * udrivers-vmtest: the udrivers tests that need real (emulated) hardware,
 * run inside the tests/hostvm test bed on its two e1000e NICs. TAP.
 *
 *   udrivers-vmtest --mode group|cdev A B [--uvmm PATH] [--nonviable BDF] [--example PATH]
 *   udrivers-vmtest --no-iommu A        (test bed booted with --no-iommu)
 */
#include <errno.h>
#include <dirent.h>
#include <getopt.h>
#include <linux/vfio.h>
#include <linux/pci_regs.h>
#include <net/if.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "e1000e_traffic.h"
#include "tap.h"
#include "udrivers.h"

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n - 1;	/* the DIR's own fd */
}

static void driver_of(const char *bdf, char *buf, size_t len)
{
	struct udrv_pci_info info;

	buf[0] = '\0';
	if (udrv_pci_get(bdf, &info, NULL) == 0)
		snprintf(buf, len, "%s", info.driver);
}

static bool has(const char *s, const char *needle)
{
	return strstr(s, needle) != NULL;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static int set_link(const char *ifname, bool up)
{
	struct ifreq ifr = { 0 };
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), ret;

	if (s < 0)
		return -errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ret = ioctl(s, SIOCGIFFLAGS, &ifr);
	if (!ret) {
		ifr.ifr_flags = up ? ifr.ifr_flags | IFF_UP : ifr.ifr_flags & ~IFF_UP;
		ret = ioctl(s, SIOCSIFFLAGS, &ifr);
	}
	close(s);
	return ret;
}

/* Run a shell command, capture its combined output; returns its exit status. */
static int run_cmd(const char *cmd, char *out, size_t len)
{
	char full[1024];
	FILE *p;
	size_t n;
	int st;

	snprintf(full, sizeof(full), "%s 2>&1", cmd);
	p = popen(full, "r");
	if (!p)
		return -1;
	n = fread(out, 1, len - 1, p);
	out[n] = '\0';
	while (n && out[n - 1] == '\n')
		out[--n] = '\0';
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* ---- interrupts, triggered through the e1000e's Interrupt Cause Set ---- */

static volatile uint8_t *bar0;
#define REG(off) (*(volatile uint32_t *)(bar0 + (off)))

static void test_irqs(struct udrv_vfio_dev *d)
{
	struct udrv_err e;
	int fds[5];
	uint16_t cmd;

	/* MSI and MSI-X are memory writes by the device: bus mastering on. */
	udrv_vfio_cfg_read(d, PCI_COMMAND, &cmd, 2, NULL);
	cmd |= PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	udrv_vfio_cfg_write(d, PCI_COMMAND, &cmd, 2, NULL);
	REG(E1K_IMC) = ~0u;
	(void)REG(E1K_ICR);

	/* INTx: fires, stays masked until unmasked, then fires again. */
	ok(udrv_vfio_irq_enable(d, UDRV_IRQ_INTX, 1, fds, &e) == 0, "INTx enabled as an eventfd");
	REG(E1K_IMS) = E1K_ICR_LSC;
	REG(E1K_ICS) = E1K_ICR_LSC;
	ok(udrv_eventfd_wait(fds[0], 2000) > 0, "INTx fires on an interrupt cause");
	(void)REG(E1K_ICR);		/* deassert */
	REG(E1K_ICS) = E1K_ICR_LSC;	/* asserted again, but masked by VFIO */
	ok(udrv_eventfd_wait(fds[0], 300) == 0, "INTx stays masked until unmasked");
	ok(udrv_vfio_intx_unmask(d, &e) == 0, "INTx unmask");
	ok(udrv_eventfd_wait(fds[0], 2000) > 0, "after unmask the pending INTx fires");
	REG(E1K_IMC) = ~0u;
	(void)REG(E1K_ICR);
	udrv_vfio_intx_unmask(d, NULL);

	/* QEMU 7.2's e1000e aborts if its INTx/MSI throttling timer (armed by
	 * each interrupt, >= 128 us) fires once MSI-X is on, and the reverse:
	 * let it expire before every switch of interrupt kind. */
	sleep_ms(30);

	/* MSI */
	ok(udrv_vfio_irq_enable(d, UDRV_IRQ_MSI, 1, fds, &e) == 0, "MSI enabled (INTx off)");
	REG(E1K_IMS) = E1K_ICR_LSC;
	REG(E1K_ICS) = E1K_ICR_LSC;
	ok(udrv_eventfd_wait(fds[0], 2000) > 0, "MSI fires");
	REG(E1K_IMC) = ~0u;
	(void)REG(E1K_ICR);

	sleep_ms(30);

	/* MSI-X: "other" causes routed to vector 2 through IVAR. */
	ok(udrv_vfio_irq_enable(d, UDRV_IRQ_MSIX, 5, fds, &e) == 0, "MSI-X enabled with 5 vectors");
	REG(E1K_IVAR) = (2u | 8u) << 16;
	REG(E1K_EIAC) = 0;
	REG(E1K_IMS) = E1K_ICR_OTHER | E1K_ICR_LSC;
	REG(E1K_ICS) = E1K_ICR_LSC;
	ok(udrv_eventfd_wait(fds[2], 2000) > 0, "MSI-X vector 2 fires for the cause routed to it");
	ok(udrv_eventfd_wait(fds[0], 100) == 0, "MSI-X vector 0 stays quiet");
	REG(E1K_IMC) = ~0u;
	(void)REG(E1K_ICR);
	sleep_ms(30);	/* QEMU 7.2: let the MSI-X throttling timer expire first */
	ok(udrv_vfio_irq_disable(d, &e) == 0, "interrupts disabled");
	ok(udrv_vfio_irq_enable(d, 9, 1, fds, &e) < 0 && has(e.msg, "not INTx"),
	   "a bogus IRQ index is refused: %s", e.msg);
	ok(udrv_vfio_irq_enable(d, UDRV_IRQ_MSI, 40, fds, &e) < 0 && has(e.msg, "offers"),
	   "too many vectors are refused: %s", e.msg);
}

static void test_regions_dma(struct udrv_vfio_dev *d, enum udrv_vfio_mode want)
{
	struct udrv_region r;
	struct udrv_err e;
	uint16_t ids[2];
	uint32_t status;
	size_t len;
	void *p;

	ok(udrv_vfio_mode_of(d) == want, "opened through %s", udrv_vfio_mode_name(udrv_vfio_mode_of(d)));
	ok(udrv_vfio_num_regions(d) >= 9 && udrv_vfio_num_irqs(d) >= 5,
	   "device info: %u regions, %u IRQ indexes", udrv_vfio_num_regions(d), udrv_vfio_num_irqs(d));
	int ret;

	/* Results first, then ok(): argument evaluation order is unspecified. */
	ret = udrv_vfio_cfg_read(d, 0, ids, 4, &e);
	ok(ret == 0 && ids[0] == 0x8086 && ids[1] == 0x10d3,
	   "config space: vendor %04x device %04x", ids[0], ids[1]);
	ret = udrv_vfio_region(d, UDRV_REGION_BAR0, &r, &e);
	ok(ret == 0 && r.size == 0x20000 && (r.flags & VFIO_REGION_INFO_FLAG_MMAP),
	   "BAR0 region: %#llx bytes, mmappable", (unsigned long long)r.size);
	ret = udrv_vfio_region(d, UDRV_REGION_BAR0 + 3, &r, &e);
	ok(ret == 0 && r.size > 0, "BAR3 (MSI-X table) region: %#llx bytes, %u sparse mmap area(s)",
	   (unsigned long long)r.size, r.nr_sparse);
	ret = udrv_vfio_map_bar(d, 0, &p, &len, &e);
	ok(ret == 0 && len == 0x20000, "BAR0 mmapped (%#zx bytes)", len);
	bar0 = p;
	ret = udrv_vfio_read(d, UDRV_REGION_BAR0, 8, &status, 4, &e);
	ok(ret == 0 && status == REG(8) && status != 0xffffffff,
	   "STATUS read by pread equals STATUS read through the mapping (%#x)", status);
	ok(udrv_vfio_read(d, UDRV_REGION_BAR0, 0x20000, &status, 4, &e) < 0 && has(e.msg, "outside"),
	   "an access past the BAR is refused: %s", e.msg);
	ok(udrv_vfio_region(d, 40, &r, &e) < 0, "a region that does not exist is refused: %s", e.msg);

	/* DMA */
	size_t sz = 1 << 20;
	char *mem = aligned_alloc(4096, sz);

	memset(mem, 0, sz);
	ok(udrv_vfio_dma_map(d, mem + 1, 0x200000, 4096, &e) < 0 && has(e.msg, "page-aligned"),
	   "unaligned DMA map refused: %s", e.msg);
	ok(udrv_vfio_dma_map(d, mem, 0x200000, sz, &e) == 0, "DMA map 1 MiB at IOVA 0x200000");
	ok(udrv_vfio_dma_map(d, mem, 0x200000, sz, &e) < 0, "mapping the same IOVA twice fails: %s", e.msg);
	ok(udrv_vfio_dma_unmap(d, 0x900000, sz, &e) < 0 && has(e.msg, "not mapped"),
	   "unmapping what was never mapped fails: %s", e.msg);
	ok(udrv_vfio_dma_unmap(d, 0x200000, sz, &e) == 0, "DMA unmap");
	ok(udrv_vfio_dma_map(d, mem, 0x400000, sz, &e) == 0, "DMA map again (left for close to undo)");
	free(mem);	/* the pinned pages stay valid until the unmap at close */
}

static void test_reset(struct udrv_vfio_dev *d)
{
	struct udrv_err e;
	uint16_t ids[2] = { 0, 0 };
	int ret;

	REG(E1K_RCTL) = (1u << 15) | (1u << 3);
	ok(REG(E1K_RCTL) == ((1u << 15) | (1u << 3)), "RCTL written through BAR0");
	ok(udrv_vfio_can_reset(d), "the device offers a reset");
	ret = udrv_vfio_reset(d, &e);
	ok(ret == 0, "VFIO device reset%s%s", ret ? ": " : "", ret ? e.msg : "");
	/* The kernel resets the e1000e by a D3hot->D0 cycle (its only method
	 * here); QEMU 7.2's model keeps its registers across that, so all we
	 * can check is that the device answers normally afterwards. */
	diag("RCTL after reset: %#x (QEMU's e1000e ignores PM resets)", REG(E1K_RCTL));
	ret = udrv_vfio_cfg_read(d, 0, ids, 4, &e);
	ok(ret == 0 && ids[0] == 0x8086 && ids[1] == 0x10d3 && REG(E1K_STATUS) != 0xffffffff,
	   "after the reset the device answers (config %04x:%04x, STATUS %#x)", ids[0], ids[1],
	   REG(E1K_STATUS));
}

/* Child: try to open @bdf as nobody; exits 0 if refused with a permission message. */
static int open_as_nobody(const char *bdf, enum udrv_vfio_mode mode)
{
	struct udrv_vfio_dev *d;
	struct udrv_err e;
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
			_exit(3);
		if (udrv_vfio_open(bdf, mode, &d, &e) == 0)
			_exit(1);
		printf("# as nobody: %s\n", e.msg);
		fflush(stdout);
		_exit(has(e.msg, "permission denied") && has(e.msg, "run as root") ? 0 : 2);
	}
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static pid_t hold_open(const char *bdf, enum udrv_vfio_mode mode)
{
	int pfd[2];
	char c;
	pid_t pid;

	if (pipe(pfd))
		return -1;
	pid = fork();
	if (pid == 0) {
		struct udrv_vfio_dev *d;

		close(pfd[0]);
		c = udrv_vfio_open(bdf, mode, &d, NULL) == 0 ? 'y' : 'n';
		if (write(pfd[1], &c, 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(pfd[1]);
	if (read(pfd[0], &c, 1) != 1 || c != 'y') {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		pid = -1;
	}
	close(pfd[0]);
	return pid;
}

static void test_traffic(const char *a, const char *b, enum udrv_vfio_mode mode)
{
	struct e1k na, nb;
	struct e1k_result r;
	struct udrv_err e;

	if (!ok(e1k_open(&na, a, mode, 0x100000000ull, &e) == 0, "example driver opens %s", a)) {
		diag("%s", e.msg);
		return;
	}
	if (!ok(e1k_open(&nb, b, mode, 0x100000000ull, &e) == 0, "example driver opens %s", b)) {
		diag("%s", e.msg);
		e1k_close(&na);
		return;
	}
	diag("MACs %02x:%02x:%02x:%02x:%02x:%02x and %02x:%02x:%02x:%02x:%02x:%02x", na.mac[0], na.mac[1],
	     na.mac[2], na.mac[3], na.mac[4], na.mac[5], nb.mac[0], nb.mac[1], nb.mac[2], nb.mac[3],
	     nb.mac[4], nb.mac[5]);
	for (int pass = 0; pass < 2; pass++) {
		bool msix = pass == 0;
		const char *how = msix ? "MSI-X" : "polling";

		if (!ok(e1k_use_msix(&na, msix, &e) == 0 && e1k_use_msix(&nb, msix, &e) == 0,
			"%s set up on both NICs", how)) {
			diag("%s", e.msg);
			continue;
		}
		if (ok(e1k_bulk(&na, &nb, 2000, &r) == 0, "bulk %s: 2000 frames of 60..1514 bytes arrive, every byte checked", how))
			diag("bulk %s: %.0f frames/s (%u frames in %.3f s)", how, r.per_sec, r.frames, r.seconds);
		else
			diag("%s", r.why);
		if (ok(e1k_pingpong(&na, &nb, 200, &r) == 0, "ping-pong %s: 200 round trips, every byte checked", how))
			diag("ping-pong %s: rtt avg %.1f us, median %.1f us, min %.1f us", how, r.rtt_avg_us,
			     r.rtt_p50_us, r.rtt_min_us);
		if (msix) {
			ok(na.irq_wakeups + nb.irq_wakeups > 0,
			   "MSI-X interrupts woke the driver (%lu times; it slept %lu times, the ring was ready otherwise)",
			   na.irq_wakeups + nb.irq_wakeups, na.irq_sleeps + nb.irq_sleeps);
		}
		else {
			char regs[300];

			diag("%s", r.why);
			e1k_dump(&na, regs, sizeof(regs));
			diag("first NIC: %s", regs);
			e1k_dump(&nb, regs, sizeof(regs));
			diag("second NIC: %s", regs);
		}
	}
	e1k_close(&nb);
	e1k_close(&na);
}

static void test_uvmm(const char *uvmm, const char *a)
{
	char cmd[512], out[8192];
	int st;

	snprintf(cmd, sizeof(cmd), "%s devices", uvmm);
	st = run_cmd(cmd, out, sizeof(out));
	ok(st == 0 && has(out, a) && has(out, "82574L") && has(out, "assignable after bind"),
	   "uvmm devices lists %s as an 82574L that can be assigned", a);
	snprintf(cmd, sizeof(cmd), "%s devices bind 0000:00:1e.7", uvmm);
	st = run_cmd(cmd, out, sizeof(out));
	ok(st == 125 && has(out, "no PCI device"), "uvmm devices bind of a missing BDF: status %d, %s", st,
	   out);
	snprintf(cmd, sizeof(cmd), "%s devices bind %s", uvmm, a);
	st = run_cmd(cmd, out, sizeof(out));
	ok(st == 0 && has(out, "bound to vfio-pci"), "uvmm devices bind %s", a);
	snprintf(cmd, sizeof(cmd), "%s devices", uvmm);
	run_cmd(cmd, out, sizeof(out));
	ok(has(out, "ready (vfio-pci)"), "uvmm devices shows it ready");
}

/* The example program itself, as a user would run it. */
static void test_example(const char *prog, const char *a, const char *b, enum udrv_vfio_mode mode)
{
	char cmd[512], out[4096], *line;
	int st;

	snprintf(cmd, sizeof(cmd), "%s --mode %s --frames 1000 --rounds 100 %s %s", prog,
		 mode == UDRV_VFIO_CDEV ? "cdev" : "group", a, b);
	st = run_cmd(cmd, out, sizeof(out));
	ok(st == 0 && has(out, "bulk (MSI-X): 1000 frames, every byte checked") &&
	   has(out, "bulk (polling): 1000 frames, every byte checked") &&
	   has(out, "ping-pong (MSI-X): 100 round trips") && has(out, "ping-pong (polling): 100 round trips"),
	   "the example e1000e-loop runs (status %d)", st);
	for (line = strtok(out, "\n"); line; line = strtok(NULL, "\n"))
		diag("e1000e-loop: %s", line);
}

static int vfio_tests(enum udrv_vfio_mode mode, const char *a, const char *b, const char *uvmm,
		      const char *nonviable, const char *example)
{
	struct udrv_pci_info *list, info;
	struct udrv_vfio_dev *d;
	struct udrv_err e;
	char drv[64], bdf[UDRV_BDF_LEN], out[4096], cmd[512];
	size_t n;
	int base_fds, found = 0;
	pid_t holder;

	udrv_bdf_parse(a, bdf, NULL);
	a = strdup(bdf);
	udrv_bdf_parse(b, bdf, NULL);
	b = strdup(bdf);

	/* Discovery */
	int ret = udrv_pci_list(&list, &n, &e);

	ok(ret == 0 && n > 2, "libpci lists %zu devices", n);
	for (size_t i = 0; i < n; i++)
		if ((!strcmp(list[i].bdf, a) || !strcmp(list[i].bdf, b)) && list[i].vendor == 0x8086 &&
		    list[i].device == 0x10d3 && has(list[i].device_name, "82574L") &&
		    !strcmp(list[i].driver, "e1000e") && list[i].iommu_group >= 0 && list[i].assignable)
			found++;
	ok(found == 2, "both NICs: 8086:10d3 82574L, bound to e1000e, own IOMMU group, assignable");
	free(list);
	ok(udrv_pci_get("zz:1", &info, &e) == -EINVAL && has(e.msg, "not a PCI address"),
	   "a malformed BDF is refused: %s", e.msg);
	ok(udrv_pci_get("0000:00:1e.7", &info, &e) == -ENODEV && has(e.msg, "no PCI device"),
	   "a BDF that does not exist: %s", e.msg);

	base_fds = count_fds();
	/* Bad input before binding */
	ok(udrv_vfio_open(a, mode, &d, &e) < 0 && has(e.msg, "bound to e1000e") && has(e.msg, "bind"),
	   "opening a device held by a host driver: %s", e.msg);
	udrv_pci_get(a, &info, NULL);
	if (info.netdev[0] && set_link(info.netdev, true) == 0) {
		ok(udrv_bind(a, "vfio-pci", &e) == -EBUSY && has(e.msg, "ip link set"),
		   "binding a NIC whose interface is up: %s", e.msg);
		driver_of(a, drv, sizeof(drv));
		ok(!strcmp(drv, "e1000e"), "and it stays with e1000e");
		set_link(info.netdev, false);
	} else {
		ok(0, "cannot bring %s's interface up to test the in-use refusal", a);
	}

	/* Bind (through uvmm if we have it) */
	if (uvmm)
		test_uvmm(uvmm, a);
	else
		ok(udrv_bind(a, "vfio-pci", &e) == 0, "bind %s to vfio-pci", a);
	ok(udrv_bind(b, "vfio-pci", &e) == 0, "bind %s to vfio-pci", b);
	driver_of(a, drv, sizeof(drv));
	ok(!strcmp(drv, "vfio-pci"), "%s is now with vfio-pci", a);

	/* The proof first: a user-level e1000e driver moving frames. */
	test_traffic(a, b, mode);
	ok(count_fds() == base_fds, "after the example driver no fd is left open");
	{
		char path[256], method[128] = "";

		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/reset_method", a);
		FILE *f = fopen(path, "r");
		if (f) {
			if (!fgets(method, sizeof(method), f))
				method[0] = '\0';
			method[strcspn(method, "\n")] = '\0';
			fclose(f);
		}
		diag("reset methods of %s: %s", a, method);
	}

	/* Automatic choice of the VFIO path */
	if (ok(udrv_vfio_open(a, UDRV_VFIO_AUTO, &d, &e) == 0, "auto open")) {
		ok(udrv_vfio_mode_of(d) == mode, "auto chose %s", udrv_vfio_mode_name(udrv_vfio_mode_of(d)));
		udrv_vfio_close(d);
	} else {
		diag("%s", e.msg);
	}
	if (mode == UDRV_VFIO_GROUP)
		ok(udrv_vfio_open(a, UDRV_VFIO_CDEV, &d, &e) == -ENOTSUP && has(e.msg, "CONFIG_IOMMUFD"),
		   "asking for the cdev on a kernel without it: %s", e.msg);
	ok(open_as_nobody(a, mode) == 0, "opening without permission names the fix");

	if (!ok(udrv_vfio_open(a, mode, &d, &e) == 0, "open %s through %s", a, udrv_vfio_mode_name(mode))) {
		diag("%s", e.msg);
		return done_testing();
	}
	{
		struct udrv_vfio_dev *d2 = NULL;

		ok(udrv_vfio_open(a, mode, &d2, &e) < 0, "a second open of the same device fails: %s", e.msg);
		udrv_vfio_close(d2);
	}
	test_regions_dma(d, mode);
	test_irqs(d);
	test_reset(d);
	udrv_vfio_close(d);
	ok(count_fds() == base_fds, "after close no fd is left open (%d)", count_fds());

	/* Again, after all that (and a device reset). */
	test_traffic(a, b, mode);
	ok(count_fds() == base_fds, "after the example driver no fd is left open");
	if (example)
		test_example(example, a, b, mode);

	/* Giving it back */
	holder = hold_open(a, mode);
	if (ok(holder > 0, "a child process holds %s open", a)) {
		ok(udrv_unbind(a, NULL, 0, &e) == -EBUSY && has(e.msg, "in use by process"),
		   "unbinding a device in use: %s", e.msg);
		if (uvmm) {
			snprintf(cmd, sizeof(cmd), "%s devices unbind %s", uvmm, a);
			ok(run_cmd(cmd, out, sizeof(out)) == 125 && has(out, "in use"),
			   "uvmm devices unbind refuses too: %s", out);
		}
		kill(holder, SIGKILL);
		waitpid(holder, NULL, 0);
	}
	if (uvmm) {
		snprintf(cmd, sizeof(cmd), "%s devices unbind %s", uvmm, a);
		ok(run_cmd(cmd, out, sizeof(out)) == 0 && has(out, "e1000e"), "uvmm devices unbind %s: %s", a,
		   out);
	} else {
		ok(udrv_unbind(a, drv, sizeof(drv), &e) == 0 && !strcmp(drv, "e1000e"), "unbind %s: back with %s", a, drv);
	}
	ok(udrv_unbind(b, drv, sizeof(drv), &e) == 0 && !strcmp(drv, "e1000e"), "unbind %s: back with %s", b, drv);
	ok(udrv_unbind(a, drv, sizeof(drv), &e) < 0 && has(e.msg, "not to vfio-pci"),
	   "unbinding a device held by a host driver: %s", e.msg);

	if (nonviable) {
		udrv_bdf_parse(nonviable, bdf, NULL);
		ok(udrv_bind(bdf, "vfio-pci", &e) == 0, "bind %s, whose group also holds a NIC bound to e1000e", bdf);
		udrv_pci_get(bdf, &info, NULL);
		ok(!info.assignable && has(info.why_not, "not viable"), "discovery says why: %s", info.why_not);
		d = NULL;
		e.msg[0] = '\0';
		ok(udrv_vfio_open(bdf, mode, &d, &e) < 0 && has(e.msg, "not viable") && has(e.msg, "(e1000e)"),
		   "opening it: %s", e.msg);
		udrv_vfio_close(d);	/* if it opened after all, do not leave it open */
		ok(udrv_unbind(bdf, drv, sizeof(drv), &e) == 0 && !strcmp(drv, "e1000e"), "and it goes back to %s", drv);
		ok(count_fds() == base_fds, "nothing left open");
	}
	return done_testing();
}

static int no_iommu_tests(const char *a_in)
{
	struct udrv_pci_info info;
	struct udrv_vfio_dev *d;
	struct udrv_uio *u;
	struct udrv_err e;
	char a[UDRV_BDF_LEN], drv[64];
	uint16_t ids[2], cmd;
	size_t len;
	void *p;
	int base_fds = count_fds();

	udrv_bdf_parse(a_in, a, NULL);
	ok(udrv_pci_get(a, &info, &e) == 0 && info.iommu_group < 0 && !info.assignable &&
	   has(info.why_not, "intel_iommu=on"), "without an IOMMU: %s", info.why_not);
	ok(udrv_bind(a, "vfio-pci", &e) == -ENODEV && has(e.msg, "IOMMU"), "bind to vfio-pci refused: %s", e.msg);
	driver_of(a, drv, sizeof(drv));
	ok(!strcmp(drv, "e1000e"), "the NIC stays with e1000e");
	ok(udrv_vfio_open(a, UDRV_VFIO_AUTO, &d, &e) < 0 && has(e.msg, "IOMMU"), "VFIO open refused: %s", e.msg);
	ok(udrv_uio_open(a, &u, &e) < 0 && has(e.msg, "uio_pci_generic"), "UIO open before binding: %s", e.msg);

	/* The UIO fallback: INTx without DMA. */
	ok(udrv_bind(a, "uio_pci_generic", &e) == 0, "bind to uio_pci_generic");
	if (!ok(udrv_uio_open(a, &u, &e) == 0, "UIO open")) {
		diag("%s", e.msg);
		return done_testing();
	}
	int ret = udrv_uio_cfg_read(u, 0, ids, 4, &e);

	ok(ret == 0 && ids[0] == 0x8086 && ids[1] == 0x10d3, "config space through sysfs: %04x:%04x",
	   ids[0], ids[1]);
	udrv_uio_cfg_read(u, PCI_COMMAND, &cmd, 2, NULL);
	cmd |= PCI_COMMAND_MEMORY;
	udrv_uio_cfg_write(u, PCI_COMMAND, &cmd, 2, NULL);
	ret = udrv_uio_map_bar(u, 0, &p, &len, &e);
	ok(ret == 0 && len == 0x20000, "BAR0 mapped through resource0");
	bar0 = p;
	REG(E1K_IMC) = ~0u;
	(void)REG(E1K_ICR);
	ok(udrv_uio_irq_unmask(u, &e) == 0, "INTx unmasked");
	REG(E1K_IMS) = E1K_ICR_LSC;
	REG(E1K_ICS) = E1K_ICR_LSC;
	ok(udrv_uio_irq_wait(u, 2000) > 0, "INTx arrives through /dev/uio");
	(void)REG(E1K_ICR);
	REG(E1K_ICS) = E1K_ICR_LSC;
	ok(udrv_uio_irq_wait(u, 300) == 0, "masked until unmasked");
	udrv_uio_irq_unmask(u, NULL);
	ok(udrv_uio_irq_wait(u, 2000) > 0, "after unmask it arrives");
	REG(E1K_IMC) = ~0u;
	(void)REG(E1K_ICR);
	udrv_uio_close(u);
	ok(udrv_unbind(a, drv, sizeof(drv), &e) == 0 && !strcmp(drv, "e1000e"), "given back to %s", drv);
	ok(count_fds() == base_fds, "nothing left open");
	return done_testing();
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "mode", required_argument, NULL, 'm' },
		{ "uvmm", required_argument, NULL, 'u' },
		{ "nonviable", required_argument, NULL, 'n' },
		{ "no-iommu", no_argument, NULL, 'i' },
		{ "example", required_argument, NULL, 'x' },
		{ 0 }
	};
	enum udrv_vfio_mode mode = UDRV_VFIO_GROUP;
	const char *uvmm = NULL, *nonviable = NULL, *example = NULL;
	bool no_iommu = false;
	int c;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'm': mode = !strcmp(optarg, "cdev") ? UDRV_VFIO_CDEV : UDRV_VFIO_GROUP; break;
		case 'u': uvmm = optarg; break;
		case 'n': nonviable = optarg; break;
		case 'i': no_iommu = true; break;
		case 'x': example = optarg; break;
		default: return 2;
		}
	}
	if (no_iommu && argc - optind == 1)
		return no_iommu_tests(argv[optind]);
	if (argc - optind != 2) {
		fprintf(stderr, "usage: udrivers-vmtest --mode group|cdev A B [--uvmm PATH] [--nonviable BDF] [--example PATH] | --no-iommu A\n");
		return 2;
	}
	return vfio_tests(mode, argv[optind], argv[optind + 1], uvmm, nonviable, example);
}
