// SPDX-License-Identifier: GPL-2.0
/*
 * The passthrough bench's TCP client (bench/passthrough/): fetches one
 * file over HTTP/1.0 and reads it in 1 MiB reads, as bulk-transfer tools
 * (iperf reads 128 KiB) do, so that the figure is the network path's
 * rather than the cost of a syscall per 4 KiB (busybox wget's reads).
 *   tcp-get ADDRESS PORT PATH
 * prints "BYTES SECONDS MIB_PER_S" (connect to end of file).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BUF (1 << 20)

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	static char buf[BUF];
	long long total = 0;
	double t0, t;
	ssize_t r;
	int fd, n;

	if (argc != 4 || inet_pton(AF_INET, argv[1], &a.sin_addr) != 1) {
		fprintf(stderr, "usage: tcp-get ADDRESS PORT PATH\n");
		return 2;
	}
	a.sin_port = htons(atoi(argv[2]));
	fd = socket(AF_INET, SOCK_STREAM, 0);
	t0 = now();
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		perror("tcp-get: connect");
		return 1;
	}
	n = snprintf(buf, BUF, "GET %s HTTP/1.0\r\n\r\n", argv[3]);
	if (write(fd, buf, n) != n) {
		perror("tcp-get: write");
		return 1;
	}
	while ((r = read(fd, buf, BUF)) > 0)
		total += r;
	t = now() - t0;
	if (r < 0) {
		perror("tcp-get: read");
		return 1;
	}
	printf("%lld %.3f %.3f\n", total, t, total / t / (1 << 20));
	return 0;
}
