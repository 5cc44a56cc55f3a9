// SPDX-License-Identifier: GPL-2.0
/*
 * Guest ABI: the kernel features user space expects of a Debian kernel
 * (docs/guest-kernel-features.md), each used, not just looked up:
 * namespaces, seccomp filters, userfaultfd, pidfd, fanotify, landlock,
 * BSD process accounting, tmpfs quotas, SysV IPC limits, cgroup v2, IPv6.
 * Runs as root in the default guest.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/landlock.h>
#include <linux/quota.h>
#include <linux/seccomp.h>
#include <linux/userfaultfd.h>
#include <netinet/in.h>
#include <sys/acct.h>
#include <sys/fanotify.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include "tap.h"

/* Linux 6.11's pidfd ioctls, newer than the host's headers. */
#ifndef PIDFD_GET_PID_NAMESPACE
#define PIDFD_GET_PID_NAMESPACE	_IO(0xFF, 5)
#endif

#define PAGE 4096UL

/* Run fn in a child; its exit status (or 128 + the signal that ended it). */
static int in_child(int (*fn)(void))
{
	pid_t pid = fork();
	int st;

	if (pid == 0)
		_exit(fn());
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int new_uts(void)
{
	struct utsname u;

	if (unshare(CLONE_NEWUTS) || sethostname("inner", 5) || uname(&u))
		return 1;
	return strcmp(u.nodename, "inner") ? 2 : 0;
}

static int pid_one(void *arg)
{
	(void)arg;
	return getpid() == 1 ? 0 : 1;
}

static int new_user_ns(void)
{
	return unshare(CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWNS) ? 1 : 0;
}

static void test_namespaces(void)
{
	static const char *const ns[] = { "uts", "ipc", "pid", "net", "user", "mnt",
					  "cgroup", "time" };
	static char stack[64 * 1024];
	struct utsname u;
	unsigned i, have = 0;
	pid_t pid;
	int st;

	for (i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		char path[64];

		snprintf(path, sizeof(path), "/proc/self/ns/%s", ns[i]);
		have += access(path, F_OK) == 0;
	}
	is(have, 7, "namespaces: /proc/self/ns has all kinds but time (no vDSO)");
	is(in_child(new_uts), 0, "namespaces: a new UTS namespace has its own hostname");
	uname(&u);
	ok(strcmp(u.nodename, "inner"), "namespaces: and ours is unchanged (%s)", u.nodename);
	pid = clone(pid_one, stack + sizeof(stack), CLONE_NEWPID | SIGCHLD, NULL);
	ok(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "namespaces: the first process of a new PID namespace is pid 1");
	is(in_child(new_user_ns), 0, "namespaces: unshare of user, net, ipc and mount namespaces");
}

/* uname: EPERM; getppid: SIGSYS to a handler; kill: the process dies. */
static volatile int sys_nr, sys_arch;

static void on_sigsys(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	sys_nr = si->si_syscall;
	sys_arch = si->si_arch;
}

static int filtered(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_uname, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_kill, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]), .filter = f };
	struct sigaction sa = { .sa_sigaction = on_sigsys, .sa_flags = SA_SIGINFO };
	struct utsname u;

	sigaction(SIGSYS, &sa, NULL);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog))
		return 10;
	if (prctl(PR_GET_SECCOMP) != 2)
		return 11;
	if (uname(&u) != -1 || errno != EPERM)
		return 12;
	syscall(__NR_getppid);
	if (sys_nr != __NR_getppid || sys_arch != (int)AUDIT_ARCH_X86_64)
		return 13;
	kill(getpid(), 0);
	return 14;	/* not reached: the filter kills */
}

static void test_seccomp(void)
{
	int st = in_child(filtered);

	is(st, 128 + SIGSYS, "seccomp: ERRNO, TRAP (si_syscall, si_arch) and KILL_PROCESS "
	   "as filtered (child ended %d)", st);
}

/* A thread touches a missing page; we answer its fault with UFFDIO_COPY. */
static void *toucher(void *p)
{
	return (void *)(uintptr_t)*(volatile uint64_t *)p;
}

