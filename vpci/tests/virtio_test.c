// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio-pci transport and split virtqueues (vpci/virtio.h), driven
 * through MMIO as a guest driver would, over a fake guest RAM: IDs and
 * capabilities, feature negotiation, a request's round trip with INTx and
 * with MSI-X, event index, indirect tables, reset with a request in
 * flight; then hostile rings, each of which must break the queue (and
 * only that) with DEVICE_NEEDS_RESET, and random descriptor tables.
 */
#include <linux/virtio_ring.h>
#include <stdio.h>

#include "fixture.h"
#include "virtio.h"

#define RAM_BASE	0x100000ULL
#define RAM_SIZE	(1u << 20)
#define QSZ		8
#define DESC		(RAM_BASE + 0x1000)
#define AVAIL		(RAM_BASE + 0x2000)
#define USED		(RAM_BASE + 0x3000)
#define BUF		(RAM_BASE + 0x10000)

static uint8_t ram[RAM_SIZE];
static unsigned kicks, resets;
static struct vpci_virtio *v;
static struct vpci_device *dev;
static unsigned slot;
static uint64_t regs;		/* BAR 4 */
static struct vpci_vq_elem e;

static void *dma(void *opaque, uint64_t gpa, uint64_t len)
{
	(void)opaque;
	if (gpa < RAM_BASE || len > RAM_SIZE || gpa - RAM_BASE > RAM_SIZE - len)
		return NULL;
	return ram + (gpa - RAM_BASE);
}

static void on_notify(void *o, unsigned q) { (void)o; (void)q; kicks++; }
static void on_reset(void *o) { (void)o; resets++; }

static const struct vpci_virtio_ops ops = { .notify = on_notify, .reset = on_reset };

static void *at(uint64_t gpa) { return ram + (gpa - RAM_BASE); }
static struct vring_desc *desc(unsigned i) { return (struct vring_desc *)at(DESC) + i; }
static struct vring_avail *avail(void) { return at(AVAIL); }
static struct vring_used *used(void) { return at(USED); }

/* Common configuration fields. */
static uint64_t cc_rd(unsigned off, unsigned size) { return mm_rd(regs + off, size); }
static void cc_wr(unsigned off, unsigned size, uint64_t val) { mm_wr(regs + off, size, val); }
static uint8_t status(void) { return (uint8_t)cc_rd(0x14, 1); }

static void set_features(uint64_t f)
{
	cc_wr(0x08, 4, 0);
	cc_wr(0x0c, 4, (uint32_t)f);
	cc_wr(0x08, 4, 1);
	cc_wr(0x0c, 4, (uint32_t)(f >> 32));
}

/* Reset, negotiate f, queue 0 at DESC/AVAIL/USED, DRIVER_OK. */
static void bring_up(uint64_t f)
{
	cc_wr(0x14, 1, 0);
	memset(ram, 0, sizeof(ram));
	cc_wr(0x14, 1, 1);
	cc_wr(0x14, 1, 3);
	set_features(f);
	cc_wr(0x14, 1, 3 | 8);
	cc_wr(0x16, 2, 0);
	cc_wr(0x18, 2, QSZ);
	cc_wr(0x20, 4, (uint32_t)DESC);
	cc_wr(0x24, 4, 0);
	cc_wr(0x28, 8, AVAIL);
	cc_wr(0x30, 8, USED);
	cc_wr(0x1c, 2, 1);
	cc_wr(0x14, 1, 3 | 8 | 4);
}

static void put_desc(unsigned i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	*desc(i) = (struct vring_desc){ addr, len, flags, next };
}

static void offer(uint16_t head)
{
	struct vring_avail *a = avail();

	a->ring[a->idx % QSZ] = head;
	a->idx++;
}

#define F_STD	(1ULL << 32 | 1ULL << 28 | 1ULL << 29)

static void test_pci_side(void)
{
	unsigned c, types = 0;

	is(cfg_rd(slot, 0, 0, 2), 0x1af4, "vendor 1af4");
	is(cfg_rd(slot, 0, 2, 2), 0x1040 + 2, "modern device ID 1040 + type (block)");
	is(cfg_rd(slot, 0, 8, 1), 1, "revision 1");
	for (c = (unsigned)cfg_rd(slot, 0, 0x34, 1); c; c = (unsigned)cfg_rd(slot, 0, c + 1, 1))
		if (cfg_rd(slot, 0, c, 1) == 0x09 && cfg_rd(slot, 0, c + 4, 1) == 4)
			types |= 1u << cfg_rd(slot, 0, c + 3, 1);
	is(types, 0x1e, "common, notify, ISR and device capabilities, all in BAR 4");
	cc_wr(0x00, 4, 1);
	ok((cc_rd(0x04, 4) & 1) && cc_rd(0x12, 2) == 2,
	   "VERSION_1 offered; two queues");
	cc_wr(0x00, 4, 0);
	ok((cc_rd(0x04, 4) & (3u << 28)) == 3u << 28, "indirect descriptors and event index offered");
}

