// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-net as a hostile guest and a hostile helper see it: --net values;
 * the slirp helper's command line; the transmit checks (every header
 * field a guest can lie with); receive frames spread over buffers; the
 * helper's stream with lengths that lie. Then the device itself on a vpci
 * bus, driven through MMIO as a driver would, on a socket pair standing
 * in for the helper: good frames pass whole and in order, malformed ones
 * are dropped and counted and the device carries on, a received frame
 * lands over three buffers with num_buffers 3, and a reset while the
 * device holds buffers completes.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/virtio_ids.h>
#include <linux/virtio_ring.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "tests/fixture.h"
#include "virtio.h"
#include "virtio/dev.h"
#include "virtio/net.h"
#include "virtio/net_frame.h"

/* ---- --net values ---- */

static int parse(const char *s, struct net_spec *spec, char *err)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "%s", s);
	err[0] = '\0';
	return net_spec_parse(buf, spec, err, 256);
}

static void test_spec(void)
{
	static const char *const bad[][2] = {
		{ "wifi", "unknown type 'wifi'" },
		{ "user,mtu=575", "576 to 65520" },
		{ "user,mtu=65521", "576 to 65520" },
		{ "user,mtu=9k", "576 to 65520" },
		{ "user,hostfwd=tcp::0-:22", "is not hostfwd" },
		{ "user,hostfwd=tcp::65536-:22", "is not hostfwd" },
		{ "user,hostfwd=tcp::22:22", "is not hostfwd" },
		{ "user,hostfwd=tcp::2222-10.0.2.15:22", "is not hostfwd" },
		{ "user,hostfwd=sctp::2222-:22", "is not hostfwd" },
		{ "user,hostfwd=tcp:::1:2222-:22", "is not hostfwd" },
		{ "user,hostfwd=tcp:300.1.1.1:2222-:22", "is not hostfwd" },
		{ "tap:t0,hostfwd=tcp::2222-:22", "unknown option 'hostfwd" },
		{ "tap:t0,mtu=1500", "unknown option 'mtu" },
		{ "tap:", "is not an interface name" },
		{ "tap:abcdefghijklmnop", "is not an interface name" },
		{ "tap:../x", "is not an interface name" },
		{ "user,mac=01:00:5e:00:00:01", "not a unicast" },
		{ "user,mac=52:54:00:12:34", "not a unicast" },
		{ "user,mac=52:54:00:12:34:56:78", "not a unicast" },
		{ "user,bogus", "unknown option 'bogus'" },
	};
	struct net_spec s;
	char err[256], many[512] = "user";

	ok(parse("user", &s, err) == 0 && s.type == NET_USER && s.mtu == NET_USER_MTU &&
	   s.nr_fwd == 0 && !s.mac_given && s.mac[0] == 0x52 && s.mac[5] == 0x56,
	   "user: the defaults (MTU %u, 52:54:00:12:34:56)", s.mtu);
	ok(parse("", &s, err) == 0 && s.type == NET_USER, "an empty value is user");
	ok(parse("user,hostfwd=tcp:127.0.0.1:2222-:22,hostfwd=udp::5353-:53,mtu=1500,"
		 "mac=02:00:00:00:00:07", &s, err) == 0 && s.nr_fwd == 2 && !s.fwd[0].udp &&
	   !strcmp(s.fwd[0].addr, "127.0.0.1") && s.fwd[0].host_port == 2222 &&
	   s.fwd[0].guest_port == 22 && s.fwd[1].udp && s.fwd[1].addr[0] == '\0' &&
	   s.fwd[1].host_port == 5353 && s.mtu == 1500 && s.mac_given && s.mac[5] == 7,
	   "user with two forwards, an MTU and a MAC: %s", err);
	ok(parse("hostfwd=tcp::8080-:80", &s, err) == 0 && s.type == NET_USER && s.nr_fwd == 1 &&
	   s.fwd[0].host_port == 8080, "no type but an option: user");
	ok(parse("tap:uvmm0,mac=02:00:00:00:00:01", &s, err) == 0 && s.type == NET_TAP &&
	   !strcmp(s.ifname, "uvmm0") && s.mac[5] == 1, "tap:uvmm0 with a MAC");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(parse(bad[i][0], &s, err) < 0 && strstr(err, bad[i][1]),
		   "refused: --net %s (%s)", bad[i][0], err);
	for (int i = 0; i <= NET_MAX_FWD; i++)
		strcat(many, ",hostfwd=tcp::1000-:1");
	ok(parse(many, &s, err) < 0 && strstr(err, "at most"), "refused: %d forwards (%s)",
	   NET_MAX_FWD + 1, err);
}

