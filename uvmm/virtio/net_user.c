// SPDX-License-Identifier: GPL-2.0
/*
 * --net user: our slirp helper (uvmm/slirp/, build/uvmm-slirp next to
 * uvmm) as the guest's user-mode network. It runs as its own process on
 * one end of a socket pair: uvmm keeps no socket rights of its own, and
 * the helper ends with the stream (uvmm's exit) or with uvmm itself (its
 * parent-death signal), so none outlives uvmm. It says "ready" on a pipe
 * of ours once its forwards are bound; the pipe's end without that means
 * it refused, and its last line on stderr says why.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "virtio/devices.h"
#include "virtio/net_backend.h"

#define HELPER_NAME		"uvmm-slirp"
#define HELPER_READY_MS		10000	/* it is ready in a few ms; a loaded CI box is slower */
#define HELPER_SOCK_FD		3	/* the descriptors the helper gets, by number */
#define HELPER_READY_FD		4
#define HELPER_SOCK_BUF		(4 << 20)

/* Append a formatted argument; false when argv or buf is full. */
static bool arg(char **argv, int *n, int max, char **buf, size_t *left, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
static bool arg(char **argv, int *n, int max, char **buf, size_t *left, const char *fmt, ...)
{
	va_list ap;
	int len;

	if (*n + 1 >= max)
		return false;
	va_start(ap, fmt);
	len = vsnprintf(*buf, *left, fmt, ap);
	va_end(ap);
	if (len < 0 || (size_t)len >= *left)
		return false;
	argv[(*n)++] = *buf;
	*buf += len + 1;
	*left -= (size_t)len + 1;
	return true;
}

int net_user_argv(const struct net_spec *spec, const char *helper, char **argv, int max,
		  char *buf, size_t buflen)
{
	bool fits = true;
	int n = 0;

	fits &= arg(argv, &n, max, &buf, &buflen, "%s", helper);
	fits &= arg(argv, &n, max, &buf, &buflen, "--fd");
	fits &= arg(argv, &n, max, &buf, &buflen, "%d", HELPER_SOCK_FD);
	fits &= arg(argv, &n, max, &buf, &buflen, "--ready");
	fits &= arg(argv, &n, max, &buf, &buflen, "%d", HELPER_READY_FD);
	fits &= arg(argv, &n, max, &buf, &buflen, "--mtu");
	fits &= arg(argv, &n, max, &buf, &buflen, "%u", spec->mtu);
	for (unsigned i = 0; i < spec->nr_fwd; i++) {
		const struct net_fwd *f = &spec->fwd[i];

		fits &= arg(argv, &n, max, &buf, &buflen, "--hostfwd");
		fits &= arg(argv, &n, max, &buf, &buflen, "%s:%s:%u:%u", f->udp ? "udp" : "tcp",
			    f->addr, f->host_port, f->guest_port);
	}
	if (!fits)
		return -1;
	argv[n] = NULL;
	return n;
}

/* The child: the numbered descriptors, then the helper. Async-signal-safe calls only. */
static void __attribute__((noreturn)) exec_helper(char **argv, int sock, int ready, int errw)
{
	static const char msg[] = "cannot run " HELPER_NAME " (make builds it next to uvmm)\n";

	if (dup2(errw, STDERR_FILENO) < 0 || dup2(sock, HELPER_SOCK_FD) < 0 ||
	    dup2(ready, HELPER_READY_FD) < 0)
		_exit(127);
	close_range(HELPER_READY_FD + 1, ~0U, 0);
	/* ^C at a terminal is the guest's (raw tty) or uvmm's, which ends the helper. */
	signal(SIGINT, SIG_IGN);
	execv(argv[0], argv);
	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(127);
	_exit(127);
}

/* The helper's last line on stderr (it says why it refused), or "". */
static void last_words(int fd, char *out, size_t outlen)
{
	char buf[4096], *line, *save = NULL;
	size_t len = 0;
	ssize_t r;

	while (len < sizeof(buf) - 1 && (r = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)r;
	buf[len] = '\0';
	out[0] = '\0';
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		snprintf(out, outlen, "%s", line);
}

/* build/uvmm-slirp: next to the uvmm binary that runs. */
static int helper_path(char *path, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", path, len - 1);
	char *slash;

	if (n < 0)
		return -1;
	path[n] = '\0';
	slash = strrchr(path, '/');
	if (!slash || (size_t)(slash + 1 - path) + sizeof(HELPER_NAME) > len)
		return -1;
	strcpy(slash + 1, HELPER_NAME);
	return 0;
}

int net_user_start(const struct net_spec *spec, struct net_backend *b, char *err, size_t errlen)
{
	char path[PATH_MAX], *argv[64], buf[2048], words[512];
	int sv[2], rp[2], ep[2], bufsize = HELPER_SOCK_BUF;
	struct pollfd p;
	ssize_t r;
	pid_t pid;

	memset(b, 0, sizeof(*b));
	b->fd = b->helper_err = -1;
	b->stream = true;
	if (helper_path(path, sizeof(path)) < 0 || access(path, X_OK) < 0) {
		snprintf(err, errlen, "--net user: cannot find %s next to uvmm", HELPER_NAME);
		return -1;
	}
	if (net_user_argv(spec, path, argv, 64, buf, sizeof(buf)) < 0) {
		snprintf(err, errlen, "--net user: too many options");
		return -1;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		goto fail;
	if (pipe2(rp, O_CLOEXEC) < 0)
		goto fail_sock;
	if (pipe2(ep, O_CLOEXEC) < 0)
		goto fail_ready;
	/* Its stderr never blocks it: we read it when it refuses or ends. */
	fcntl(ep[1], F_SETFL, O_NONBLOCK);
	/* A stream socket's queue is its writer's buffer (capped by
	 * net.core.wmem_max; net.c's own buffer takes the bursts). */
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &bufsize, sizeof(bufsize));
	setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &bufsize, sizeof(bufsize));
	pid = fork();
	if (pid < 0)
		goto fail_err;
	if (pid == 0)
		exec_helper(argv, sv[1], rp[1], ep[1]);
	close(sv[1]);
	close(rp[1]);
	close(ep[1]);

	p = (struct pollfd){ .fd = rp[0], .events = POLLIN };
	r = poll(&p, 1, HELPER_READY_MS) == 1 ? read(rp[0], buf, sizeof(buf)) : -1;
	close(rp[0]);
	if (r <= 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		last_words(ep[0], words, sizeof(words));
		close(ep[0]);
		close(sv[0]);
		snprintf(err, errlen, "--net user: %s", r < 0 ? HELPER_NAME " not ready after 10 s" :
			 words[0] ? words : HELPER_NAME " exited");
		return -1;
	}
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	b->fd = sv[0];
	b->helper = pid;
	b->helper_err = ep[0];
	return 0;

fail_err:
	close(ep[0]);
	close(ep[1]);
fail_ready:
	close(rp[0]);
	close(rp[1]);
fail_sock:
	close(sv[0]);
	close(sv[1]);
fail:
	snprintf(err, errlen, "--net user: cannot start %s: %s", HELPER_NAME, strerror(errno));
	return -1;
}

void net_backend_close(struct net_backend *b)
{
	char words[512];

	if (b->fd >= 0)
		close(b->fd);
	b->fd = -1;
	if (b->helper > 0) {
		/* It ends at the end of its stream; what it said on the way is shown. */
		waitpid(b->helper, NULL, 0);
		b->helper = 0;
		last_words(b->helper_err, words, sizeof(words));
		if (words[0])
			fprintf(stderr, "uvmm: %s\n", words);
	}
	if (b->helper_err >= 0)
		close(b->helper_err);
	b->helper_err = -1;
}
