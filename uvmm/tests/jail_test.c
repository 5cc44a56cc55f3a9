// SPDX-License-Identifier: GPL-2.0
/*
 * The jail (uvmm/jail/): each role, entered in a child process of its
 * own, tries what it must not do (open a file, a socket, exec, start a
 * thread or process, ptrace or signal a process uvmm did not make) and
 * what its work needs (the vCPU: fork, seize and kill its own child; the
 * share server: files beneath its shares, as the share allows). The
 * guest suites, which run jailed, show that nothing a role needs is
 * missing.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jail/jail.h"
#include "tap.h"

enum probe {
	P_GETPID, P_OPEN_OUTSIDE, P_OPEN_PROC, P_SOCKET, P_EXEC, P_EXEC_STUB_FD,
	P_THREAD, P_FORK, P_PTRACE_PARENT, P_KILL_PARENT, P_SEIZE_CHILD,
	P_SHARE_READ, P_SHARE_CREATE_RW, P_SHARE_CREATE_RO, NR_PROBES
};

static const char *const probe_names[NR_PROBES] = {
	"getpid", "open a file by path", "open /proc/self/stat", "a TCP socket",
	"execve /bin/true", "execveat of the stub's fd, \"\", AT_EMPTY_PATH",
	"start a thread", "fork", "PTRACE_SEIZE uvmm's parent",
	"signal 0 to uvmm's parent", "fork, seize and kill its own child",
	"read a file in a share", "create a file in a rw share",
	"create a file in a ro share",
};

#define STUB_EXEC_FD 200

static char dir[4096], outside[4200], rw_dir[4200], ro_dir[4200];

static void *thread_fn(void *arg)
{
	return arg;
}

static int err_of(long r)
{
	return r < 0 ? errno : 0;
}

static int open_close(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC, 0600);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

/* fork, and in the child: nothing but _exit (or, with block, wait on a pipe). */
static int fork_child(int block, pid_t *pid)
{
	int p[2];
	char c;

	if (block && pipe(p) < 0)
		return errno;
	*pid = fork();
	if (*pid < 0)
		return errno;
	if (*pid == 0) {
		if (block)
			while (read(p[0], &c, 1) < 0)
				;
		_exit(0);
	}
	return 0;
}

static int seize_own_child(void)
{
	pid_t pid;
	int r = fork_child(1, &pid), status;

	if (r)
		return r;
	r = err_of(ptrace(PTRACE_SEIZE, pid, 0, 0));
	if (kill(pid, SIGKILL) < 0 && !r)
		r = errno;
	waitpid(pid, &status, 0);
	return r;
}

static int run_probe(enum probe p, pid_t parent)
{
	char path[4300];
	pid_t pid;
	int r;

	switch (p) {
	case P_GETPID:
		return getpid() > 0 ? 0 : EINVAL;
	case P_OPEN_OUTSIDE:
		return open_close(outside, O_RDONLY);
	case P_OPEN_PROC:
		return open_close("/proc/self/stat", O_RDONLY);
	case P_SOCKET:
		r = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (r >= 0)
			close(r);
		return err_of(r);
	case P_EXEC: {
		char *argv[] = { "true", NULL };

		return err_of(execve("/bin/true", argv, environ));
	}
	case P_EXEC_STUB_FD: {
		char *argv[] = { "true", NULL };

		/* The stub's fd number, but no stub behind it: refused only
		 * if the flags or the fd were wrong, ENOENT/EBADF otherwise. */
		close(STUB_EXEC_FD);
		return err_of(syscall(SYS_execveat, STUB_EXEC_FD, "", argv, environ,
				      AT_EMPTY_PATH));
	}
	case P_THREAD: {
		pthread_t t;

		r = pthread_create(&t, NULL, thread_fn, NULL);
		if (!r)
			pthread_join(t, NULL);
		return r;
	}
	case P_FORK:
		r = fork_child(0, &pid);
		if (!r)
			waitpid(pid, NULL, 0);
		return r;
	case P_PTRACE_PARENT:
		return err_of(ptrace(PTRACE_SEIZE, parent, 0, 0));
	case P_KILL_PARENT:
		return err_of(kill(parent, 0));
	case P_SEIZE_CHILD:
		return seize_own_child();
	case P_SHARE_READ:
		snprintf(path, sizeof(path), "%s/file", ro_dir);
		return open_close(path, O_RDONLY);
	case P_SHARE_CREATE_RW:
		snprintf(path, sizeof(path), "%s/new-%d", rw_dir, (int)getpid());
		return open_close(path, O_WRONLY | O_CREAT | O_EXCL);
	case P_SHARE_CREATE_RO:
		snprintf(path, sizeof(path), "%s/new-%d", ro_dir, (int)getpid());
		return open_close(path, O_WRONLY | O_CREAT | O_EXCL);
	default:
		return EINVAL;
	}
}

