// SPDX-License-Identifier: GPL-2.0
/*
 * What each uvmm thread may do once the guest runs: the one table of the
 * jail (jail.h). Anything not listed fails with EPERM. Keep each list to
 * what the role's code calls, and say why where it is not obvious;
 * docs/security.md summarises it.
 *
 * Threads share one address space, so a determined attacker on one
 * thread can borrow another's rights: the union of the roles is the real
 * bound, and no role has open-by-path (but read-only /proc for the vCPU
 * and the share server's beneath its shares), exec (but the stub), sockets
 * or ptrace of a process uvmm did not make (Landlock's ptrace scope).
 */
#include <fcntl.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>

#include "guest_proc/stub/stub_abi.h"
#include "jail/roles.h"

#define ANY(name)		{ .nr = SCMP_SYS(name) }
#define ARG(n, ...)		{ .arg = n, __VA_ARGS__ }
#define IF1(name, cmp)		{ .nr = SCMP_SYS(name), .nargs = 1, .args = { cmp } }
#define EQ(name, n, v)		IF1(name, ARG(n, .op = SCMP_CMP_EQ, .a = v))
/* Argument n with the bits of mask equal to v. */
#define MASKED(name, n, mask, v) IF1(name, ARG(n, .op = SCMP_CMP_MASKED_EQ, .a = mask, .b = v))
#define OWN(name, n)		IF1(name, ARG(n, .op = SCMP_CMP_EQ, .value = JAIL_OWN_PID))
#define GROUP(g)		{ g, sizeof(g) / sizeof(g[0]) }

/* VFIO's and iommufd's ioctls are all _IO(';', n). */
#define VFIO_IOCTL(name)	MASKED(name, 1, 0xffffff00, 0x3b00)

/* Every thread: memory, its own descriptors, time, threads' signals. */
static const struct jail_rule common[] = {
	ANY(read), ANY(write), ANY(close), ANY(futex),
	ANY(exit), ANY(exit_group), ANY(restart_syscall),
	ANY(rt_sigreturn), ANY(rt_sigprocmask), ANY(sigaltstack),
	ANY(mmap), ANY(munmap), ANY(mprotect), ANY(madvise), ANY(brk), ANY(mremap),
	ANY(clock_gettime), ANY(clock_nanosleep), ANY(nanosleep), ANY(gettimeofday),
	ANY(sched_yield), ANY(getpid), ANY(gettid),
	/* stdio's first use of a stream asks what it is */
	ANY(fstat), MASKED(newfstatat, 3, AT_EMPTY_PATH, AT_EMPTY_PATH),
	/* interrupts for the vCPU thread, within uvmm only */
	OWN(tgkill, 0),
};

/* Waits for the vCPU, then tears down: reapers, the tty, VFIO. */
static const struct jail_rule main_role[] = {
	ANY(wait4),
	EQ(ioctl, 1, TCGETS), EQ(ioctl, 1, TCSETS), EQ(ioctl, 1, TCSETSW), EQ(ioctl, 1, TCSETSF),
	VFIO_IOCTL(ioctl),
	ANY(epoll_ctl),
};

static const struct jail_rule events_role[] = {
	ANY(epoll_wait), ANY(epoll_pwait), ANY(epoll_ctl),
	VFIO_IOCTL(ioctl),
};

/*
 * The vCPU runs the guest kernel's gate calls: it makes, traces and ends
 * guest processes, and drives passthrough devices. What it forks inherits
 * this filter: the new child's steps up to the exec, then the stub's own
 * calls (its filters come on top of this one, and under the fast gate
 * trap every guest syscall before this list is consulted).
 */
