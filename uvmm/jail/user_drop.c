// SPDX-License-Identifier: GPL-2.0
/* Dropping root for a given user after the privileged setup (user_drop.h). */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "jail/user_drop.h"

int user_drop_resolve(const char *name, struct user_ids *ids, char *err, size_t errlen)
{
	struct passwd *pw;
	char *end;
	unsigned long n;

	if (geteuid() != 0) {
		snprintf(err, errlen, "--user %s: uvmm is not running as root, it has no one to "
			 "become (--user drops root after opening passthrough devices)", name);
		return -1;
	}
	pw = getpwnam(name);
	if (pw) {
		*ids = (struct user_ids){ pw->pw_uid, pw->pw_gid };
	} else {
		/* A number names a uid, with its group if it has an entry, else
		 * the group of the same number (as setpriv --reuid/--regid). */
		errno = 0;
		n = strtoul(name, &end, 10);
		if (*name < '0' || *name > '9' || *end || errno || n >= (uid_t)-1) {
			snprintf(err, errlen, "--user %s: no such user", name);
			return -1;
		}
		pw = getpwuid((uid_t)n);
		*ids = (struct user_ids){ (uid_t)n, pw ? pw->pw_gid : (gid_t)n };
	}
	if (ids->uid == 0) {
		snprintf(err, errlen, "--user %s: that is root, nothing would be dropped", name);
		return -1;
	}
	return 0;
}

int user_drop(const struct user_ids *ids, char *err, size_t errlen)
{
	uid_t r, e, s;

	if (setgroups(1, &ids->gid) < 0 || setresgid(ids->gid, ids->gid, ids->gid) < 0 ||
	    setresuid(ids->uid, ids->uid, ids->uid) < 0) {
		snprintf(err, errlen, "cannot become uid %u: %s", (unsigned)ids->uid,
			 strerror(errno));
		return -1;
	}
	/*
	 * The kernel made uvmm undumpable when its ids changed, and so every
	 * child until its exec: uvmm could not seize a new guest process. It
	 * is the user's process now, as if the user had started it.
	 */
	if (prctl(PR_SET_DUMPABLE, 1) < 0) {
		snprintf(err, errlen, "cannot become dumpable as uid %u: %s", (unsigned)ids->uid,
			 strerror(errno));
		return -1;
	}
	/* No way back: a later setuid(0) must fail. */
	if (getresuid(&r, &e, &s) < 0 || r != ids->uid || e != ids->uid || s != ids->uid ||
	    setuid(0) == 0) {
		snprintf(err, errlen, "uid %u was not dropped for good", (unsigned)ids->uid);
		return -1;
	}
	return 0;
}