static void test_helper_argv(void)
{
	struct net_spec s;
	char err[256], buf[2048], *argv[64], line[512] = "";
	int n;

	parse("user,mtu=9000,hostfwd=tcp:127.0.0.1:2222-:22,hostfwd=udp::53-:5353", &s, err);
	n = net_user_argv(&s, "/x/uvmm-slirp", argv, 64, buf, sizeof(buf));
	for (int i = 0; i < n; i++)
		snprintf(line + strlen(line), sizeof(line) - strlen(line), "%s%s", i ? " " : "",
			 argv[i]);
	ok(n > 0 && argv[n] == NULL && !strcmp(line, "/x/uvmm-slirp --fd 3 --ready 4 --mtu 9000 "
	   "--hostfwd tcp:127.0.0.1:2222:22 --hostfwd udp::53:5353"), "the helper's command line: %s",
	   line);
	is(net_user_argv(&s, "/x/uvmm-slirp", argv, 6, buf, sizeof(buf)), -1,
	   "an argv too small: refused");
	is(net_user_argv(&s, "/x/uvmm-slirp", argv, 64, buf, 40), -1, "a buffer too small: refused");
}

/* ---- transmit checks ---- */

static uint8_t txbuf[70000];

static enum net_tx_verdict check(const struct virtio_net_hdr_v1 *h, size_t frame, uint64_t f,
				 size_t *len)
{
	struct vpci_vq_elem e = { .n_out = 1, .out_len = NET_HDR_LEN + frame };
	struct virtio_net_hdr_v1 got;

	memcpy(txbuf, h, NET_HDR_LEN);
	e.iov[0] = (struct iovec){ txbuf, NET_HDR_LEN + frame };
	return net_tx_check(&e, f, 1514, &got, len);
}

