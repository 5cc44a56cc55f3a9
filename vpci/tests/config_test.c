// SPDX-License-Identifier: GPL-2.0
/* Config space through ECAM: header fields, RO/RW/RW1C rules, widths, absent functions. */
#include "fixture.h"

static void test_host_bridge(void)
{
	is(cfg_rd(0, 0, 0x00, 2), fx.cfg.bridge_vendor, "host bridge vendor ID");
	is(cfg_rd(0, 0, 0x02, 2), fx.cfg.bridge_device, "host bridge device ID");
	is(cfg_rd(0, 0, 0x08, 4) >> 8, 0x060000, "host bridge class is 0x0600 (host bridge)");
	is(cfg_rd(0, 0, 0x0e, 1), 0, "host bridge header type 0, single function");
	is(cfg_rd(0, 0, 0x06, 2) & 0x10, 0, "host bridge lists no capabilities");
	for (unsigned b = 0; b < 6; b++) {
		cfg_wr(0, 0, 0x10 + 4 * b, 4, 0xffffffff);
		is(cfg_rd(0, 0, 0x10 + 4 * b, 4), 0, "host bridge BAR%u is unimplemented (sizes to 0)", b);
	}
	is(cfg_rd(0, 0, 0x3d, 1), 0, "host bridge has no interrupt pin");
}

static void test_absent(void)
{
	static const unsigned widths[] = { 1, 2, 4, 8 };
	uint64_t v;

	for (unsigned w = 0; w < 4; w++) {
		unsigned n = widths[w];
		uint64_t want = n == 8 ? ~0ULL : (1ULL << (8 * n)) - 1;

		ok(vpci_mmio_read(fx.bus, cfg_addr(7, 0, 0), n, &v), "absent function: ECAM still claims a %u-byte read", n);
		is(v, want, "absent function 07.0 reads all-ones at width %u", n);
		is(cfg_rd(31, 7, 0xffc & ~(n - 1), n), want, "absent function 1f.7 last bytes all-ones, width %u", n);
	}
	cfg_wr(7, 0, 0x04, 2, 0xffff);
	is(cfg_rd(7, 0, 0x00, 4), 0xffffffff, "writes to an absent function change nothing");
	is(cfg_rd(0, 1, 0x00, 4), 0xffffffff, "function 1 of the host bridge slot is absent");
}