static void test_userfaultfd(void)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg;
	struct uffdio_copy copy;
	struct uffd_msg msg;
	static uint64_t src[PAGE / 8] __attribute__((aligned(4096)));
	struct pollfd pfd;
	pthread_t t;
	void *area, *got = NULL;
	int fd;

	fd = syscall(__NR_userfaultfd, O_CLOEXEC);
	if (!ok(fd >= 0 && ioctl(fd, UFFDIO_API, &api) == 0,
		"userfaultfd: opened, API agreed"))
		return;
	area = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	reg = (struct uffdio_register){ .range = { (uintptr_t)area, PAGE },
					.mode = UFFDIO_REGISTER_MODE_MISSING };
	ok(ioctl(fd, UFFDIO_REGISTER, &reg) == 0, "userfaultfd: a page registered");
	pthread_create(&t, NULL, toucher, area);
	pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
	ok(poll(&pfd, 1, 5000) == 1 && read(fd, &msg, sizeof(msg)) == sizeof(msg) &&
	   msg.event == UFFD_EVENT_PAGEFAULT && msg.arg.pagefault.address == (uintptr_t)area,
	   "userfaultfd: the thread's fault arrives as an event");
	src[0] = 0x600dfa17;
	copy = (struct uffdio_copy){ .dst = (uintptr_t)area, .src = (uintptr_t)src, .len = PAGE };
	ok(ioctl(fd, UFFDIO_COPY, &copy) == 0, "userfaultfd: answered with UFFDIO_COPY");
	pthread_join(t, &got);
	is((uintptr_t)got, 0x600dfa17, "userfaultfd: the thread read what we put there");
	close(fd);
}

static void test_pidfd(void)
{
	int fd = syscall(__NR_pidfd_open, getpid(), 0), ns;

	if (!ok(fd >= 0, "pidfd: pidfd_open"))
		return;
	is(syscall(__NR_pidfd_send_signal, fd, 0, NULL, 0), 0, "pidfd: pidfd_send_signal");
	ns = ioctl(fd, PIDFD_GET_PID_NAMESPACE, 0);
	ok(ns >= 0, "pidfd: the PIDFD_GET_PID_NAMESPACE ioctl (%s)",
	   ns < 0 ? strerror(errno) : "ok");
	close(ns);
	close(fd);
}

static void test_fanotify(void)
{
	struct fanotify_event_metadata ev;
	struct pollfd pfd;
	int fd, f;

	mkdir("/tmp", 01777);
	fd = fanotify_init(FAN_CLASS_NOTIF, O_RDONLY);
	if (!ok(fd >= 0 && fanotify_mark(fd, FAN_MARK_ADD, FAN_CLOSE_WRITE | FAN_EVENT_ON_CHILD,
					 AT_FDCWD, "/tmp") == 0,
		"fanotify: a mark on /tmp's children"))
		return;
	f = open("/tmp/fan", O_CREAT | O_WRONLY, 0600);
	close(f);
	pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
	ev.pid = 0;
	ok(poll(&pfd, 1, 5000) == 1 && read(fd, &ev, sizeof(ev)) >= (ssize_t)sizeof(ev) &&
	   (ev.mask & FAN_CLOSE_WRITE) && ev.pid == getpid(),
	   "fanotify: our close-after-write is reported (pid %d)", ev.pid);
	close(ev.fd);
	close(fd);
}

static int landlocked(void)
{
	struct landlock_ruleset_attr attr = { .handled_access_fs = LANDLOCK_ACCESS_FS_READ_FILE };
	int rs = syscall(__NR_landlock_create_ruleset, &attr, sizeof(attr), 0);

	if (rs < 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    syscall(__NR_landlock_restrict_self, rs, 0))
		return 1;
	return open("/proc/self/status", O_RDONLY) < 0 && errno == EACCES ? 0 : 2;
}

static void test_landlock(void)
{
	long abi = syscall(__NR_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);

	ok(abi >= 1, "landlock: ABI version %ld", abi);
	is(in_child(landlocked), 0, "landlock: a restricted process cannot read a file");
}