static void test_tx_check(void)
{
	const uint64_t csum = 1ULL << VIRTIO_NET_F_CSUM, tso4 = 1ULL << VIRTIO_NET_F_HOST_TSO4;
	struct virtio_net_hdr_v1 h = { 0 };
	struct vpci_vq_elem e = { .n_out = 1, .out_len = 11 };
	size_t len;

	is(check(&h, 60, 0, &len), NET_TX_OK, "a plain 60-byte frame: sent");
	is(len, 60, "its length, the header aside");
	e.iov[0] = (struct iovec){ txbuf, 11 };
	is(net_tx_check(&e, 0, 1514, &h, &len), NET_TX_NO_HEADER, "11 bytes: no header");
	is(check(&h, 13, 0, &len), NET_TX_RUNT, "13 bytes of frame: a runt");
	is(check(&h, 1515, 0, &len), NET_TX_OVERSIZE, "1515 bytes on a 1514-byte link: oversize");
	h.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
	h.csum_start = 34;
	h.csum_offset = 16;
	is(check(&h, 60, 0, &len), NET_TX_BAD_CSUM, "a checksum to finish, CSUM not negotiated");
	is(check(&h, 60, csum, &len), NET_TX_OK, "the same with CSUM: sent");
	h.csum_start = 50;
	is(check(&h, 60, csum, &len), NET_TX_BAD_CSUM, "its field past the frame's end");
	h.csum_start = 0xffff;
	h.csum_offset = 0xffff;
	is(check(&h, 60, csum, &len), NET_TX_BAD_CSUM, "start and offset at their largest");
	h = (struct virtio_net_hdr_v1){ .flags = VIRTIO_NET_HDR_F_DATA_VALID };
	is(check(&h, 60, csum, &len), NET_TX_BAD_CSUM, "DATA_VALID (a receive flag) on transmit");
	h = (struct virtio_net_hdr_v1){ .flags = VIRTIO_NET_HDR_F_NEEDS_CSUM |
		VIRTIO_NET_HDR_F_DATA_VALID, .csum_start = 34, .csum_offset = 16 };
	is(check(&h, 60, csum, &len), NET_TX_BAD_CSUM,
	   "DATA_VALID next to NEEDS_CSUM (the fuzzer's find)");
	h = (struct virtio_net_hdr_v1){ .flags = VIRTIO_NET_HDR_F_NEEDS_CSUM,
		.gso_type = VIRTIO_NET_HDR_GSO_TCPV4, .gso_size = 1448, .hdr_len = 54,
		.csum_start = 34, .csum_offset = 16 };
	is(check(&h, 60000, csum, &len), NET_TX_BAD_GSO, "TSO without HOST_TSO4");
	is(check(&h, 60000, csum | tso4, &len), NET_TX_OK, "TSO with HOST_TSO4: a 60000-byte frame");
	is(check(&h, 70000 - NET_HDR_LEN, csum | tso4, &len), NET_TX_OVERSIZE,
	   "TSO beyond a 64 KiB packet: oversize");
	h.gso_size = 0;
	is(check(&h, 60000, csum | tso4, &len), NET_TX_BAD_GSO, "TSO with segments of 0 bytes");
	h.gso_size = 1448;
	h.gso_type = VIRTIO_NET_HDR_GSO_TCPV6;
	is(check(&h, 60000, csum | tso4, &len), NET_TX_BAD_GSO, "TCPv6 segments, only TSO4 taken");
	h.gso_type = VIRTIO_NET_HDR_GSO_TCPV4 | VIRTIO_NET_HDR_GSO_ECN;
	is(check(&h, 60000, csum | tso4, &len), NET_TX_BAD_GSO, "ECN without HOST_ECN");
	h.gso_type = VIRTIO_NET_HDR_GSO_UDP;
	is(check(&h, 60000, csum | tso4, &len), NET_TX_BAD_GSO, "UFO: never offered");
	h.gso_type = VIRTIO_NET_HDR_GSO_TCPV4;
	h.flags = 0;
	is(check(&h, 60000, csum | tso4, &len), NET_TX_BAD_GSO, "TSO without a checksum to finish");
}

/* ---- receive buffers ---- */

static void test_rx_fill(void)
{
	static struct vpci_vq_elem b[3];
	struct vpci_vq_elem *bufs[3] = { &b[0], &b[1], &b[2] };
	static uint8_t mem[3][64], frame[200];
	struct virtio_net_hdr_v1 h = { 0 }, got;
	uint32_t lens[3];
	bool same = true;

	for (int i = 0; i < 3; i++)
		b[i] = (struct vpci_vq_elem){ .n_in = 1, .in_len = 64,
					      .iov = { { mem[i], 64 } } };
	for (size_t i = 0; i < sizeof(frame); i++)
		frame[i] = (uint8_t)i;
	is(net_rx_fill(bufs, 3, true, &h, frame, 100, lens), 2,
	   "a 100-byte frame and its header: two 64-byte buffers");
	memcpy(&got, mem[0], sizeof(got));
	ok(got.num_buffers == 2 && lens[0] == 64 && lens[1] == 48 && mem[0][12] == 0 &&
	   mem[1][0] == 52 && mem[1][47] == 99, "num_buffers 2; the frame follows the header");
	is(net_rx_fill(bufs, 3, true, &h, frame, 180, lens), 3, "180 bytes: all three");
	for (int i = 0; i < 180 - 128 + 12; i++)
		same &= mem[2][i] == (uint8_t)(116 + i);
	ok(same && lens[2] == 64, "the third holds the last 64 bytes");
	is(net_rx_fill(bufs, 3, true, &h, frame, 181, lens), 0, "181 bytes: too few buffers");
	is(net_rx_fill(bufs, 3, false, &h, frame, 100, lens), 0,
	   "without mergeable buffers one buffer must hold it all");
	is(net_rx_fill(bufs, 3, false, &h, frame, 52, lens), 1, "52 bytes fit one: fine");
	b[0].in_len = 8;
	b[0].iov[0].iov_len = 8;
	is(net_rx_fill(bufs, 3, true, &h, frame, 10, lens), 0,
	   "a first buffer smaller than the header: refused");
}

