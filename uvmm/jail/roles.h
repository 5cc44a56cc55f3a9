/* SPDX-License-Identifier: GPL-2.0 */
/* The jail's table (roles.c), read by jail.c. */
#ifndef UVMM_JAIL_ROLES_H
#define UVMM_JAIL_ROLES_H

#include <seccomp.h>
#include <stdint.h>

#include "jail/jail.h"

/* What an argument is compared with: a constant or a value of this run. */
enum jail_value {
	JAIL_CONST,
	JAIL_OWN_PID,		/* uvmm's process id */
	JAIL_STUB_EXEC_FD,	/* the fd a new guest process execs the stub from */
};

struct jail_arg {
	unsigned char arg;		/* 0..5 */
	enum scmp_compare op;
	enum jail_value value;
	uint64_t a, b;			/* a: the constant (or mask), b: masked value */
};

/* One allowed syscall; with conditions, all must hold (a syscall may have
 * several rules: any one allows it). */
struct jail_rule {
	int nr;
	unsigned char nargs;
	struct jail_arg args[2];
};

struct jail_group {
	const struct jail_rule *rules;
	unsigned int n;
};

/* A role: groups shared between roles, then its own (n == 0: unused). */
struct jail_role_rules {
	const char *name;
	struct jail_group groups[4];
};

extern const struct jail_role_rules jail_roles[JAIL_NR_ROLES];

/* Landlock: may the role read /proc (the fast gate's look at its tasks)? */
extern const bool jail_reads_proc[JAIL_NR_ROLES];

#endif
