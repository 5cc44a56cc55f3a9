// SPDX-License-Identifier: GPL-2.0
/* Processes: syscalls and errno, fork/vfork/wait, exec, copy-on-write, kill. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tap.h"	/* tests/lib/tap.h: flushes each line, so fork() repeats nothing */

static int cow_value = 1;

int main(void)
{
	struct utsname u;
	int status, fds[2];
	pid_t pid;
	char buf[16];

	ok(uname(&u) == 0 && strcmp(u.machine, "x86_64") == 0, "uname -m is x86_64 (%s)", u.machine);
	ok(getpid() > 1 && getppid() >= 1, "getpid %d, getppid %d", getpid(), getppid());
	errno = 0;
	ok(syscall(4242) == -1 && errno == ENOSYS, "an unknown syscall number: ENOSYS");
	errno = 0;
	ok(syscall(0x40000000 | SYS_getpid) == -1 && errno == ENOSYS, "an x32 syscall number: ENOSYS");
	errno = 0;
	ok(write(-1, "x", 1) == -1 && errno == EBADF, "write to fd -1: EBADF");
	errno = 0;
	{
		void *volatile bad = (void *)16;

		ok(write(1, bad, 1) == -1 && errno == EFAULT, "write from a bad pointer: EFAULT");
	}

	/* fork, exit status, copy-on-write in both directions */
	pid = fork();
	if (pid == 0) {
		cow_value = 2;
		_exit(cow_value == 2 ? 42 : 1);
	}
	cow_value = 3;
	ok(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	   WEXITSTATUS(status) == 42, "fork: the child exits 42, wait sees it");
	ok(cow_value == 3, "copy-on-write: the child's store is not the parent's");

	/* vfork shares memory until the child execs or exits */
	{
		volatile int shared = 0;

		pid = vfork();
		if (pid == 0) {
			shared = 7;
			_exit(0);
		}
		ok(pid > 0 && waitpid(pid, &status, 0) == pid && shared == 7,
		   "vfork: the child's store is seen by the parent");
	}

	/* pipe between processes, exec */
	ok(pipe(fds) == 0, "pipe");
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		execl("/bin/busybox", "echo", "exec'd", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	memset(buf, 0, sizeof(buf));
	ok(read(fds[0], buf, sizeof(buf) - 1) == 7 && strcmp(buf, "exec'd\n") == 0,
	   "execve of busybox in a child, its output through a pipe");
	ok(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	   "the exec'd child exits 0");

	/* kill: a signal's default action ends a child */
	pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	ok(kill(pid, SIGKILL) == 0 && waitpid(pid, &status, 0) == pid &&
	   WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "kill -9 ends a child");

	/* a busy child is preempted: the parent still runs and can kill it */
	pid = fork();
	if (pid == 0) {
		for (;;)
			;
	}
	usleep(50000);
	ok(kill(pid, SIGTERM) == 0 && waitpid(pid, &status, 0) == pid &&
	   WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM,
	   "a CPU-bound child is preempted; SIGTERM ends it");
	return done_testing();
}