/* ---- the helper's stream ---- */

static void test_stream(void)
{
	static uint8_t buf[3 * (4 + NET_FRAME_MAX)];
	struct net_stream s = { .buf = buf, .cap = sizeof(buf) };
	uint32_t be;
	const uint8_t *f;
	size_t len, room;
	uint8_t *at;

	be = htonl(5);
	memcpy(buf, &be, 4);
	memcpy(buf + 4, "hel", 3);
	s.end = 7;
	is(net_stream_next(&s, &f, &len), 0, "a frame not all there: wait for more");
	memcpy(buf + 7, "lo", 2);
	s.end = 9;
	ok(net_stream_next(&s, &f, &len) == 1 && len == 5 && !memcmp(f, "hello", 5) && s.start == 9,
	   "then it is whole");
	is(net_stream_next(&s, &f, &len), 0, "and nothing after it");
	be = htonl(0);
	memcpy(buf + 9, &be, 4);
	s.end = 13;
	is(net_stream_next(&s, &f, &len), -1, "a length of 0: a broken stream");
	be = htonl(NET_FRAME_MAX + 1);
	memcpy(buf + 9, &be, 4);
	is(net_stream_next(&s, &f, &len), -1, "a length past the largest frame: broken");
	be = htonl(0xffffffff);
	memcpy(buf + 9, &be, 4);
	is(net_stream_next(&s, &f, &len), -1, "a length of 4 GiB: broken");
	s.start = 9;
	s.end = sizeof(buf) - 10;
	at = net_stream_room(&s, &room, false);
	ok(at == buf + sizeof(buf) - 10 && room == 10, "room at the end, nothing moved");
	at = net_stream_room(&s, &room, true);
	ok(at == buf + sizeof(buf) - 19 && room == 19 && s.start == 0,
	   "less than a frame of room and allowed: the unread bytes move to the front");
}

/* ---- the device on a bus ---- */

#define RAM_BASE	0x100000ULL
#define RAM_SIZE	(1u << 20)
#define QSZ		16
#define RXQ_DESC	(RAM_BASE + 0x1000)
#define RXQ_AVAIL	(RAM_BASE + 0x2000)
#define RXQ_USED	(RAM_BASE + 0x3000)
#define TXQ_DESC	(RAM_BASE + 0x4000)
#define TXQ_AVAIL	(RAM_BASE + 0x5000)
#define TXQ_USED	(RAM_BASE + 0x6000)
#define BUF		(RAM_BASE + 0x10000)

static uint8_t ram[RAM_SIZE];
static uint64_t regs;
static int peer;		/* the helper's end */

static void *dma(void *opaque, uint64_t gpa, uint64_t len)
{
	(void)opaque;
	if (gpa < RAM_BASE || len > RAM_SIZE || gpa - RAM_BASE > RAM_SIZE - len)
		return NULL;
	return ram + (gpa - RAM_BASE);
}

