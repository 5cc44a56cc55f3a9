/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The jail: once the guest is set up, each uvmm thread confines itself to
 * what its role needs (roles.c has the one table), so that a guest-kernel
 * bug that gets control of uvmm cannot open files, exec, connect sockets
 * or ptrace anything but its own guest processes. Two layers, both
 * per thread and both inherited by what the thread forks:
 *
 *  - a seccomp allow-list of syscalls (built with libseccomp on the main
 *    thread before any guest code runs; a thread only loads its program);
 *  - a Landlock domain where the host has Landlock: no file system access
 *    by path (but the share server's beneath its shares, and the main
 *    thread's removal of a named --mem-file), no TCP, and ptrace or
 *    signals only within uvmm's own domain (its guest processes).
 *
 * docs/security.md says what each role may do and why.
 */
#ifndef UVMM_JAIL_H
#define UVMM_JAIL_H

#include <stdbool.h>
#include <stddef.h>

enum jail_role {
	JAIL_MAIN,	/* waits for the vCPU, then tears down */
	JAIL_EVENTS,	/* the event thread: epoll, raises interrupts */
	JAIL_VCPU,	/* runs the guest kernel; traces guest processes */
	JAIL_DEVICE,	/* a virtio worker on its own image or entropy */
	JAIL_SHARE,	/* a virtio-fs worker: files beneath its shares */
	JAIL_NET,	/* a virtio-net thread: frames to and from its backend's fd */
	JAIL_NR_ROLES
};

/* A directory the share server may reach; ro: no changes beneath it. */
struct jail_share {
	const char *dir;
	bool ro;
};

struct jail_config {
	bool off;			/* --no-jail */
	bool log;			/* log what would be refused, refuse nothing */
	int stub_exec_fd;		/* the fd the stub is exec'd from */
	const struct jail_share *shares;
	unsigned int nr_shares;
};

/*
 * On the main thread, before any other uvmm thread starts: build every
 * role's filter. -1 with err when the host cannot (the message names
 * --no-jail).
 */
int jail_prepare(const struct jail_config *c, char *err, size_t errlen);

/*
 * In the thread that takes the role, when its own setup is done. A
 * failure here (the host refused a filter jail_prepare built) ends uvmm
 * with one line: a thread must not go on unconfined.
 */
void jail_enter(enum jail_role role);

const char *jail_role_name(enum jail_role role);

/* Drop the built filters (after the threads have ended). */
void jail_release(void);

#endif
