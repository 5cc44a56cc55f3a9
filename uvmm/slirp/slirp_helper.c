// SPDX-License-Identifier: GPL-2.0
/*
 * uvmm-slirp: the user-mode network of --net user, a process of its own
 * around libslirp (QEMU's user network stack, Debian's libslirp0). uvmm
 * starts it on one end of a socket pair and speaks frames with it
 * (uvmm/virtio/net_stream.h); it makes the host sockets the guest's
 * connections need, so uvmm itself keeps no socket rights (its jail).
 *
 *   uvmm-slirp --fd N --ready N [--mtu N] [--hostfwd tcp|udp:ADDR:HPORT:GPORT]...
 *
 * The address plan is QEMU's: the guest 10.0.2.15 (DHCP), the gateway
 * 10.0.2.2 (which is the host: its loopback too), DNS at 10.0.2.3
 * (the host's resolvers). It writes "ready" to the --ready descriptor once
 * every forward is bound, or says why not on stderr and exits 1. It ends
 * when uvmm's end of the stream closes, or uvmm dies (parent-death signal).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <slirp/libslirp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "virtio/net_stream.h"

#define MAX_TIMERS	64
#define MAX_POLL	1024
#define STREAM_BUF	(4 << 20)
#define OUT_BUF		(1 << 20)

struct timer {
	SlirpTimerCb cb;
	void *opaque;
	int64_t expire_ms;	/* -1: not armed */
	bool used;
};

static struct {
	Slirp *slirp;
	int fd;
	struct timer timers[MAX_TIMERS];
	struct pollfd pfd[MAX_POLL];
	int npfd;
	struct net_stream in;
	uint8_t out[OUT_BUF];
	size_t out_len;
} h;