static void *at(uint64_t gpa) { return ram + (gpa - RAM_BASE); }
static uint64_t cc_rd(unsigned off, unsigned size) { return mm_rd(regs + off, size); }
static void cc_wr(unsigned off, unsigned size, uint64_t v) { mm_wr(regs + off, size, v); }

static void queue(unsigned q, uint64_t desc, uint64_t avail, uint64_t used)
{
	cc_wr(0x16, 2, q);
	cc_wr(0x18, 2, QSZ);
	cc_wr(0x20, 8, desc);
	cc_wr(0x28, 8, avail);
	cc_wr(0x30, 8, used);
	cc_wr(0x1c, 2, 1);
}

static void bring_up(uint64_t f)
{
	cc_wr(0x14, 1, 0);
	for (int i = 0; i < 1000 && cc_rd(0x14, 1); i++)
		usleep(1000);
	memset(ram, 0, 0x10000);
	cc_wr(0x14, 1, 3);
	cc_wr(0x08, 4, 0);
	cc_wr(0x0c, 4, (uint32_t)f);
	cc_wr(0x08, 4, 1);
	cc_wr(0x0c, 4, (uint32_t)(f >> 32));
	cc_wr(0x14, 1, 3 | 8);
	queue(0, RXQ_DESC, RXQ_AVAIL, RXQ_USED);
	queue(1, TXQ_DESC, TXQ_AVAIL, TXQ_USED);
	cc_wr(0x14, 1, 3 | 8 | 4);
}

static void post(uint64_t desc, uint64_t avail, unsigned i, uint64_t addr, uint32_t len,
		 uint16_t flags, unsigned q)
{
	struct vring_desc *d = (struct vring_desc *)at(desc) + i;
	struct vring_avail *a = at(avail);

	*d = (struct vring_desc){ addr, len, flags, 0 };
	a->ring[a->idx % QSZ] = (uint16_t)i;
	__atomic_store_n(&a->idx, (uint16_t)(a->idx + 1), __ATOMIC_RELEASE);
	mm_wr(regs + 0x3000 + 4 * q, 2, q);
}

static uint16_t used_idx(uint64_t used)
{
	return __atomic_load_n(&((struct vring_used *)at(used))->idx, __ATOMIC_ACQUIRE);
}

static bool wait_used(uint64_t used, uint16_t n)
{
	for (int i = 0; i < 5000; i++) {
		if (used_idx(used) >= n)
			return true;
		usleep(1000);
	}
	return false;
}

/* Send one frame as the guest: header h, then len bytes of pattern c. */
static void guest_send(unsigned slot, const struct virtio_net_hdr_v1 *h, uint32_t len, uint8_t c)
{
	uint8_t *p = at(BUF + 0x8000 + slot * 0x1000);

	memcpy(p, h, NET_HDR_LEN);
	memset(p + NET_HDR_LEN, c, len);
	post(TXQ_DESC, TXQ_AVAIL, slot, BUF + 0x8000 + slot * 0x1000, NET_HDR_LEN + len, 0, 1);
}

/* What the helper's end got: frames' lengths and first bytes, until quiet. */
static unsigned peer_read(uint32_t *lens, uint8_t *first, unsigned max)
{
	static uint8_t buf[1 << 16];
	size_t have = 0, at = 0;
	unsigned n = 0;
	struct pollfd p = { .fd = peer, .events = POLLIN };

	while (poll(&p, 1, 300) == 1) {
		ssize_t r = read(peer, buf + have, sizeof(buf) - have);

		if (r <= 0)
			break;
		have += (size_t)r;
	}
	while (at + 4 <= have && n < max) {
		uint32_t be;

		memcpy(&be, buf + at, 4);
		lens[n] = ntohl(be);
		first[n] = buf[at + 4];
		at += 4 + lens[n];
		n++;
	}
	return n;
}

/*
 * The device for --net spec on a fresh bus, its backend be one end of a
 * socket pair of type (the other is peer), memory-enabled.
 */
