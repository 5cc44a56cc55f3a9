// SPDX-License-Identifier: GPL-2.0
/* TCP loopback round trip: one byte there and back over 127.0.0.1. */
#include "pingpong.h"
#include "probe.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stddef.h>
#include <sys/socket.h>

#define W "tcp-rtt"

static void nodelay(int fd)
{
	int one = 1;

	/* Without it Nagle would hold every second one-byte segment. */
	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)))
		probe_die(W, "setsockopt TCP_NODELAY");
}

int main(int argc, char **argv)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	struct probe_opts o;
	int lsn, cli, srv;

	probe_parse(argc, argv, W, &o);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lsn = socket(AF_INET, SOCK_STREAM, 0);
	if (lsn < 0)
		probe_die(W, "socket");
	/* Port 0: the kernel picks a free one, so runs never collide. */
	if (bind(lsn, (struct sockaddr *)&addr, sizeof(addr)))
		probe_die(W, "bind 127.0.0.1 (is lo up?)");
	if (listen(lsn, 1) || getsockname(lsn, (struct sockaddr *)&addr, &len))
		probe_die(W, "listen");
	cli = socket(AF_INET, SOCK_STREAM, 0);
	if (cli < 0)
		probe_die(W, "socket");
	if (connect(cli, (struct sockaddr *)&addr, sizeof(addr)))
		probe_die(W, "connect");
	srv = accept(lsn, NULL, NULL);
	if (srv < 0)
		probe_die(W, "accept");
	nodelay(cli);
	nodelay(srv);
	probe_result(W, pingpong_ns(W, cli, cli, srv, srv, o.min_seconds) / 1e3,
		     "us");
	return 0;
}
