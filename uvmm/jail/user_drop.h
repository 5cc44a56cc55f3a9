/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --user NAME: uvmm started as root to open what needs root (passthrough
 * devices: binding, VFIO, locked memory) goes on as NAME, before anything
 * the guest reaches through the user's files (disks, shares) is opened.
 */
#ifndef UVMM_USER_DROP_H
#define UVMM_USER_DROP_H

#include <stddef.h>
#include <sys/types.h>

struct user_ids {
	uid_t uid;
	gid_t gid;
};

/* Look NAME up (a user name, or a number: that uid): 0, or -1 with a
 * one-line err; refused unless uvmm runs as root, and for root. */
int user_drop_resolve(const char *name, struct user_ids *ids, char *err, size_t errlen);

/* Become ids for good (groups, gid, uid): 0, or -1 with err. Before any
 * thread is jailed: glibc changes every thread's ids. */
int user_drop(const struct user_ids *ids, char *err, size_t errlen);

#endif