static struct virtio_dev *device_on(const char *spec_str, int type, struct net_backend *be)
{
	static struct vpci_dma d = { .ptr = dma };
	struct net_spec spec;
	struct virtio_dev *dev;
	char err[256];
	int sv[2];

	fx_start();
	parse(spec_str, &spec, err);
	if (socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, sv))
		bail_out("socketpair");
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	be->fd = sv[0];
	peer = sv[1];
	dev = virtio_net_add_backend(fx.bus, &d, &spec, be, err, sizeof(err));
	if (!dev)
		bail_out("virtio_net_add_backend: %s", err);
	regs = vpci_device_bar_fw_addr(vpci_virtio_device(dev->v), 4);
	cfg_wr(vpci_device_slot(vpci_virtio_device(dev->v)), 0, 4, 2, 0x6);
	return dev;
}

static void test_device(void)
{
	const uint64_t features = 1ULL << 32 | 1ULL << VIRTIO_NET_F_MRG_RXBUF |
				  1ULL << VIRTIO_NET_F_MAC | 1ULL << VIRTIO_NET_F_MTU;
	struct virtio_net_hdr_v1 h = { 0 }, got;
	struct net_backend be = { .stream = true, .helper_err = -1 };
	struct virtio_dev *dev;
	const struct net_stats *st;
	uint32_t lens[16];
	uint8_t first[16], frame[150];
	uint32_t blen = htonl(sizeof(frame));
	unsigned n;

	dev = device_on("user,mtu=1500", SOCK_STREAM, &be);
	st = virtio_net_stats(dev);
	is(cc_rd(0x2000 + 5, 1), 0x56, "configuration: the MAC's last byte");
	is(cc_rd(0x2000 + 6, 2), VIRTIO_NET_S_LINK_UP, "configuration: the link is up");
	is(cc_rd(0x2000 + 10, 2), 1500, "configuration: the MTU");
	bring_up(features);
	ok(cc_rd(0x14, 1) & 8, "the driver's features are taken (MRG_RXBUF, MAC, MTU)");

	/* Transmit: one good frame, five the guest had no right to send, one good. */
	guest_send(0, &h, 60, 0xa1);
	h.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
	guest_send(1, &h, 60, 0xb1);
	h = (struct virtio_net_hdr_v1){ .gso_type = VIRTIO_NET_HDR_GSO_TCPV4, .gso_size = 100 };
	guest_send(2, &h, 600, 0xb2);
	h = (struct virtio_net_hdr_v1){ 0 };
	guest_send(3, &h, 10, 0xb3);
	guest_send(4, &h, 1600, 0xb4);
	post(TXQ_DESC, TXQ_AVAIL, 5, BUF + 0xd000, 8, 0, 1);	/* no room for a header */
	guest_send(6, &h, 1514, 0xa2);
	ok(wait_used(TXQ_USED, 7), "transmit: all seven requests given back");
	n = peer_read(lens, first, 16);
	ok(n == 2 && lens[0] == 60 && first[0] == 0xa1 && lens[1] == 1514 && first[1] == 0xa2,
	   "transmit: the helper got the two good frames, whole and in order (%u frames)", n);
	is(st->tx_dropped, 5, "transmit: five dropped and counted");
	ok(fx_log_count("dropped a frame") >= 4, "transmit: each kind logged once (%u lines)",
	   fx.nlog);
	ok(!(cc_rd(0x14, 1) & 0x40), "transmit: the device carries on (no NEEDS_RESET)");

	/* Receive: three 64-byte buffers hold a 150-byte frame and its header. */
	for (unsigned i = 0; i < 3; i++)
		post(RXQ_DESC, RXQ_AVAIL, i, BUF + i * 0x100, 64, VRING_DESC_F_WRITE, 0);
	for (size_t i = 0; i < sizeof(frame); i++)
		frame[i] = (uint8_t)i;
	if (write(peer, &blen, 4) != 4 || write(peer, frame, sizeof(frame)) != sizeof(frame))
		bail_out("write to the device");
	ok(wait_used(RXQ_USED, 3), "receive: three buffers used");
	memcpy(&got, at(BUF), sizeof(got));
	ok(got.num_buffers == 3 && ((uint8_t *)at(BUF))[12] == 0 &&
	   ((uint8_t *)at(BUF + 0x100))[0] == 52 && ((uint8_t *)at(BUF + 0x200))[33] == 149,
	   "receive: num_buffers 3, the frame behind the header across them");
	is(((struct vring_used *)at(RXQ_USED))->ring[2].len, 34, "receive: the last holds 34 bytes");

	/* A frame larger than the buffers posted: the device holds them; a reset completes. */
	post(RXQ_DESC, RXQ_AVAIL, 3, BUF + 0x300, 64, VRING_DESC_F_WRITE, 0);
	if (write(peer, &blen, 4) != 4 || write(peer, frame, sizeof(frame)) != sizeof(frame))
		bail_out("write to the device");
	usleep(100000);
	is(used_idx(RXQ_USED), 3, "a frame for which one buffer is too few: it waits");
	cc_wr(0x14, 1, 0);
	for (int i = 0; i < 2000 && cc_rd(0x14, 1); i++)
		usleep(1000);
	is(cc_rd(0x14, 1), 0, "a reset while the device holds a buffer completes");
	bring_up(features);
	guest_send(0, &h, 60, 0xa3);
	ok(wait_used(TXQ_USED, 1) && peer_read(lens, first, 16) == 1 && first[0] == 0xa3,
	   "after the reset, frames go out again");

	/* The helper's stream breaks: the device logs it and the guest goes on. */
	blen = htonl(0);
	if (write(peer, &blen, 4) != 4)
		bail_out("write to the device");
	post(RXQ_DESC, RXQ_AVAIL, 0, BUF, 64, VRING_DESC_F_WRITE, 0);
	for (int i = 0; i < 2000 && !fx_log_count("out of range"); i++)
		usleep(1000);
	ok(fx_log_count("out of range"), "a length word of 0 from the helper: logged");
	virtio_dev_stop(dev);
	vpci_bus_free(fx.bus);
	fcntl(peer, F_SETFL, O_NONBLOCK);
	ok(read(peer, first, 1) == 0, "freed with the bus, the device closed its end of the stream");
	close(peer);
}

