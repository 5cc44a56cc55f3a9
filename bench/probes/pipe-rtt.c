// SPDX-License-Identifier: GPL-2.0
/* Pipe round trip: one byte there and back between two processes. */
#include "pingpong.h"
#include "probe.h"

#include <unistd.h>

#define W "pipe-rtt"

int main(int argc, char **argv)
{
	struct probe_opts o;
	int to_child[2], to_parent[2];

	probe_parse(argc, argv, W, &o);
	if (pipe(to_child) || pipe(to_parent))
		probe_die(W, "pipe");
	probe_result(W, pingpong_ns(W, to_parent[0], to_child[1], to_child[0],
				    to_parent[1], o.min_seconds) / 1e3, "us");
	return 0;
}