static int exit_at_once(void)
{
	return 0;
}

static void test_acct(void)
{
	struct stat st = { 0 };

	close(open("/tmp/acct", O_CREAT | O_WRONLY | O_TRUNC, 0600));	/* acct() creates nothing */
	ok(acct("/tmp/acct") == 0, "acct: process accounting on (%s)", strerror(errno));
	in_child(exit_at_once);
	acct(NULL);
	ok(stat("/tmp/acct", &st) == 0 && st.st_size >= (off_t)sizeof(struct acct_v3),
	   "acct: the child's record was written (%lld bytes)", (long long)st.st_size);
}

static void test_quota(void)
{
	struct if_dqinfo info;
	int fd;

	mkdir("/tmp/q", 0755);
	ok(mount("tmpfs", "/tmp/q", "tmpfs", 0, "usrquota") == 0,
	   "quota: a tmpfs with user quotas");
	fd = open("/tmp/q", O_RDONLY | O_DIRECTORY);
	ok(syscall(__NR_quotactl_fd, fd, QCMD(Q_GETINFO, USRQUOTA), 0, &info) == 0,
	   "quota: quotactl_fd Q_GETINFO");
	close(fd);
	umount("/tmp/q");
}

static long read_num(const char *path)
{
	FILE *f = fopen(path, "r");
	long v = -1;

	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static void test_sysv_limits(void)
{
	/* Debian's kernel leaves the kernel's defaults. */
	is(read_num("/proc/sys/kernel/msgmni"), 32000, "sysv: msgmni as on Debian");
	is(read_num("/proc/sys/kernel/shmmni"), 4096, "sysv: shmmni as on Debian");
	is(read_num("/proc/sys/kernel/sem"), 32000, "sysv: SEMMSL as on Debian");
}

static void test_cgroup2(void)
{
	char path[128];
	FILE *f;

	mkdir("/sys/fs/cgroup", 0755);
	ok(mount("cgroup2", "/sys/fs/cgroup", "cgroup2", 0, NULL) == 0 || errno == EBUSY,
	   "cgroup: cgroup2 mounts");
	f = fopen("/sys/fs/cgroup/cgroup.subtree_control", "w");
	if (f) {
		fputs("+memory +pids", f);
		fclose(f);
	}
	ok(mkdir("/sys/fs/cgroup/t", 0755) == 0 || errno == EEXIST, "cgroup: a child group");
	f = fopen("/sys/fs/cgroup/t/cgroup.procs", "w");
	ok(f && fprintf(f, "%d\n", getpid()) > 0 && fclose(f) == 0,
	   "cgroup: we move into it");
	snprintf(path, sizeof(path), "/sys/fs/cgroup/t/memory.current");
	ok(read_num(path) > 0, "cgroup: it accounts our memory (%ld bytes)", read_num(path));
	ok(read_num("/sys/fs/cgroup/t/pids.current") >= 1, "cgroup: and our pids");
}

static void test_ipv6(void)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	socklen_t len = sizeof(a);
	int l = socket(AF_INET6, SOCK_STREAM, 0), c = socket(AF_INET6, SOCK_STREAM, 0), s;
	char buf[4] = "";

	ok(l >= 0 && bind(l, (struct sockaddr *)&a, sizeof(a)) == 0 && listen(l, 1) == 0 &&
	   getsockname(l, (struct sockaddr *)&a, &len) == 0,
	   "ipv6: a listener on [::1]");
	ok(connect(c, (struct sockaddr *)&a, sizeof(a)) == 0 && (s = accept(l, NULL, NULL)) >= 0 &&
	   write(c, "v6!", 3) == 3 && read(s, buf, 3) == 3 && !memcmp(buf, "v6!", 3),
	   "ipv6: TCP over [::1]");
}

int main(void)
{
	test_namespaces();
	test_seccomp();
	test_userfaultfd();
	test_pidfd();
	test_fanotify();
	test_landlock();
	test_acct();
	test_quota();
	test_sysv_limits();
	test_cgroup2();
	test_ipv6();
	return done_testing();
}