/*
 * A tap's side (frames with their header, one a read): a socket of
 * packets stands in for the tap. With the largest frame's worth of
 * mergeable buffers posted the device reads each frame straight into
 * them (rx_tap_direct); with fewer it stages the frame and copies it.
 */
#define RXBUF		(RAM_BASE + 0x40000)
#define RXBUF_LEN	0x1800u

static void tap_write(const void *hdr, const uint8_t *frame, size_t len)
{
	struct iovec iov[2] = { { (void *)hdr, NET_HDR_LEN }, { (void *)frame, len } };

	if (writev(peer, iov, 2) != (ssize_t)(NET_HDR_LEN + len))
		bail_out("write to the device");
}

/* The frame the guest got in used entries [first, first + n): header then bytes. */
static bool rx_frame_is(uint16_t first, unsigned n, const uint8_t *frame, size_t len,
			uint16_t flags)
{
	struct vring_used *u = at(RXQ_USED);
	static uint8_t got[NET_HDR_LEN + NET_FRAME_MAX];
	struct virtio_net_hdr_v1 h;
	size_t have = 0;

	for (unsigned i = 0; i < n; i++) {
		const struct vring_used_elem *e = &u->ring[(first + i) % QSZ];

		if (have + e->len > sizeof(got))
			return false;
		memcpy(got + have, at(RXBUF + e->id * RXBUF_LEN), e->len);
		have += e->len;
	}
	memcpy(&h, got, sizeof(h));
	return have == NET_HDR_LEN + len && h.num_buffers == n && h.flags == flags &&
	       memcmp(got + NET_HDR_LEN, frame, len) == 0;
}

