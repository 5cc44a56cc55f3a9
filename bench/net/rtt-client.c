// SPDX-License-Identifier: GPL-2.0
/*
 * The network benchmark's round trip, guest side: connect to rtt.py's
 * server at HOST PORT (retrying for 10 s while the link comes up), then N
 * one-byte round trips; prints the mean in microseconds. Static C, so it
 * runs in every guest alike (UML's among them).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int trip(int fd)
{
	char c = 'x';

	return write(fd, &c, 1) == 1 && read(fd, &c, 1) == 1 ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	int fd = -1, one = 1, n;
	double start;

	if (argc != 4 || inet_pton(AF_INET, argv[1], &a.sin_addr) != 1) {
		fprintf(stderr, "usage: rtt-client HOST PORT N\n");
		return 2;
	}
	a.sin_port = htons((unsigned short)atoi(argv[2]));
	n = atoi(argv[3]);
	for (int i = 0; i < 100; i++) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0)
			break;
		close(fd);
		fd = -1;
		usleep(100000);
	}
	if (fd < 0) {
		perror("rtt-client: connect");
		return 1;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	for (int i = 0; i < 10; i++)
		if (trip(fd))
			return 1;
	start = now();
	for (int i = 0; i < n; i++)
		if (trip(fd))
			return 1;
	printf("%.1f\n", (now() - start) / n * 1e6);
	return 0;
}