static const struct jail_rule vcpu_role[] = {
	ANY(ptrace), ANY(wait4), ANY(waitid), ANY(kill), ANY(tgkill),
	MASKED(clone, 0, 0x10000 /* CLONE_THREAD */, 0),
	ANY(rt_sigaction), ANY(rt_sigtimedwait), ANY(rt_sigsuspend), ANY(poll),
	ANY(timer_settime), ANY(timer_gettime), ANY(timer_delete),
	ANY(pread64), ANY(pwrite64), ANY(epoll_ctl), ANY(getrlimit), ANY(prlimit64),
	VFIO_IOCTL(ioctl),
	/* a guest process: its mailbox, the go pipe, pinned to this CPU */
	ANY(memfd_create), ANY(ftruncate), ANY(pipe2), ANY(sched_setaffinity),
	ANY(sched_getaffinity), ANY(set_robust_list),
	/* the fast gate's look at a guest task (Landlock: /proc only) */
	MASKED(openat, 2, O_ACCMODE | O_CREAT | O_TRUNC | O_PATH, O_RDONLY),
	/* a new guest process, before its exec */
	EQ(prctl, 0, PR_SET_PDEATHSIG), ANY(getppid), ANY(personality),
	EQ(fcntl, 1, F_DUPFD_CLOEXEC), ANY(dup2), ANY(dup3), ANY(close_range),
	{ .nr = SCMP_SYS(execveat), .nargs = 2, .args = {
		ARG(0, .op = SCMP_CMP_EQ, .value = JAIL_STUB_EXEC_FD),
		ARG(4, .op = SCMP_CMP_EQ, .a = AT_EMPTY_PATH) } },
	/* the stub, before and between batches (its own filter is on top) */
	EQ(prctl, 0, PR_SET_NO_NEW_PRIVS), EQ(prctl, 0, PR_SET_TSC),
	EQ(seccomp, 0, 1 /* SECCOMP_SET_MODE_FILTER */),
	EQ(clone, 0, STUB_MAPPER_CLONE_FLAGS), ANY(set_tid_address),
};

/* A disk's or the entropy source's worker. */
static const struct jail_rule device_role[] = {
	ANY(pread64), ANY(pwrite64), ANY(preadv), ANY(pwritev),
	ANY(fsync), ANY(fdatasync), ANY(fallocate), ANY(getrandom),
};

/* A virtio-fs worker: file system calls, by path only beneath its shares
 * (Landlock), relative to descriptors it holds. */
static const struct jail_rule share_role[] = {
	ANY(openat), ANY(newfstatat), ANY(statx), ANY(fstatfs), ANY(getdents64),
	ANY(readlinkat), ANY(mkdirat), ANY(mknodat), ANY(unlinkat), ANY(renameat), ANY(renameat2),
	ANY(linkat), ANY(symlinkat), ANY(fchmod), ANY(fchmodat), ANY(fchown),
	ANY(fchownat), ANY(utimensat), ANY(ftruncate), ANY(fallocate), ANY(lseek),
	ANY(fcntl), ANY(fsync), ANY(fdatasync), ANY(pread64), ANY(pwrite64),
	ANY(preadv), ANY(pwritev),
	/* a node's identity before its descriptor is closed (inode_table.c) */
	MASKED(name_to_handle_at, 4, AT_EMPTY_PATH, AT_EMPTY_PATH),
};

/* A virtio-net thread: its tap or passt socket, already open; the tap's
 * offloads as the guest's driver takes them. */
static const struct jail_rule net_role[] = {
	ANY(readv), ANY(writev), ANY(poll), ANY(ppoll),
	EQ(ioctl, 1, TUNSETOFFLOAD),
};

const struct jail_role_rules jail_roles[JAIL_NR_ROLES] = {
	[JAIL_MAIN]	= { "main",   { GROUP(common), GROUP(main_role) } },
	[JAIL_EVENTS]	= { "events", { GROUP(common), GROUP(events_role) } },
	[JAIL_VCPU]	= { "vcpu",   { GROUP(common), GROUP(vcpu_role) } },
	[JAIL_DEVICE]	= { "device", { GROUP(common), GROUP(device_role) } },
	[JAIL_SHARE]	= { "share",  { GROUP(common), GROUP(share_role) } },
	[JAIL_NET]	= { "net",    { GROUP(common), GROUP(net_role) } },
};

const bool jail_reads_proc[JAIL_NR_ROLES] = { [JAIL_VCPU] = true };
