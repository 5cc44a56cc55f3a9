// SPDX-License-Identifier: GPL-2.0
/*
 * The jail's Landlock layer (jail.h): one ruleset per role, built on the
 * main thread, enforced by the thread that takes the role. Landlock is
 * optional: without it (an old or unconfigured host) the seccomp layer
 * stands alone and docs/security.md says what that leaves.
 *
 * Debian 12's headers know Landlock ABI 2; the later constants are the
 * kernel's uapi values, used only when the host's ABI has them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "jail/landlock.h"
#include "jail/roles.h"

#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset	444
#define SYS_landlock_add_rule		445
#define SYS_landlock_restrict_self	446
#endif

#define LL_CREATE_RULESET_VERSION	(1U << 0)
#define LL_RULE_PATH_BENEATH		1

/* File system rights by ABI: 13 in ABI 1, REFER in 2, TRUNCATE in 3, IOCTL_DEV in 5. */
#define LL_FS_EXECUTE		(1ULL << 0)
#define LL_FS_WRITE_FILE	(1ULL << 1)
#define LL_FS_READ_FILE		(1ULL << 2)
#define LL_FS_READ_DIR		(1ULL << 3)
#define LL_FS_ABI1		((1ULL << 13) - 1)
#define LL_FS_REFER		(1ULL << 13)
#define LL_FS_TRUNCATE		(1ULL << 14)
#define LL_FS_IOCTL_DEV		(1ULL << 15)
/* ABI 4: TCP bind and connect. */
#define LL_NET_ALL		((1ULL << 2) - 1)
/* ABI 6: abstract unix sockets and signals, scoped to the domain. */
#define LL_SCOPE_ALL		((1ULL << 2) - 1)

struct ll_ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;
	uint64_t scoped;
};

struct ll_path_beneath {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

static int abi;
static int rulesets[JAIL_NR_ROLES] = { -1, -1, -1, -1, -1, -1 };

static uint64_t fs_rights(void)
{
	uint64_t r = LL_FS_ABI1;

	if (abi >= 2)
		r |= LL_FS_REFER;
	if (abi >= 3)
		r |= LL_FS_TRUNCATE;
	if (abi >= 5)
		r |= LL_FS_IOCTL_DEV;
	return r;
}

static int allow_beneath(int ruleset, const char *dir, uint64_t rights,
			 char *err, size_t errlen)
{
	struct ll_path_beneath pb = { .allowed_access = rights & fs_rights() };
	int r;

	/* One that is not there gives nothing; the share says why, later. */
	pb.parent_fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (pb.parent_fd < 0)
		return 0;
	r = syscall(SYS_landlock_add_rule, ruleset, LL_RULE_PATH_BENEATH, &pb, 0);
	if (r < 0)
		snprintf(err, errlen, "jail: Landlock rule for %s: %s", dir, strerror(errno));
	close(pb.parent_fd);
	return r;
}

static int role_ruleset(enum jail_role role, const struct jail_config *c,
			char *err, size_t errlen)
{
	struct ll_ruleset_attr attr = { .handled_access_fs = fs_rights() };
	size_t size = sizeof(attr.handled_access_fs);
	int fd;

	if (abi >= 4) {
		attr.handled_access_net = LL_NET_ALL;
		size = sizeof(attr) - sizeof(attr.scoped);
	}
	/* Before ABI 7 (6.15) a signal scope also stopped signals between
	 * the threads of one process, which uvmm's interrupts are. */
	if (abi >= 7) {
		attr.scoped = LL_SCOPE_ALL;
		size = sizeof(attr);
	}
	fd = syscall(SYS_landlock_create_ruleset, &attr, size, 0);
	if (fd < 0) {
		snprintf(err, errlen, "jail: Landlock ruleset: %s", strerror(errno));
		return -1;
	}
	rulesets[role] = fd;
	if (jail_reads_proc[role] &&
	    allow_beneath(fd, "/proc", LL_FS_READ_FILE | LL_FS_READ_DIR, err, errlen) < 0)
		return -1;
	if (role != JAIL_SHARE)
		return 0;
	for (unsigned int i = 0; i < c->nr_shares; i++) {
		uint64_t rights = c->shares[i].ro ? LL_FS_READ_FILE | LL_FS_READ_DIR
						  : fs_rights() & ~(LL_FS_EXECUTE | LL_FS_IOCTL_DEV);

		if (allow_beneath(fd, c->shares[i].dir, rights, err, errlen) < 0)
			return -1;
	}
	return 0;
}

int landlock_prepare(const struct jail_config *c, char *err, size_t errlen)
{
	abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LL_CREATE_RULESET_VERSION);
	if (abi < 0) {
		abi = 0;	/* not built in, or not enabled: seccomp alone */
		return 0;
	}
	for (int role = 0; role < JAIL_NR_ROLES; role++)
		if (role_ruleset(role, c, err, errlen) < 0) {
			landlock_release();
			return -1;
		}
	return 0;
}

int landlock_abi(void)
{
	return abi;
}

int landlock_enter(enum jail_role role)
{
	if (rulesets[role] < 0)
		return 0;
	return syscall(SYS_landlock_restrict_self, rulesets[role], 0);
}

void landlock_release(void)
{
	for (int role = 0; role < JAIL_NR_ROLES; role++) {
		if (rulesets[role] >= 0)
			close(rulesets[role]);
		rulesets[role] = -1;
	}
}
