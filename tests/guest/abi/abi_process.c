// SPDX-License-Identifier: GPL-2.0
/* Processes: syscalls and errno, fork/vfork/wait, exec, copy-on-write, kill. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tap.h"	/* tests/lib/tap.h: flushes each line, so fork() repeats nothing */

static int cow_value = 1;
static volatile int cow_data = 1;

/*
 * Each page was written before the fork (so the parent had it mapped
 * writable); after the fork the parent writes it again while the child
 * waits, then the child looks: it must see the old value in every one.
 */
static void test_cow_after_fork(void)
{
	static const char *const names[] = { "data", "heap", "stack", "anonymous mmap",
					     "private file mapping" };
	volatile int stack_word = 1;
	volatile int *heap = malloc(64 * 1024);
	volatile int *anon = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	volatile int *filemap = MAP_FAILED;
	volatile int *word[5];
	int fd = open("/tmp/abi-cow", O_RDWR | O_CREAT | O_TRUNC, 0600);
	int go[2], status, i, seen = 0;
	pid_t pid;

	if (fd >= 0 && ftruncate(fd, 4096) == 0)
		filemap = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (!ok(heap && anon != MAP_FAILED && filemap != MAP_FAILED && pipe(go) == 0,
		"copy-on-write after fork: the memory is there"))
		return;
	word[0] = &cow_data, word[1] = heap, word[2] = &stack_word, word[3] = anon;
	word[4] = filemap;
	for (i = 0; i < 5; i++)
		*word[i] = 1;
	pid = fork();
	if (pid == 0) {
		char c;

		close(go[1]);
		if (read(go[0], &c, 1) != 0)
			_exit(100);
		for (i = 0; i < 5; i++)
			if (*word[i] != 1)
				seen |= 1 << i;
		_exit(seen);
	}
	for (i = 0; i < 5; i++)
		*word[i] = 2;
	close(go[0]);
	close(go[1]);	/* the child reads now */
	if (!ok(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
		WEXITSTATUS(status) < 100, "copy-on-write after fork: the child looked"))
		return;
	for (i = 0; i < 5; i++)
		ok(!(WEXITSTATUS(status) & (1 << i)) && *word[i] == 2,
		   "copy-on-write after fork: the parent's later store to %s is not the child's",
		   names[i]);
	munmap((void *)anon, 4096);
	munmap((void *)filemap, 4096);
	close(fd);
	unlink("/tmp/abi-cow");
}

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
	test_cow_after_fork();

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
