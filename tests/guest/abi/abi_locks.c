// SPDX-License-Identifier: GPL-2.0
/*
 * Guest ABI: file locks between processes and threads (the fcntl lock
 * tests of an outside suite timed out in the guest). POSIX record locks:
 * conflicts, F_GETLK, a blocked F_SETLKW woken by the unlock, deadlock
 * detection, F_SETLKW interrupted by a signal; open-file-description locks
 * between threads; flock().
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "tap.h"

static const char *path = "/tmp/abi-locks";

static int lock(int fd, int cmd, short type, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };

	return fcntl(fd, cmd, &fl);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Child helpers report by exit status. */
static int child(int (*fn)(int), int arg)
{
	pid_t pid = fork();
	int st;

	if (pid == 0)
		_exit(fn(arg));
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st);
}

static int try_conflict(int unused)
{
	int fd = open(path, O_RDWR);
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10 };

	(void)unused;
	if (lock(fd, F_SETLK, F_WRLCK, 0, 10) != -1 || (errno != EAGAIN && errno != EACCES))
		return 1;
	if (fcntl(fd, F_GETLK, &fl) || fl.l_type != F_WRLCK || fl.l_pid != getppid())
		return 2;
	if (lock(fd, F_SETLK, F_WRLCK, 20, 10))	/* another range is free */
		return 3;
	return 0;
}

static void test_conflict(int fd)
{
	ok(lock(fd, F_SETLK, F_WRLCK, 0, 10) == 0, "posix: a write lock on bytes 0-9");
	is(child(try_conflict, 0), 0,
	   "posix: another process is refused (EAGAIN), F_GETLK names us, other bytes are free");
}

static void on_alarm(int sig)
{
	(void)sig;
}

static int wait_for_unlock(int unused)
{
	int fd = open(path, O_RDWR);
	double t = now();

	(void)unused;
	if (lock(fd, F_SETLKW, F_WRLCK, 0, 10))
		return 1;
	return now() - t >= 0.15 ? 0 : 2;	/* it did wait for the unlock */
}

static void test_wait(int fd)
{
	pid_t pid = fork();
	int st;

	if (pid == 0)
		_exit(wait_for_unlock(0));
	usleep(200 * 1000);
	lock(fd, F_SETLK, F_UNLCK, 0, 10);
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "posix: a blocked F_SETLKW gets the lock when we unlock (status %#x)", st);
}

static int interrupted(int unused)
{
	int fd = open(path, O_RDWR);
	struct sigaction sa = { .sa_handler = on_alarm };

	(void)unused;
	sigaction(SIGALRM, &sa, NULL);	/* no SA_RESTART */
	alarm(1);
	return lock(fd, F_SETLKW, F_WRLCK, 0, 10) == -1 && errno == EINTR ? 0 : 1;
}

static void test_eintr(int fd)
{
	double t;

	lock(fd, F_SETLK, F_WRLCK, 0, 10);
	t = now();
	is(child(interrupted, 0), 0, "posix: F_SETLKW interrupted by a signal fails with EINTR");
	ok(now() - t < 10, "posix: after the alarm, not later (%.2f s)", now() - t);
	lock(fd, F_SETLK, F_UNLCK, 0, 10);
}

/* A holds byte 0 and waits for byte 1; B holds byte 1 and asks for byte 0. */
static void test_deadlock(int fd)
{
	int go[2], st;
	pid_t a;
	char c;

	if (pipe(go))
		bail_out("pipe");
	lock(fd, F_SETLK, F_WRLCK, 1, 1);
	a = fork();
	if (a == 0) {
		int f = open(path, O_RDWR);

		lock(f, F_SETLK, F_WRLCK, 0, 1);
		write(go[1], "x", 1);
		_exit(lock(f, F_SETLKW, F_WRLCK, 1, 1) == 0 ? 0 : 1);
	}
	read(go[0], &c, 1);
	usleep(200 * 1000);	/* A is blocked on byte 1 now */
	ok(lock(fd, F_SETLKW, F_WRLCK, 0, 1) == -1 && errno == EDEADLK,
	   "posix: the lock that would close the cycle fails with EDEADLK");
	lock(fd, F_SETLK, F_UNLCK, 1, 1);
	waitpid(a, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "posix: and the other side gets its lock");
	close(go[0]);
	close(go[1]);
}

static int ofd_fd2;

static void *ofd_thread(void *arg)
{
	(void)arg;
	return (void *)(intptr_t)lock(ofd_fd2, F_OFD_SETLK, F_WRLCK, 0, 10);
}

static void test_ofd(void)
{
	int fd1 = open(path, O_RDWR);
	void *r;
	pthread_t t;

	ofd_fd2 = open(path, O_RDWR);
	ok(lock(fd1, F_OFD_SETLK, F_WRLCK, 0, 10) == 0, "ofd: a lock on one open file description");
	pthread_create(&t, NULL, ofd_thread, NULL);
	pthread_join(t, &r);
	ok((intptr_t)r == -1, "ofd: a thread with another description of the file is refused");
	close(fd1);
	pthread_create(&t, NULL, ofd_thread, NULL);
	pthread_join(t, &r);
	ok((intptr_t)r == 0, "ofd: closing the description dropped the lock");
	close(ofd_fd2);
}

static int flock_try(int unused)
{
	int fd = open(path, O_RDWR);

	(void)unused;
	return flock(fd, LOCK_EX | LOCK_NB) == -1 && errno == EWOULDBLOCK ? 0 : 1;
}

static void test_flock(void)
{
	int fd = open(path, O_RDWR);

	ok(flock(fd, LOCK_EX) == 0, "flock: an exclusive lock");
	is(child(flock_try, 0), 0, "flock: another process is refused (EWOULDBLOCK)");
	flock(fd, LOCK_UN);
	close(fd);
}

int main(void)
{
	int fd;

	mkdir("/tmp", 01777);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, 100))
		bail_out("%s: %s", path, strerror(errno));
	test_conflict(fd);
	lock(fd, F_SETLK, F_UNLCK, 0, 0);
	lock(fd, F_SETLK, F_WRLCK, 0, 10);
	test_wait(fd);
	test_eintr(fd);
	test_deadlock(fd);
	lock(fd, F_SETLK, F_UNLCK, 0, 0);
	test_ofd();
	test_flock();
	close(fd);
	return done_testing();
}