static void test_negotiation(void)
{
	cc_wr(0x14, 1, 0);
	cc_wr(0x14, 1, 3);
	set_features(1ULL << 28);
	cc_wr(0x14, 1, 3 | 8);
	ok(!(status() & 8), "features without VERSION_1: FEATURES_OK does not stick");
	cc_wr(0x14, 1, 0);
	cc_wr(0x14, 1, 3);
	set_features(F_STD | 1ULL << 40);
	cc_wr(0x14, 1, 3 | 8);
	ok(!(status() & 8), "a feature not offered: refused");
	cc_wr(0x14, 1, 0);
	cc_wr(0x14, 1, 3);
	set_features(F_STD);
	cc_wr(0x14, 1, 3 | 8);
	ok(status() & 8, "VERSION_1, indirect, event index: accepted");
	cc_wr(0x16, 2, 0);
	cc_wr(0x18, 2, 6);
	is(cc_rd(0x18, 2), 256, "queue size 6 (no power of 2) refused");
	cc_wr(0x16, 2, 7);
	is(cc_rd(0x18, 2), 0, "queue 7 does not exist: size reads 0");
}

static void test_round_trip(void)
{
	unsigned gsi_before = fx.nintx, kicks_before;
	uint64_t msix;

	bring_up(F_STD);
	put_desc(0, BUF, 16, VRING_DESC_F_NEXT, 1);
	put_desc(1, BUF + 0x100, 100, VRING_DESC_F_NEXT | VRING_DESC_F_WRITE, 2);
	put_desc(2, BUF + 0x200, 1, VRING_DESC_F_WRITE, 0);
	offer(0);
	kicks_before = kicks;
	mm_wr(regs + 0x3000, 2, 0);
	is(kicks, kicks_before + 1, "a kick of queue 0 reaches the model");
	is(vpci_virtio_pop(v, 0, &e), 1, "pop: one request");
	ok(e.n_out == 1 && e.n_in == 2 && e.out_len == 16 && e.in_len == 101 &&
	   e.iov[0].iov_base == at(BUF) && e.iov[2].iov_base == at(BUF + 0x200),
	   "its buffers: 16 readable, 100 + 1 writable bytes, in guest RAM");
	is(vpci_virtio_pop(v, 0, &e), 0, "then nothing more");
	vpci_virtio_push(v, 0, &e, 101);
	ok(used()->idx == 1 && used()->ring[0].id == 0 && used()->ring[0].len == 101,
	   "push: used ring entry 0 = head 0, 101 bytes");
	ok(fx.nintx > gsi_before && (cc_rd(0x1000, 1) & 1), "INTx raised, ISR says queue");
	is(cc_rd(0x1000, 1), 0, "reading the ISR cleared it");

	/* MSI-X: vector 1 for queue 0. */
	msix = vpci_device_bar_fw_addr(dev, 1);
	for (unsigned c = (unsigned)cfg_rd(slot, 0, 0x34, 1); c; c = (unsigned)cfg_rd(slot, 0, c + 1, 1))
		if (cfg_rd(slot, 0, c, 1) == 0x11)
			cfg_wr(slot, 0, c + 2, 2, 0x8000);
	mm_wr(msix + 16, 4, 0xfee00000);
	mm_wr(msix + 16 + 8, 4, 0x41);
	mm_wr(msix + 16 + 12, 4, 0);
	cc_wr(0x1a, 2, 1);
	is(cc_rd(0x1a, 2), 1, "queue 0 takes MSI-X vector 1");
	cc_wr(0x1a, 2, 9);
	is(cc_rd(0x1a, 2), 0xffff, "vector 9 (beyond the table) reads back NO_VECTOR");
	cc_wr(0x1a, 2, 1);
	offer(0);
	avail()->ring[QSZ] = 1;		/* used_event: interrupt after entry 1 */
	is(vpci_virtio_pop(v, 0, &e), 1, "second request");
	fx.nmsi = 0;
	vpci_virtio_push(v, 0, &e, 1);
	ok(fx.nmsi == 1 && fx.msi_data[0] == 0x41, "its completion sent vector 1's message");
	avail()->ring[QSZ] = 10;	/* the driver wants no interrupt before entry 10 */
	offer(0);
	vpci_virtio_pop(v, 0, &e);
	vpci_virtio_push(v, 0, &e, 1);
	is(fx.nmsi, 1, "event index: no interrupt the driver did not ask for");
	ok(vpci_virtio_idle(v, 0) && *(uint16_t *)&used()->ring[QSZ] == 3,
	   "idle: avail_event asks for a kick at the next request");
	offer(0);
	ok(!vpci_virtio_idle(v, 0), "idle says no when a request came meanwhile");
	vpci_virtio_pop(v, 0, &e);
	vpci_virtio_push(v, 0, &e, 1);
}

