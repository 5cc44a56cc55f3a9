// SPDX-License-Identifier: GPL-2.0
/* AF_UNIX round trip: one byte there and back over a stream socketpair. */
#include "pingpong.h"
#include "probe.h"

#include <sys/socket.h>

#define W "unix-rtt"

int main(int argc, char **argv)
{
	struct probe_opts o;
	int sv[2];

	probe_parse(argc, argv, W, &o);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		probe_die(W, "socketpair");
	probe_result(W, pingpong_ns(W, sv[0], sv[0], sv[1], sv[1],
				    o.min_seconds) / 1e3, "us");
	return 0;
}