static void test_device_tap(void)
{
	const uint64_t features = 1ULL << 32 | 1ULL << VIRTIO_NET_F_MRG_RXBUF |
				  1ULL << VIRTIO_NET_F_MAC;
	struct virtio_net_hdr_v1 h = { .flags = VIRTIO_NET_HDR_F_DATA_VALID, .num_buffers = 0xabcd };
	struct net_backend be = { .vnet_hdr = true, .helper_err = -1 };
	static uint8_t frame[NET_FRAME_MAX];
	const struct net_stats *st;
	struct virtio_dev *dev;
	unsigned i, want;

	dev = device_on("tap:uvmmtest0", SOCK_SEQPACKET, &be);
	st = virtio_net_stats(dev);
	bring_up(features);
	for (i = 0; i < sizeof(frame); i++)
		frame[i] = (uint8_t)(i * 7 + i / 251);

	/* Sixteen buffers of 6 KiB: the largest frame fits, so frames go straight in. */
	for (i = 0; i < QSZ; i++)
		post(RXQ_DESC, RXQ_AVAIL, i, RXBUF + i * RXBUF_LEN, RXBUF_LEN, VRING_DESC_F_WRITE, 0);
	tap_write(&h, frame, 10000);
	ok(wait_used(RXQ_USED, 2) && rx_frame_is(0, 2, frame, 10000, h.flags),
	   "direct: a 10000-byte frame in two buffers, the tap's header with num_buffers 2");
	is(((struct vring_used *)at(RXQ_USED))->ring[1].len, NET_HDR_LEN + 10000 - RXBUF_LEN,
	   "direct: the second buffer holds the rest");
	tap_write(&h, frame, 5);
	tap_write(&h, frame + 1, 60);
	ok(wait_used(RXQ_USED, 3) && rx_frame_is(2, 1, frame + 1, 60, h.flags),
	   "direct: a runt of 5 bytes dropped, the next frame in the same buffers");
	is(st->rx_dropped, 1, "direct: the runt counted");
	/* Give the used three back, then the largest frame: 11 buffers. */
	for (i = 0; i < 3; i++)
		post(RXQ_DESC, RXQ_AVAIL, i, RXBUF + i * RXBUF_LEN, RXBUF_LEN, VRING_DESC_F_WRITE, 0);
	want = (NET_HDR_LEN + NET_FRAME_MAX + RXBUF_LEN - 1) / RXBUF_LEN;
	tap_write(&h, frame, NET_FRAME_MAX);
	ok(wait_used(RXQ_USED, 3 + want) && rx_frame_is(3, want, frame, NET_FRAME_MAX, h.flags),
	   "direct: the largest frame (%d bytes) whole across %u buffers", NET_FRAME_MAX, want);
	ok(st->rx_frames == 3 && st->rx_bytes == 10000 + 60 + NET_FRAME_MAX,
	   "frames and bytes counted (%llu, %llu)", (unsigned long long)st->rx_frames,
	   (unsigned long long)st->rx_bytes);

	/* Five buffers left held: fewer than the largest frame takes; staged and copied. */
	tap_write(&h, frame + 3, 7000);
	ok(wait_used(RXQ_USED, 3 + want + 2) &&
	   rx_frame_is((uint16_t)(3 + want), 2, frame + 3, 7000, h.flags),
	   "staged: with five buffers posted, a 7000-byte frame copied into two");
	ok(!(cc_rd(0x14, 1) & 0x40), "the device carries on (no NEEDS_RESET)");
	virtio_dev_stop(dev);
	vpci_bus_free(fx.bus);
	close(peer);
}

int main(void)
{
	test_spec();
	test_helper_argv();
	test_tx_check();
	test_rx_fill();
	test_stream();
	test_device();
	test_device_tap();
	return done_testing();
}