static void test_indirect(void)
{
	struct vring_desc *t = at(BUF + 0x1000);

	bring_up(F_STD);
	t[0] = (struct vring_desc){ BUF, 16, VRING_DESC_F_NEXT, 1 };
	t[1] = (struct vring_desc){ BUF + 0x100, 512, VRING_DESC_F_WRITE, 0 };
	put_desc(3, BUF + 0x1000, 32, VRING_DESC_F_INDIRECT, 0);
	offer(3);
	ok(vpci_virtio_pop(v, 0, &e) == 1 && e.head == 3 && e.n_out == 1 && e.n_in == 1 &&
	   e.in_len == 512, "an indirect table of two: one request, head 3");
	vpci_virtio_push(v, 0, &e, 0);
}

/* Several buffers of one frame given back together: one index step, one interrupt. */
static void test_push_n(void)
{
	static struct vpci_vq_elem es[3];
	const struct vpci_vq_elem *ep[3] = { &es[0], &es[1], &es[2] };
	uint32_t lens[3] = { 64, 64, 10 };
	unsigned ints;

	bring_up(F_STD);
	is(vpci_virtio_features(v), F_STD, "features: what the driver accepted");
	for (unsigned i = 0; i < 3; i++) {
		put_desc(i, BUF + i * 0x100, 64, VRING_DESC_F_WRITE, 0);
		offer((uint16_t)i);
		vpci_virtio_pop(v, 0, &es[i]);
	}
	avail()->ring[QSZ] = 0;		/* used_event: interrupt after entry 0 */
	cc_wr(0x1a, 2, 1);		/* queue 0 on MSI-X vector 1 (test_round_trip set it up) */
	ints = fx.nmsi;
	vpci_virtio_push_n(v, 0, ep, lens, 3);
	ok(used()->idx == 3 && used()->ring[0].id == 0 && used()->ring[2].id == 2 &&
	   used()->ring[2].len == 10, "push_n: three used entries, one index update");
	is(fx.nmsi, ints + 1, "push_n: one interrupt for the three");
	cc_wr(0x14, 1, 0);
	is(vpci_virtio_features(v), 0, "features: none after a reset");
}

static void test_reset_in_flight(void)
{
	bring_up(F_STD);
	put_desc(0, BUF, 64, VRING_DESC_F_WRITE, 0);
	offer(0);
	is(vpci_virtio_pop(v, 0, &e), 1, "a request in flight");
	cc_wr(0x14, 1, 0);
	ok(status() != 0, "reset: status is not 0 while it is in flight");
	vpci_virtio_push(v, 0, &e, 64);
	ok(status() == 0 && used()->idx == 0, "its completion is dropped; then status reads 0");
}

/* Each breaks queue 0: pop says -1, the device needs a reset, one log line. */
static void hostile(const char *what, void (*setup)(void))
{
	bring_up(F_STD);
	setup();
	is(vpci_virtio_pop(v, 0, &e), -1, "%s: pop refuses the request", what);
	ok(status() & 0x40, "%s: DEVICE_NEEDS_RESET", what);
	is(vpci_virtio_pop(v, 0, &e), 0, "%s: the queue is left alone after", what);
	bring_up(F_STD);
	ok(!(status() & 0x40), "%s: a reset makes the device usable again", what);
}

static void h_outside(void) { put_desc(0, RAM_BASE + RAM_SIZE - 8, 16, 0, 0); offer(0); }
static void h_loop(void)
{
	put_desc(0, BUF, 8, VRING_DESC_F_NEXT, 1);
	put_desc(1, BUF, 8, VRING_DESC_F_NEXT, 0);
	offer(0);
}
static void h_next_beyond(void) { put_desc(0, BUF, 8, VRING_DESC_F_NEXT, QSZ); offer(0); }
static void h_head_beyond(void) { offer(QSZ + 3); }
static void h_avail_jump(void) { avail()->idx = 100; }
static void h_order(void)
{
	put_desc(0, BUF, 8, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 1);
	put_desc(1, BUF, 8, 0, 0);
	offer(0);
}
static void h_indirect_len(void) { put_desc(0, BUF, 24, VRING_DESC_F_INDIRECT, 0); offer(0); }
static void h_indirect_nested(void)
{
	struct vring_desc *t = at(BUF + 0x1000);

	t[0] = (struct vring_desc){ BUF + 0x1000, 16, VRING_DESC_F_INDIRECT, 0 };
	put_desc(0, BUF + 0x1000, 16, VRING_DESC_F_INDIRECT, 0);
	offer(0);
}
static void h_indirect_outside(void) { put_desc(0, 0x10, 32, VRING_DESC_F_INDIRECT, 0); offer(0); }
static void h_indirect_loop(void)
{
	struct vring_desc *t = at(BUF + 0x1000);

	t[0] = (struct vring_desc){ BUF, 8, VRING_DESC_F_NEXT, 1 };
	t[1] = (struct vring_desc){ BUF, 8, VRING_DESC_F_NEXT, 0 };
	put_desc(0, BUF + 0x1000, 32, VRING_DESC_F_INDIRECT, 0);
	offer(0);
}