static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;

	fputs("uvmm-slirp: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Write all of buf (the socket blocks when full); uvmm gone: the end. */
static void write_all(const uint8_t *buf, size_t len)
{
	while (len) {
		ssize_t w = send(h.fd, buf, len, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			exit(0);
		buf += w;
		len -= (size_t)w;
	}
}

/* What is queued for the guest, in one write: once per loop, or when full. */
static void flush(void)
{
	write_all(h.out, h.out_len);
	h.out_len = 0;
}

/* A frame for the guest, behind its length, queued (slirp sends many in a row). */
static ssize_t send_packet(const void *buf, size_t len, void *opaque)
{
	uint32_t be = htonl((uint32_t)len);

	(void)opaque;
	if (len > NET_FRAME_MAX)
		return -1;
	if (h.out_len + sizeof(be) + len > OUT_BUF)
		flush();
	memcpy(h.out + h.out_len, &be, sizeof(be));
	memcpy(h.out + h.out_len + sizeof(be), buf, len);
	h.out_len += sizeof(be) + len;
	return (ssize_t)len;
}

static void guest_error(const char *msg, void *opaque)
{
	(void)opaque;
	(void)msg;	/* the guest's own mistakes: nothing for uvmm's user */
}

static int64_t clock_get_ns(void *opaque)
{
	(void)opaque;
	return now_ns();
}

static void *timer_new(SlirpTimerCb cb, void *cb_opaque, void *opaque)
{
	(void)opaque;
	for (int i = 0; i < MAX_TIMERS; i++)
		if (!h.timers[i].used) {
			h.timers[i] = (struct timer){ cb, cb_opaque, -1, true };
			return &h.timers[i];
		}
	die("out of timers");
}

static void timer_free(void *t, void *opaque)
{
	(void)opaque;
	((struct timer *)t)->used = false;
}

static void timer_mod(void *t, int64_t expire_ms, void *opaque)
{
	(void)opaque;
	((struct timer *)t)->expire_ms = expire_ms;
}

static void no_fd(int fd, void *opaque)
{
	(void)fd;
	(void)opaque;
}

static void notify(void *opaque)
{
	(void)opaque;
}

static const SlirpCb callbacks = {
	.send_packet = send_packet,
	.guest_error = guest_error,
	.clock_get_ns = clock_get_ns,
	.timer_new = timer_new,
	.timer_free = timer_free,
	.timer_mod = timer_mod,
	.register_poll_fd = no_fd,
	.unregister_poll_fd = no_fd,
	.notify = notify,
};

static int add_poll(int fd, int events, void *opaque)
{
	short ev = 0;

	(void)opaque;
	if (h.npfd >= MAX_POLL)
		return -1;
	ev |= (events & SLIRP_POLL_IN) ? POLLIN : 0;
	ev |= (events & SLIRP_POLL_OUT) ? POLLOUT : 0;
	ev |= (events & SLIRP_POLL_PRI) ? POLLPRI : 0;
	h.pfd[h.npfd] = (struct pollfd){ .fd = fd, .events = ev };
	return h.npfd++;
}

static int get_revents(int idx, void *opaque)
{
	short r;

	(void)opaque;
	if (idx < 0 || idx >= h.npfd)
		return 0;
	r = h.pfd[idx].revents;
	return ((r & POLLIN) ? SLIRP_POLL_IN : 0) | ((r & POLLOUT) ? SLIRP_POLL_OUT : 0) |
	       ((r & POLLPRI) ? SLIRP_POLL_PRI : 0) | ((r & POLLERR) ? SLIRP_POLL_ERR : 0) |
	       ((r & POLLHUP) ? SLIRP_POLL_HUP : 0);
}

/* Run the timers that are due; the milliseconds to the next one (or -1). */
static int run_timers(void)
{
	int64_t now = now_ns() / 1000000, next = -1;

	for (int i = 0; i < MAX_TIMERS; i++) {
		struct timer *t = &h.timers[i];

		if (!t->used || t->expire_ms < 0)
			continue;
		if (t->expire_ms <= now) {
			t->expire_ms = -1;
			t->cb(t->opaque);
		}
		if (t->used && t->expire_ms >= 0 && (next < 0 || t->expire_ms - now < next))
			next = t->expire_ms > now ? t->expire_ms - now : 0;
	}
	return (int)next;
}

/* Frames from uvmm into the stack; ends the helper with the stream. */
static void from_uvmm(void)
{
	const uint8_t *frame;
	size_t room, len;
	uint8_t *at;
	ssize_t r;
	int got;

	at = net_stream_room(&h.in, &room, true);
	r = recv(h.fd, at, room, MSG_DONTWAIT);
	if (r == 0)
		exit(0);
	if (r < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return;
		exit(0);
	}
	h.in.end += (size_t)r;
	while ((got = net_stream_next(&h.in, &frame, &len)) > 0)
		slirp_input(h.slirp, frame, (int)len);
	if (got < 0)
		die("a frame length out of range from uvmm");
}

static void hostfwd(const char *spec)
{
	char proto[4], addr[64];
	unsigned hport, gport;
	struct in_addr host = { INADDR_ANY }, guest;
	int udp;

	if (sscanf(spec, "%3[a-z]:%63[^:]:%u:%u", proto, addr, &hport, &gport) != 4 &&
	    (addr[0] = '\0', sscanf(spec, "%3[a-z]::%u:%u", proto, &hport, &gport) != 3))
		die("bad --hostfwd %s", spec);
	udp = !strcmp(proto, "udp");
	if ((!udp && strcmp(proto, "tcp")) || hport > 65535 || gport > 65535 ||
	    (addr[0] && inet_pton(AF_INET, addr, &host) != 1))
		die("bad --hostfwd %s", spec);
	inet_pton(AF_INET, "10.0.2.15", &guest);
	if (slirp_add_hostfwd(h.slirp, udp, host, (int)hport, guest, (int)gport) < 0)
		die("cannot forward %s %s:%u: %s", proto, addr[0] ? addr : "*", hport,
		    strerror(errno ? errno : EADDRINUSE));
}

int main(int argc, char **argv)
{
	SlirpConfig cfg = {
		.version = 4,
		.in_enabled = true,
		.if_mtu = 1500,
		.if_mru = 1500,
	};
	int ready = -1, timeout;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	signal(SIGPIPE, SIG_IGN);
	inet_pton(AF_INET, "10.0.2.0", &cfg.vnetwork);
	inet_pton(AF_INET, "255.255.255.0", &cfg.vnetmask);
	inet_pton(AF_INET, "10.0.2.2", &cfg.vhost);
	inet_pton(AF_INET, "10.0.2.15", &cfg.vdhcp_start);
	inet_pton(AF_INET, "10.0.2.3", &cfg.vnameserver);
	h.fd = -1;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--fd"))
			h.fd = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--ready"))
			ready = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--mtu"))
			cfg.if_mtu = cfg.if_mru = (size_t)atoi(argv[i + 1]);
	}
	if (h.fd < 0 || ready < 0)
		die("usage: uvmm-slirp --fd N --ready N [--mtu N] [--hostfwd tcp|udp:ADDR:HPORT:GPORT]...");
	h.in = (struct net_stream){ .buf = malloc(STREAM_BUF), .cap = STREAM_BUF };
	h.slirp = slirp_new(&cfg, &callbacks, NULL);
	if (!h.slirp || !h.in.buf)
		die("cannot start libslirp");
	for (int i = 1; i + 1 < argc; i += 2)
		if (!strcmp(argv[i], "--hostfwd"))
			hostfwd(argv[i + 1]);
	if (write(ready, "ready\n", 6) != 6)
		die("cannot say it is ready");
	close(ready);

	for (;;) {
		uint32_t t;
		int n;

		timeout = run_timers();
		flush();
		t = timeout < 0 ? UINT32_MAX : (uint32_t)timeout;
		h.npfd = 0;
		add_poll(h.fd, SLIRP_POLL_IN, NULL);
		slirp_pollfds_fill(h.slirp, &t, add_poll, NULL);
		n = poll(h.pfd, (nfds_t)h.npfd, t == UINT32_MAX ? -1 : (int)t);
		if (n < 0 && errno != EINTR)
			die("poll: %s", strerror(errno));
		if (n > 0 && (h.pfd[0].revents & (POLLIN | POLLHUP | POLLERR)))
			from_uvmm();
		slirp_pollfds_poll(h.slirp, n < 0, get_revents, NULL);
	}
}