static void test_header(unsigned s)
{
	is(cfg_rd(s, 0, 0x00, 2), 0x1234, "testdev vendor ID");
	is(cfg_rd(s, 0, 0x02, 2), 0x10f1, "testdev device ID");
	is(cfg_rd(s, 0, 0x00, 4), 0x10f11234, "vendor+device as one dword");
	is(cfg_rd(s, 0, 0x00, 8), 0x0010000010f11234ULL, "8-byte read = two dwords (ID, command/status)");
	is(cfg_rd(s, 0, 0x01, 1), 0x12, "byte read inside the vendor ID");

	/* RO fields ignore writes at every width. */
	cfg_wr(s, 0, 0x00, 4, 0xdeadbeef);
	cfg_wr(s, 0, 0x01, 1, 0x55);
	cfg_wr(s, 0, 0x00, 8, 0);
	is(cfg_rd(s, 0, 0x00, 4), 0x10f11234, "vendor/device ID are read-only at every width");
	uint32_t class = (uint32_t)cfg_rd(s, 0, 0x08, 4);
	cfg_wr(s, 0, 0x08, 4, 0x12345678);
	is(cfg_rd(s, 0, 0x08, 4), class, "revision and class are read-only");
	cfg_wr(s, 0, 0x0e, 1, 0xff);
	is(cfg_rd(s, 0, 0x0e, 1), 0, "header type is read-only");
	cfg_wr(s, 0, 0x2c, 4, 0);
	is(cfg_rd(s, 0, 0x2c, 4), 0x10f11234, "subsystem IDs are read-only");
	cfg_wr(s, 0, 0x3d, 1, 3);
	is(cfg_rd(s, 0, 0x3d, 1), 1, "interrupt pin is read-only (INTA)");

	/* Cache Line Size and Interrupt Line are scratch registers for software. */
	cfg_wr(s, 0, 0x0c, 1, 0x10);
	is(cfg_rd(s, 0, 0x0c, 1), 0x10, "cache line size is writable");
	unsigned gsi = vpci_intx_gsi(&fx.cfg, s, 1);
	is(cfg_rd(s, 0, 0x3c, 1), gsi, "interrupt line holds the _PRT GSI (%u)", gsi);
	cfg_wr(s, 0, 0x3c, 1, 0x42);
	is(cfg_rd(s, 0, 0x3c, 1), 0x42, "interrupt line is writable");
	cfg_wr(s, 0, 0x3c, 1, gsi);

	/* Command: only implemented bits stick. */
	cfg_wr(s, 0, 0x04, 2, 0xffff);
	is(cfg_rd(s, 0, 0x04, 2), 0x0546, "command keeps MEM, BME, parity, SERR, INTx-disable (no I/O BAR -> no I/O bit)");
	cfg_wr(s, 0, 0x04, 2, 0);
	is(cfg_rd(s, 0, 0x04, 2), 0, "command clears");

	/* Status: capabilities bit RO set, error bits RW1C (never set here). */
	is(cfg_rd(s, 0, 0x06, 2), 0x0010, "status: capabilities list, nothing else");
	cfg_wr(s, 0, 0x06, 2, 0xffff);
	is(cfg_rd(s, 0, 0x06, 2), 0x0010, "writing 1s to status sets nothing");
	cfg_wr(s, 0, 0x04, 4, 0xffff0000);
	is(cfg_rd(s, 0, 0x04, 4), 0x00100000, "dword write over command+status: RW1C bits stay clear, command 0");

	/* Unimplemented registers of a present function read 0. */
	is(cfg_rd(s, 0, 0xfc, 4), 0, "unimplemented register reads 0");
	cfg_wr(s, 0, 0xfc, 4, 0xffffffff);
	is(cfg_rd(s, 0, 0xfc, 4), 0, "writes to unimplemented registers are dropped");
	is(cfg_rd(s, 0, 0x100, 4), 0, "extended config space of a conventional function reads 0");
	is(cfg_rd(s, 0, 0xffc, 4), 0, "last dword of extended config space reads 0");
}

static void test_unaligned(unsigned s)
{
	unsigned before = fx.nlog;

	is(cfg_rd(s, 0, 0x02, 4), 0x000010f1, "unaligned dword read = device ID + command, assembled from pieces");
	is(cfg_rd(s, 0, 0x01, 2), 0xf112, "unaligned word read across a register boundary");
	is(cfg_rd(s, 0, 0x03, 8), cfg_rd(s, 0, 0x03, 1) | cfg_rd(s, 0, 0x04, 4) << 8 |
	   cfg_rd(s, 0, 0x08, 2) << 40 | cfg_rd(s, 0, 0x0a, 1) << 56,
	   "unaligned qword read crossing three dwords = its bytes");
	/* Write crossing Cache Line Size (RW) and Latency Timer (RO). */
	cfg_wr(s, 0, 0x0b, 4, 0x11223344);
	is(cfg_rd(s, 0, 0x0c, 1), 0x33, "unaligned write reaches the RW byte it covers");
	is(cfg_rd(s, 0, 0x0b, 1), 0xff, "and leaves the RO class byte alone");
	is(cfg_rd(s, 0, 0x0d, 2), 0, "and the RO latency timer / header type");
	ok(fx.nlog == before + 1, "unaligned config accesses logged once (%u lines)", fx.nlog - before);

	/* A piece beyond the function's 4 KiB lands in the next function. */
	is(cfg_rd(s, 0, 0xffe, 4), 0xffff0000, "access crossing into an absent function: upper half all-ones");
	/* The end of the ECAM window. */
	uint64_t v = 0;
	bool claimed = vpci_mmio_read(fx.bus, fx.cfg.ecam_base + VPCI_ECAM_SIZE - 2, 4, &v);
	ok(claimed, "access straddling the ECAM end is claimed for its inside part");
	is(v, 0xffffffff, "and reads all-ones (absent 1f.7, then nothing)");
}

