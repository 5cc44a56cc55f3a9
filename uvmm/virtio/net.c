// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-net (virtio 1.2, 5.1): one receive and one transmit queue on a
 * backend (net_backend.h: the slirp helper or a tap device), for the guest's stock
 * virtio_net driver.
 *
 * Transmit runs on the device's worker: it takes up to TX_BATCH frames at
 * once and hands them to the backend in one write (the helper's stream) or one
 * write each (a tap takes one frame per write), checking every header
 * first (net_frame.c): a frame the guest had no right to send is dropped
 * and counted, as a NIC drops a malformed descriptor.
 *
 * Receive has its own thread, because frames come when the host sends
 * them, not when the guest asks: it polls the backend while the guest has
 * buffers posted and, when they run out, asks the driver for a kick and
 * leaves the frames queued on the host (the tap's or the socket's queue:
 * backpressure, as a full ring on a NIC). Buffers it took but has not
 * filled yet are held across frames (mergeable buffers: a 64 KiB frame
 * spans many) and given back, empty, when the driver resets the device.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/virtio_ids.h>
#include <poll.h>
#include <stddef.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/uio.h>
#include <unistd.h>

#include "virtio/dev.h"
#include "virtio/net.h"
#include "virtio/net_frame.h"

#define RXQ		0
#define TXQ		1
#define NET_QUEUE_SIZE	1024
#define TX_BATCH	64
#define TX_IOV_MAX	1024		/* IOV_MAX: one writev's worth */
#define RX_HOLD		NET_QUEUE_SIZE	/* at most the whole ring */
#define STREAM_BUF	(16 << 20)	/* bursts of the helper's, while the guest has no buffers */
#define STOP_POLL_MS	100		/* a blocked send looks at stop this often */

/* Misuse kinds of this model, after the transport's (one log line each). */
#define MISUSE_TX	(VPCI_VIRTIO_MISUSE_MODEL + 0)	/* + enum net_tx_verdict */
#define MISUSE_RX_BUF	(VPCI_VIRTIO_MISUSE_MODEL + NET_TX_NR_VERDICTS)
#define MISUSE_BACKEND	(MISUSE_RX_BUF + 1)

struct net_dev {
	struct virtio_dev *d;
	struct net_backend be;
	size_t max_frame;		/* the link's largest frame, header aside */

	/* Transmit (the worker). */
	struct vpci_vq_elem *tx;	/* TX_BATCH requests */
	uint32_t be_len[TX_BATCH];	/* the helper's length words, big-endian */
	struct iovec iov[TX_IOV_MAX];

	/* Receive (rx_main). */
	pthread_t rx_thread;
	bool rx_started;
	int wake_fd;			/* eventfd: buffers posted, a reset, stop */
	atomic_bool stop, reset;
	struct vpci_vq_elem *pool;	/* RX_HOLD requests */
	struct vpci_vq_elem *held[RX_HOLD];	/* buffers taken, not yet filled */
	unsigned nheld;
	uint32_t lens[RX_HOLD];
	bool staged;			/* a frame read and waiting for buffers */
	struct virtio_net_hdr_v1 hdr;
	const uint8_t *frame;
	size_t frame_len;
	uint8_t *tap_buf;		/* tap: one frame, header first */
	struct iovec rx_iov[TX_IOV_MAX];	/* tap: the held buffers, to read into */
	struct net_stream stream;	/* the helper: frames behind length words */
	bool backend_gone;
	uint64_t offloads_set;		/* the tap's, from the driver's features */

	struct net_stats stats;
};

static struct net_dev *model(struct virtio_dev *d)
{
	return d->model;
}

static void count(_Atomic uint64_t *c, uint64_t n)
{
	atomic_fetch_add_explicit(c, n, memory_order_relaxed);
}

static void wake(struct net_dev *n)
{
	uint64_t one = 1;

	/* Only a full counter refuses, and then the thread is woken anyway. */
	if (write(n->wake_fd, &one, sizeof(one)) < 0)
		return;
}

/* ---- transmit ---- */

/* Write all of iov; a full socket waits (unless the device stops). */
static int send_all(struct net_dev *n, struct iovec *iov, int cnt)
{
	while (cnt > 0) {
		ssize_t w = writev(n->be.fd, iov, cnt);

		if (w < 0) {
			struct pollfd p = { .fd = n->be.fd, .events = POLLOUT };

			if (errno == EINTR)
				continue;
			if (errno != EAGAIN || atomic_load(&n->stop))
				return -1;
			poll(&p, 1, STOP_POLL_MS);
			continue;
		}
		while (cnt > 0 && (size_t)w >= iov->iov_len) {
			w -= (ssize_t)iov->iov_len;
			iov++;
			cnt--;
		}
		if (cnt > 0) {
			iov->iov_base = (uint8_t *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
	return 0;
}

/* Frame segments of request e from byte skip on, appended to n->iov at *cnt. */
static bool add_frame(struct net_dev *n, const struct vpci_vq_elem *e, size_t skip, int *cnt)
{
	for (unsigned i = 0; i < e->n_out; i++) {
		size_t len = e->iov[i].iov_len;

		if (skip >= len) {
			skip -= len;
			continue;
		}
		if (*cnt >= TX_IOV_MAX)
			return false;
		n->iov[(*cnt)++] = (struct iovec){ (uint8_t *)e->iov[i].iov_base + skip, len - skip };
		skip = 0;
	}
	return true;
}

/* Send requests tx[0..k) and give them back. */
static void tx_send(struct net_dev *n, unsigned k)
{
	const struct vpci_vq_elem *done[TX_BATCH];
	uint32_t zero[TX_BATCH] = { 0 };
	uint64_t features = vpci_virtio_features(n->d->v);
	int cnt = 0;

	for (unsigned i = 0; i < k; i++) {
		struct vpci_vq_elem *e = &n->tx[i];
		struct virtio_net_hdr_v1 h;
		enum net_tx_verdict v;
		size_t len;

		done[i] = e;
		v = net_tx_check(e, features, n->max_frame, &h, &len);
		if (v != NET_TX_OK) {
			count(&n->stats.tx_dropped, 1);
			vpci_misuse(vpci_virtio_device(n->d->v), MISUSE_TX + v,
				    "transmit: dropped a frame: %s", net_tx_verdict_name[v]);
			continue;
		}
		if (n->be.vnet_hdr) {
			/* A tap takes a frame a write, our header with it; it checks it again. */
			cnt = 0;
			if (!add_frame(n, e, 0, &cnt) || writev(n->be.fd, n->iov, cnt) < 0) {
				count(&n->stats.tx_dropped, 1);
				continue;
			}
		} else {
			/* The helper: the frame behind its length, all of them in one write. */
			if (cnt + 1 + (int)e->n_out > TX_IOV_MAX) {
				send_all(n, n->iov, cnt);
				cnt = 0;
			}
			n->be_len[i] = htonl((uint32_t)len);
			n->iov[cnt++] = (struct iovec){ &n->be_len[i], sizeof(n->be_len[i]) };
			add_frame(n, e, NET_HDR_LEN, &cnt);
		}
		count(&n->stats.tx_frames, 1);
		count(&n->stats.tx_bytes, len);
	}
	if (!n->be.vnet_hdr && cnt)
		send_all(n, n->iov, cnt);
	vpci_virtio_push_n(n->d->v, TXQ, done, zero, k);
}

static void net_serve(struct virtio_dev *d, unsigned q)
{
	struct net_dev *n = model(d);
	unsigned k;
	int r = 0;

	if (q != TXQ)
		return;
	for (;;) {
		for (k = 0; k < TX_BATCH && (r = vpci_virtio_pop(d->v, TXQ, &n->tx[k])) > 0; k++)
			;
		if (k)
			tx_send(n, k);
		if (k == TX_BATCH)
			continue;
		if (r < 0 || vpci_virtio_idle(d->v, TXQ))
			return;
	}
}

/* ---- receive ---- */

/* Give every held buffer back empty (a reset: the transport drops them). */
static void rx_drop_held(struct net_dev *n)
{
	memset(n->lens, 0, sizeof(n->lens));
	vpci_virtio_push_n(n->d->v, RXQ, (const struct vpci_vq_elem *const *)n->held, n->lens,
			   n->nheld);
	n->nheld = 0;
	n->staged = false;
}

/* Take one more buffer: 1, or 0 when the driver has none posted (it will kick). */
static int rx_take(struct net_dev *n)
{
	for (;;) {
		struct vpci_vq_elem *e = n->held[n->nheld];
		int r = vpci_virtio_pop(n->d->v, RXQ, e);

		if (r > 0 && (e->n_out || e->in_len < NET_HDR_LEN)) {
			/* Not a receive buffer: back as it came, and logged. */
			vpci_misuse(vpci_virtio_device(n->d->v), MISUSE_RX_BUF,
				    "receive: a buffer of %zu bytes, %u readable parts", e->in_len,
				    e->n_out);
			vpci_virtio_push(n->d->v, RXQ, e, 0);
			continue;
		}
		if (r > 0) {
			n->nheld++;
			return 1;
		}
		if (r < 0 || vpci_virtio_idle(n->d->v, RXQ))
			return 0;
	}
}

/* The first used held buffers, filled to n->lens, back to the driver at once. */
static void rx_give_back(struct net_dev *n, unsigned used)
{
	vpci_virtio_push_n(n->d->v, RXQ, (const struct vpci_vq_elem *const *)n->held, n->lens,
			   used);
	/* The rest stay held, first in line; the used ones' storage goes round. */
	if (used < n->nheld) {
		struct vpci_vq_elem *tmp[RX_HOLD];
		unsigned rest = n->nheld - used;

		memcpy(tmp, n->held, used * sizeof(tmp[0]));
		memmove(n->held, n->held + used, rest * sizeof(tmp[0]));
		memcpy(n->held + rest, tmp, used * sizeof(tmp[0]));
	}
	n->nheld -= used;
}

/*
 * Deliver the staged frame (mrg: the driver took mergeable buffers): true
 * when done (delivered or dropped), false when out of buffers.
 */
static bool rx_deliver(struct net_dev *n, bool mrg)
{
	unsigned used;

	for (;;) {
		used = net_rx_fill(n->held, n->nheld, mrg, &n->hdr, n->frame, n->frame_len, n->lens);
		if (used)
			break;
		if (!mrg && n->nheld) {
			/* One buffer must take it all, and this one cannot. */
			count(&n->stats.rx_dropped, 1);
			return true;
		}
		if (n->nheld == RX_HOLD) {	/* the whole ring cannot hold it */
			count(&n->stats.rx_dropped, 1);
			return true;
		}
		if (!rx_take(n))
			return false;
	}
	rx_give_back(n, used);
	count(&n->stats.rx_frames, 1);
	count(&n->stats.rx_bytes, n->frame_len);
	return true;
}

static void backend_gone(struct net_dev *n, const char *why)
{
	n->backend_gone = true;
	vpci_misuse(vpci_virtio_device(n->d->v), MISUSE_BACKEND, "the backend: %s", why);
}

/*
 * The helper: read what its socket holds into our buffer, whether the
 * guest has buffers posted or not, so that a burst waits here rather
 * than in a socket buffer an unprivileged user cannot make large. True if
 * bytes came.
 */
static bool stream_fill(struct net_dev *n)
{
	size_t room;
	uint8_t *at = net_stream_room(&n->stream, &room, !n->staged);
	ssize_t r;

	if (!room || n->backend_gone)
		return false;
	r = read(n->be.fd, at, room);
	if (r == 0)
		backend_gone(n, "the helper ended");
	if (r < 0 && errno != EAGAIN && errno != EINTR)
		backend_gone(n, strerror(errno));
	if (r <= 0)
		return false;
	n->stream.end += (size_t)r;
	return true;
}

/* Does the backend's descriptor want polling for input? */
static bool rx_poll_backend(struct net_dev *n, bool want)
{
	size_t room;

	if (n->backend_gone)
		return false;
	if (!n->be.stream)
		return want;	/* a tap queues frames itself until the guest has room */
	net_stream_room(&n->stream, &room, false);
	return room || (!n->staged && n->stream.start);
}

/* Read the next frame from the backend into the stage: false if none is there now. */
static bool rx_next(struct net_dev *n)
{
	ssize_t r;

	if (n->be.vnet_hdr) {
		r = read(n->be.fd, n->tap_buf, NET_HDR_LEN + NET_FRAME_MAX);
		if (r < 0) {
			if (errno != EAGAIN && errno != EINTR)
				backend_gone(n, strerror(errno));
			return false;
		}
		if ((size_t)r < NET_HDR_LEN + NET_ETH_HLEN) {
			count(&n->stats.rx_dropped, 1);
			return true;	/* nothing staged: the caller reads on */
		}
		memcpy(&n->hdr, n->tap_buf, NET_HDR_LEN);
		n->frame = n->tap_buf + NET_HDR_LEN;
		n->frame_len = (size_t)r - NET_HDR_LEN;
		n->staged = true;
		return true;
	}
	for (;;) {
		int got = net_stream_next(&n->stream, &n->frame, &n->frame_len);

		if (got < 0) {
			backend_gone(n, "the helper sent a frame length out of range");
			return false;
		}
		if (got > 0) {
			memset(&n->hdr, 0, sizeof(n->hdr));
			n->staged = true;
			return true;
		}
		if (!stream_fill(n))
			return false;
	}
}

/* What rx_tap_direct() did. */
enum rx_direct { RX_DELIVERED, RX_DRY, RX_FEW_BUFFERS };

/*
 * A tap, mergeable buffers: read the next frame straight into the
 * buffers the driver posted, when they can hold the largest (header
 * included), instead of through tap_buf and a copy: that copy was a
 * fifth of the receive thread's time at 64 KiB frames. Then only the
 * header's buffer count is ours to write. Fewer buffers than that
 * posted: the caller stages the frame in tap_buf as before.
 */
static enum rx_direct rx_tap_direct(struct net_dev *n)
{
	size_t have = 0, need = NET_HDR_LEN + NET_FRAME_MAX, left;
	unsigned i, j, cnt = 0, used = 0;
	uint16_t nbufs;
	ssize_t r;

	for (i = 0; i < n->nheld; i++)
		have += n->held[i]->in_len;
	while (have < need) {
		if (n->nheld == RX_HOLD || !rx_take(n))
			return RX_FEW_BUFFERS;
		have += n->held[n->nheld - 1]->in_len;
	}
	for (i = 0, have = 0; i < n->nheld && have < need; i++) {
		const struct vpci_vq_elem *e = n->held[i];

		if (cnt + e->n_in > TX_IOV_MAX)
			return RX_FEW_BUFFERS;
		for (j = 0; j < e->n_in; j++)
			n->rx_iov[cnt++] = e->iov[e->n_out + j];
		have += e->in_len;
	}
	r = readv(n->be.fd, n->rx_iov, (int)cnt);
	if (r < 0) {
		if (errno != EAGAIN && errno != EINTR)
			backend_gone(n, strerror(errno));
		return RX_DRY;
	}
	if ((size_t)r < NET_HDR_LEN + NET_ETH_HLEN) {
		count(&n->stats.rx_dropped, 1);	/* the buffers stay held, for the next */
		return RX_DELIVERED;
	}
	for (left = (size_t)r; left; used++) {
		size_t part = left < n->held[used]->in_len ? left : n->held[used]->in_len;

		n->lens[used] = (uint32_t)part;
		left -= part;
	}
	nbufs = (uint16_t)used;	/* little-endian, as this host */
	vpci_iov_from_buf(n->held[0]->iov + n->held[0]->n_out, n->held[0]->n_in,
			  offsetof(struct virtio_net_hdr_v1, num_buffers), &nbufs, sizeof(nbufs));
	rx_give_back(n, used);
	count(&n->stats.rx_frames, 1);
	count(&n->stats.rx_bytes, (size_t)r - NET_HDR_LEN);
	return RX_DELIVERED;
}

/* Frames to the guest until the backend is dry (true) or the buffers are (false). */
static bool rx_pump(struct net_dev *n)
{
	uint64_t f = vpci_virtio_features(n->d->v);

	if (n->be.vnet_hdr && f != n->offloads_set && net_tap_set_offloads(&n->be, f) == 0)
		n->offloads_set = f;
	bool mrg = f & (1ULL << VIRTIO_NET_F_MRG_RXBUF);

	while (!n->backend_gone) {
		if (!n->staged && n->be.vnet_hdr && mrg) {
			enum rx_direct d = rx_tap_direct(n);

			if (d == RX_DRY)
				return true;
			if (d == RX_DELIVERED)
				continue;
		}
		if (!n->staged && !rx_next(n))
			return true;
		if (!n->staged)
			continue;
		if (!rx_deliver(n, mrg))
			return false;
		n->staged = false;
	}
	return true;
}

static void *rx_main(void *arg)
{
	struct net_dev *n = arg;
	bool want = true;	/* the guest may have buffers: read the backend */

	jail_enter(JAIL_NET);
	while (!atomic_load(&n->stop)) {
		struct pollfd p[2] = {
			{ .fd = n->wake_fd, .events = POLLIN },
			{ .fd = rx_poll_backend(n, want) ? n->be.fd : -1, .events = POLLIN },
		};
		uint64_t v;

		if (poll(p, 2, -1) < 0)
			continue;	/* EINTR: signals are blocked here, but still */
		if (p[0].revents && read(n->wake_fd, &v, sizeof(v)) == sizeof(v))
			want = true;
		if (n->be.stream && p[1].revents)
			stream_fill(n);
		if (atomic_exchange(&n->reset, false))
			rx_drop_held(n);
		if (atomic_load(&n->stop))
			break;
		if (want)
			want = rx_pump(n);
	}
	return NULL;
}

/* ---- the device ---- */

static void net_kick(struct virtio_dev *d, unsigned q)
{
	if (q == RXQ)
		wake(model(d));		/* buffers posted: the receive thread goes on */
	else
		virtio_worker_kick(&d->worker, q);
}

static void net_reset(struct virtio_dev *d)
{
	struct net_dev *n = model(d);

	atomic_store(&n->reset, true);
	wake(n);
}

static void net_stop(struct virtio_dev *d)
{
	struct net_dev *n = model(d);

	atomic_store(&n->stop, true);
	if (n->rx_started) {
		wake(n);
		pthread_join(n->rx_thread, NULL);
		n->rx_started = false;
	}
}

/* The model's memory and descriptors (its threads are stopped or never ran). */
static void net_model_free(struct net_dev *n)
{
	if (n->wake_fd >= 0)
		close(n->wake_fd);
	free(n->tx);
	free(n->pool);
	free(n->tap_buf);
	free(n->stream.buf);
	free(n);
}

static void net_free(struct virtio_dev *d)
{
	struct net_dev *n = model(d);

	/* Its threads are stopped: virtio_dev_stop ran first (or they never started). */
	if (n->stats.tx_dropped)
		fprintf(stderr, "uvmm: virtio-net: dropped %llu frames the guest sent (malformed)\n",
			(unsigned long long)n->stats.tx_dropped);
	net_backend_close(&n->be);
	net_model_free(n);
}

static struct net_dev *net_model_new(const struct net_backend *be, unsigned mtu)
{
	struct net_dev *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->be = *be;
	n->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	n->tx = calloc(TX_BATCH, sizeof(*n->tx));
	n->pool = calloc(RX_HOLD, sizeof(*n->pool));
	n->max_frame = mtu + NET_ETH_HLEN + 4;
	if (be->vnet_hdr)
		n->tap_buf = malloc(NET_HDR_LEN + NET_FRAME_MAX);
	else
		n->stream = (struct net_stream){ .buf = malloc(STREAM_BUF), .cap = STREAM_BUF };
	if (n->wake_fd < 0 || !n->tx || !n->pool || !(n->tap_buf || n->stream.buf)) {
		net_model_free(n);
		return NULL;
	}
	for (unsigned i = 0; i < RX_HOLD; i++)
		n->held[i] = &n->pool[i];
	return n;
}

struct virtio_dev *virtio_net_add_backend(struct vpci_bus *bus, const struct vpci_dma *dma,
					  const struct net_spec *spec, struct net_backend *be,
					  char *err, size_t errlen)
{
	struct virtio_net_config cfg = {
		.status = VIRTIO_NET_S_LINK_UP,
		.max_virtqueue_pairs = 1,
	};
	struct vpci_virtio_info info = {
		.name = "virtio-net",
		.type = VIRTIO_ID_NET,
		.class_code = 0x020000,		/* network controller, Ethernet */
		.features = (1ULL << VIRTIO_NET_F_MAC) | (1ULL << VIRTIO_NET_F_STATUS) |
			    (1ULL << VIRTIO_NET_F_MRG_RXBUF) | be->offloads,
		.nr_queues = 2,
		.queue_size = NET_QUEUE_SIZE,
		.config = &cfg,
		.config_len = sizeof(cfg),
	};
	/* A tap's MTU is the host's business; the helper's is ours to say. */
	unsigned mtu = be->vnet_hdr ? 65535 - NET_ETH_HLEN : spec->mtu;
	struct virtio_dev *d = calloc(1, sizeof(*d));
	struct net_dev *n = d ? net_model_new(be, mtu) : NULL;

	if (!n) {
		free(d);
		net_backend_close(be);
		snprintf(err, errlen, "virtio-net: out of memory");
		return NULL;
	}
	memcpy(cfg.mac, spec->mac, sizeof(cfg.mac));
	if (!be->vnet_hdr) {
		info.features |= 1ULL << VIRTIO_NET_F_MTU;
		cfg.mtu = (uint16_t)spec->mtu;
	}
	n->d = d;
	d->model = n;
	d->role = JAIL_NET;
	d->kick = net_kick;
	d->serve = net_serve;
	d->reset = net_reset;
	d->stop = net_stop;
	d->free_model = net_free;
	if (virtio_dev_plug(d, bus, &info, dma, err, errlen))
		return NULL;	/* d and n freed, the backend closed */
	/* On the bus now: from here on the bus frees it. */
	if (virtio_thread_create(&n->rx_thread, rx_main, n, err, errlen))
		return NULL;
	n->rx_started = true;
	return d;
}

struct virtio_dev *virtio_net_add(struct vpci_bus *bus, const struct vpci_dma *dma,
				  const struct net_spec *spec, char *err, size_t errlen)
{
	struct net_backend be;

	if (spec->type == NET_TAP ? net_tap_open(spec->ifname, &be, err, errlen)
				  : net_user_start(spec, &be, err, errlen))
		return NULL;
	return virtio_net_add_backend(bus, dma, spec, &be, err, errlen);
}

const struct net_stats *virtio_net_stats(struct virtio_dev *d)
{
	return &model(d)->stats;
}