/* Each probe's errno (0: it worked) in a jailed child of its own. */
static void probe_role(enum jail_role role, int results[NR_PROBES])
{
	for (int p = 0; p < NR_PROBES; p++) {
		int pipefd[2], status;
		pid_t pid;

		results[p] = -1;
		if (pipe(pipefd) < 0)
			bail_out("pipe: %s", strerror(errno));
		fflush(stdout);
		pid = fork();
		if (pid < 0)
			bail_out("fork: %s", strerror(errno));
		if (pid == 0) {
			pid_t parent = getppid();
			int r;

			jail_enter(role);
			r = run_probe(p, parent);
			if (write(pipefd[1], &r, sizeof(r)) != sizeof(r))
				_exit(2);
			_exit(0);	/* no atexit handlers, no leak check */
		}
		close(pipefd[1]);
		if (read(pipefd[0], &results[p], sizeof(int)) != sizeof(int))
			results[p] = -1;
		close(pipefd[0]);
		waitpid(pid, &status, 0);
	}
}

static int landlock_abi(void)
{
	long abi = syscall(444 /* landlock_create_ruleset */, NULL, 0, 1U);

	return abi < 0 ? 0 : (int)abi;
}

/* Refused: by seccomp (EPERM) or, where Landlock decides, EACCES/EPERM. */
static void refused(int got, const char *role, enum probe p)
{
	ok(got == EPERM || got == EACCES, "%s: %s is refused (errno %d)", role,
	   probe_names[p], got);
}

static void allowed(int got, const char *role, enum probe p)
{
	ok(got == 0, "%s: %s works (errno %d)", role, probe_names[p], got);
}

static void make_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, "x", 1) != 1)
		bail_out("%s: %s", path, strerror(errno));
	close(fd);
}

int main(void)
{
	int abi = landlock_abi(), res[NR_PROBES];
	struct jail_share shares[2];
	struct jail_config c = { .stub_exec_fd = STUB_EXEC_FD, .shares = shares, .nr_shares = 2 };
	char err[512], path[4300];

	snprintf(dir, sizeof(dir), "%s", tap_tmpdir("uvmm-jail"));
	snprintf(outside, sizeof(outside), "%s/outside", dir);
	snprintf(rw_dir, sizeof(rw_dir), "%s/rw", dir);
	snprintf(ro_dir, sizeof(ro_dir), "%s/ro", dir);
	if (mkdir(rw_dir, 0755) || mkdir(ro_dir, 0755))
		bail_out("mkdir: %s", strerror(errno));
	make_file(outside);
	snprintf(path, sizeof(path), "%s/file", ro_dir);
	make_file(path);
	shares[0] = (struct jail_share) { rw_dir, false };
	shares[1] = (struct jail_share) { ro_dir, true };

	ok(jail_prepare(&c, err, sizeof(err)) == 0, "every role's filter builds: %s", err);
	diag("Landlock ABI %d on this host", abi);

	for (int role = 0; role < JAIL_NR_ROLES; role++) {
		const char *name = jail_role_name(role);
		int vcpu = role == JAIL_VCPU;

		probe_role(role, res);
		allowed(res[P_GETPID], name, P_GETPID);
		refused(res[P_SOCKET], name, P_SOCKET);
		refused(res[P_EXEC], name, P_EXEC);
		refused(res[P_THREAD], name, P_THREAD);
		if (vcpu) {
			ok(res[P_EXEC_STUB_FD] == EBADF, "vcpu: %s gets past the filter (errno %d)",
			   probe_names[P_EXEC_STUB_FD], res[P_EXEC_STUB_FD]);
			allowed(res[P_FORK], name, P_FORK);
			allowed(res[P_SEIZE_CHILD], name, P_SEIZE_CHILD);
			allowed(res[P_OPEN_PROC], name, P_OPEN_PROC);
		} else {
			refused(res[P_EXEC_STUB_FD], name, P_EXEC_STUB_FD);
			refused(res[P_FORK], name, P_FORK);
			refused(res[P_SEIZE_CHILD], name, P_SEIZE_CHILD);
		}
		/* The vCPU may ptrace and signal: Landlock keeps it to its own. */
		if (!vcpu || abi >= 1)
			refused(res[P_PTRACE_PARENT], name, P_PTRACE_PARENT);
		else
			skip("no Landlock on this host: the vCPU's ptrace is not scoped");
		if (!vcpu || abi >= 7)
			refused(res[P_KILL_PARENT], name, P_KILL_PARENT);
		else
			skip("no Landlock signal scope (ABI 7) on this host");
		/* Open by path: the vCPU (read-only) and the share server pass
		 * seccomp; Landlock keeps them to /proc and the shares. */
		if (role == JAIL_SHARE) {
			allowed(res[P_SHARE_READ], name, P_SHARE_READ);
			allowed(res[P_SHARE_CREATE_RW], name, P_SHARE_CREATE_RW);
		} else {
			refused(res[P_SHARE_CREATE_RW], name, P_SHARE_CREATE_RW);
		}
		if (vcpu)	/* read-only opens pass seccomp */
			refused(res[P_SHARE_CREATE_RO], name, P_SHARE_CREATE_RO);
		if ((role != JAIL_SHARE && !vcpu) || abi >= 1) {
			refused(res[P_OPEN_OUTSIDE], name, P_OPEN_OUTSIDE);
			if (role != JAIL_SHARE)
				refused(res[P_SHARE_READ], name, P_SHARE_READ);
			if (!vcpu)
				refused(res[P_SHARE_CREATE_RO], name, P_SHARE_CREATE_RO);
		} else {
			skip("no Landlock on this host: opening by path is not scoped");
		}
	}
	jail_release();
	return done_testing();
}