static void test_bad_sizes(void)
{
	uint64_t v = 0;

	ok(!vpci_mmio_read(fx.bus, fx.cfg.ecam_base, 3, &v), "3-byte access is refused");
	is(v, ~0ULL, "and reads all-ones");
	ok(!vpci_mmio_write(fx.bus, fx.cfg.ecam_base, 16, 0), "16-byte access is refused");
	ok(!vpci_mmio_read(fx.bus, fx.cfg.ecam_base, 0, &v), "0-byte access is refused");
	is(fx_log_count("MMIO access of"), 1, "bad access sizes logged once for the bus");
	ok(!vpci_mmio_read(fx.bus, 0x1000, 4, &v), "RAM-ish address: nothing claims it");
	is(v, 0xffffffff, "unclaimed 4-byte read is all-ones of that width");
	ok(!vpci_mmio_read(fx.bus, ~0ULL - 3, 8, &v), "access wrapping the address space is unclaimed, no crash");
}

static void test_slots(void)
{
	struct vpci_device_info info = { .name = "x", .vendor = 0x1234, .device = 1 };
	char err[256];

	ok(!vpci_device_new(fx.bus, 0, 0, &info, err, sizeof(err)), "00.0 is taken by the host bridge: %s", err);
	ok(!vpci_device_new(fx.bus, 32, 0, &info, err, sizeof(err)), "slot 32 does not exist: %s", err);
	ok(!vpci_device_new(fx.bus, 3, 8, &info, err, sizeof(err)), "function 8 does not exist: %s", err);
	info.vendor = 0xffff;
	ok(!vpci_device_new(fx.bus, 3, 0, &info, err, sizeof(err)), "vendor 0xffff refused: %s", err);
	info.vendor = 0x1234;
	info.int_pin = 5;
	ok(!vpci_device_new(fx.bus, 3, 0, &info, err, sizeof(err)), "pin 5 refused: %s", err);
	info.int_pin = 0;

	/* Fill every slot; the 32nd device has nowhere to go. */
	struct vpci_device *d;
	unsigned added = 0;

	while ((d = vpci_device_new(fx.bus, -1, 0, &info, err, sizeof(err)))) {
		if (vpci_device_plug(d, err, sizeof(err)))
			break;
		added++;
	}
	is(added, 28, "28 more devices fit (slots 0, 1, 9 and 10 are taken)");
	is(cfg_rd(10, 0, 0, 4), 0xffffffff, "automatic placement left slot 10 (holding only 0a.2) alone");
	ok(strstr(err, "slots") != NULL, "the next one is refused: %s", err);
	is(cfg_rd(31, 0, 0, 2), 0x1234, "slot 31 answers");
}

static void test_multifunction(void)
{
	struct vpci_device_info info = { .name = "mf", .vendor = 0x1234, .device = 2 };
	char err[256];
	struct vpci_device *f0 = vpci_device_new(fx.bus, 9, 0, &info, err, sizeof(err));
	struct vpci_device *f3 = vpci_device_new(fx.bus, 9, 3, &info, err, sizeof(err));

	ok(f0 && f3, "functions 09.0 and 09.3 created");
	vpci_device_plug(f0, err, sizeof(err));
	is(cfg_rd(9, 3, 0, 4), 0xffffffff, "09.3 invisible before it is plugged");
	is(cfg_rd(9, 0, 0x0e, 1), 0x00, "09.0 single-function while 09.3 is unplugged");
	vpci_device_plug(f3, err, sizeof(err));
	is(cfg_rd(9, 0, 0x0e, 1), 0x80, "09.0 header type has the multi-function bit");
	is(cfg_rd(9, 3, 0x00, 4), 0x00021234, "09.3 answers");
	vpci_bus_reset(fx.bus);
	is(cfg_rd(9, 0, 0x0e, 1), 0x80, "multi-function bit survives a bus reset");
	vpci_device_remove(f3);
	is(cfg_rd(9, 0, 0x0e, 1), 0x00, "removing 09.3 clears it");
	is(cfg_rd(9, 3, 0x00, 4), 0xffffffff, "09.3 is gone");

	/* A lone function 2 in slot 10 (no function 0): the slot is not free. */
	struct vpci_device *f2 = vpci_device_new(fx.bus, 10, 2, &info, err, sizeof(err));
	ok(f2 && !vpci_device_plug(f2, err, sizeof(err)), "lone function 0a.2 plugged");
}

