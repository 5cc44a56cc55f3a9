// SPDX-License-Identifier: GPL-2.0
/*
 * Gate calls for the early console and the hvc console driver: uvmm's
 * stdout and stderr out, its stdin in (watched by the event loop).
 */
#include <errno.h>
#include <poll.h>
#include <unistd.h>

#include "gate/gate.h"
#include "host/event_loop.h"
#include "vm.h"

long gate_console_write(const char *buf, __u64 len, __u32 stream)
{
	int fd = stream == UVMM_CONSOLE_ERR ? STDERR_FILENO : STDOUT_FILENO;
	__u64 done = 0;

	if (!gate_guest_ptr_ok(buf, len))
		return -EFAULT;
	while (done < len) {
		ssize_t n = write(fd, buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;	/* stdout gone: drop output like an unplugged line */
		done += n;
	}
	return len;
}

long gate_console_read(char *buf, __u64 len)
{
	struct event_loop *ev = &the_vm->events;
	struct pollfd p = { .fd = ev->console_fd, .events = POLLIN };
	ssize_t n;

	if (!gate_guest_ptr_ok(buf, len))
		return -EFAULT;	/* and stdin stays as it is */
	if (ev->console_fd < 0)
		return -EPIPE;	/* stdin has ended: nothing more will come */
	if (len == 0)
		return 0;
	if (ev->console_armed && poll(&p, 1, 0) <= 0) {
		event_loop_rearm_console(ev);
		return 0;
	}
	n = read(ev->console_fd, buf, len);
	if (n > 0)
		return n;
	if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
		/* End of input: stop watching, and say so from now on. */
		ev->console_fd = -1;
		return -EPIPE;
	}
	event_loop_rearm_console(ev);
	return 0;
}