static void test_rings_outside(void)
{
	cc_wr(0x14, 1, 0);
	cc_wr(0x14, 1, 3);
	set_features(F_STD);
	cc_wr(0x14, 1, 11);
	cc_wr(0x16, 2, 1);
	cc_wr(0x20, 8, RAM_BASE + RAM_SIZE - 16);
	cc_wr(0x28, 8, AVAIL);
	cc_wr(0x30, 8, USED);
	cc_wr(0x1c, 2, 1);
	ok((status() & 0x40) && !cc_rd(0x1c, 2),
	   "queue 1 enabled with its table past the end of RAM: NEEDS_RESET, not enabled");
}

/* Random tables: whatever pop takes lies in RAM; nothing else may happen. */
static void test_random(void)
{
	unsigned taken = 0, broken = 0, stray = 0;

	srand(1);
	for (int round = 0; round < 3000; round++) {
		bring_up(F_STD);
		for (unsigned i = 0; i < QSZ; i++) {
			uint64_t a = rand() % 8 ? BUF + (uint64_t)(rand() % 0x8000) : (uint64_t)rand() << 20;

			put_desc(i, a, (uint32_t)(rand() % 8 ? rand() % 0x1000 : rand()),
				 (uint16_t)(rand() & 7), (uint16_t)(rand() % (QSZ + 2)));
		}
		for (unsigned i = 0; i < 0x400 / sizeof(struct vring_desc); i++)
			((struct vring_desc *)at(BUF))[i] = (struct vring_desc){
				BUF + (uint64_t)(rand() % 0x10000), (uint32_t)(rand() % 0x2000),
				(uint16_t)(rand() & 3), (uint16_t)(rand() % 70) };
		offer((uint16_t)(rand() % (QSZ + 1)));
		switch (vpci_virtio_pop(v, 0, &e)) {
		case 1:
			taken++;
			for (unsigned i = 0; i < e.n_out + e.n_in; i++)
				if ((uint8_t *)e.iov[i].iov_base < ram ||
				    (uint8_t *)e.iov[i].iov_base + e.iov[i].iov_len > ram + RAM_SIZE)
					stray++;
			vpci_virtio_push(v, 0, &e, 0);
			break;
		case -1:
			broken++;
			break;
		}
	}
	ok(taken > 100 && broken > 100, "3000 random tables: %u taken, %u refused", taken, broken);
	is(stray, 0, "no buffer of a taken request lies outside guest RAM");
}

int main(void)
{
	struct vpci_dma d = { .ptr = dma };
	struct vpci_virtio_info info = {
		.name = "virtio-test", .type = 2, .class_code = 0x018000,
		.nr_queues = 2, .queue_size = 256, .ops = &ops,
	};
	char err[256] = "";

	fx_start();
	v = vpci_virtio_add(fx.bus, &info, &d, err, sizeof(err));
	if (!v)
		bail_out("vpci_virtio_add: %s", err);
	dev = vpci_virtio_device(v);
	slot = vpci_device_slot(dev);
	regs = vpci_device_bar_fw_addr(dev, 4);
	cfg_wr(slot, 0, 4, 2, CMD_MEM | CMD_MASTER);
	test_pci_side();
	test_negotiation();
	test_round_trip();
	test_indirect();
	test_push_n();
	test_reset_in_flight();
	hostile("a buffer past the end of RAM", h_outside);
	hostile("a chain that loops", h_loop);
	hostile("a next index beyond the queue", h_next_beyond);
	hostile("a head beyond the queue", h_head_beyond);
	hostile("an avail index 100 ahead", h_avail_jump);
	hostile("a readable buffer after a writable one", h_order);
	hostile("an indirect table of 24 bytes", h_indirect_len);
	hostile("an indirect table inside an indirect table", h_indirect_nested);
	hostile("an indirect table outside RAM", h_indirect_outside);
	hostile("an indirect table that loops", h_indirect_loop);
	is(fx_log_count("needs a reset"), 1, "the broken rings were logged once, not once each");
	test_rings_outside();
	test_random();
	ok(resets > 10, "the model heard every reset (%u)", resets);
	fx_stop();
	return done_testing();
}