static void test_bad_config(void)
{
	struct vpci_bus_config c;
	char err[256] = "";

	vpci_bus_config_defaults(&c);
	c.ecam_base = 0xE0001000;
	ok(!vpci_bus_new(&c, &fx_ops, err, sizeof(err)), "unaligned ECAM refused: %s", err);
	vpci_bus_config_defaults(&c);
	c.mmio32_base = 0xDFF00000;
	ok(!vpci_bus_new(&c, &fx_ops, err, sizeof(err)), "window overlapping ECAM refused: %s", err);
	vpci_bus_config_defaults(&c);
	c.mmio32_size = 0;
	ok(!vpci_bus_new(&c, &fx_ops, err, sizeof(err)), "empty 32-bit window refused: %s", err);
	vpci_bus_config_defaults(&c);
	c.mmio64_base = ~0ULL - 100;
	ok(!vpci_bus_new(&c, &fx_ops, err, sizeof(err)), "wrapping 64-bit window refused: %s", err);
}

/* A bus whose owner gave no callbacks at all: interrupts go nowhere, logs to stderr. */
static void test_no_callbacks(void)
{
	struct vpci_bus_config c;
	struct vpci_testdev_options o;
	char err[256] = "";
	uint64_t v = 0;

	vpci_bus_config_defaults(&c);
	struct vpci_bus *bus = vpci_bus_new(&c, NULL, err, sizeof(err));
	ok(bus != NULL, "bus without callbacks %s", err);
	vpci_testdev_defaults(&o);
	struct vpci_device *d = vpci_testdev_add(bus, &o, err, sizeof(err));
	ok(d != NULL, "testdev on it %s", err);
	uint64_t r = vpci_device_bar_fw_addr(d, 0), e = c.ecam_base + (1 << 15);

	vpci_mmio_write(bus, e + 4, 2, CMD_MEM | CMD_MASTER);
	vpci_mmio_write(bus, r + TESTDEV_REG_DOORBELL, 4, 0);           /* INTx */
	vpci_mmio_write(bus, e + vpci_cap_find(d, 0x11) + 2, 2, 0x8000);
	vpci_mmio_write(bus, vpci_device_bar_fw_addr(d, 2) + 12, 4, 0);
	vpci_mmio_write(bus, r + TESTDEV_REG_DOORBELL, 4, 0);           /* MSI-X */
	vpci_mmio_read(bus, e + 3, 2, &v);                              /* logged to stderr */
	ok(vpci_mmio_read(bus, r + TESTDEV_REG_FIRED, 4, &v) && v == 2,
	   "INTx and MSI-X fired into no callbacks without harm");
	vpci_bus_free(bus);
	vpci_bus_free(NULL);    /* must be a no-op (ASan would catch otherwise) */
}

int main(void)
{
	fx_start();
	test_host_bridge();
	test_absent();
	fx_testdev(1);
	test_header(1);
	test_unaligned(1);
	test_bad_sizes();
	test_multifunction();
	test_slots();
	test_bad_config();
	test_no_callbacks();
	fx_stop();
	return done_testing();
}
