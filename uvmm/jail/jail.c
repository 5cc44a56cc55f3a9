// SPDX-License-Identifier: GPL-2.0
/*
 * The jail's mechanics (jail.h): each role's allow-list (roles.c) becomes
 * a BPF program through libseccomp on the main thread, before any guest
 * code runs; a thread taking a role only sets no_new_privs, enters its
 * Landlock domain and loads its program, which cannot fail for want of
 * memory and needs no library state shared between threads.
 *
 * Refused calls fail with EPERM rather than killing uvmm: the vCPU's
 * filter is inherited by guest processes, where the fast gate's own
 * filter must win (a trap outranks an errno, a kill would not), and an
 * error path that was missed in the table should fail, not crash.
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "exit_status.h"
#include "jail/jail.h"
#include "jail/landlock.h"
#include "jail/roles.h"

static struct sock_fprog programs[JAIL_NR_ROLES];
static bool jail_off = true;

const char *jail_role_name(enum jail_role role)
{
	return jail_roles[role].name;
}

static uint64_t arg_value(const struct jail_arg *a, const struct jail_config *c)
{
	switch (a->value) {
	case JAIL_OWN_PID:
		return (uint64_t)getpid();
	case JAIL_STUB_EXEC_FD:
		return (uint64_t)c->stub_exec_fd;
	default:
		return a->a;
	}
}

static int add_rule(scmp_filter_ctx ctx, const struct jail_rule *r, const struct jail_config *c)
{
	struct scmp_arg_cmp cmp[2];

	for (unsigned int i = 0; i < r->nargs; i++) {
		const struct jail_arg *a = &r->args[i];

		cmp[i] = (struct scmp_arg_cmp) {
			.arg = a->arg, .op = a->op,
			.datum_a = arg_value(a, c), .datum_b = a->b,
		};
	}
	return seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, r->nr, r->nargs, cmp);
}

/* The role's program, exported from libseccomp into memory of our own. */
static int build(enum jail_role role, const struct jail_config *c, char *err, size_t errlen)
{
	uint32_t refuse = c->log ? SCMP_ACT_LOG : SCMP_ACT_ERRNO(EPERM);
	const struct jail_role_rules *rr = &jail_roles[role];
	scmp_filter_ctx ctx = seccomp_init(refuse);
	struct sock_filter *insns = NULL;
	int r = -ENOMEM, fd = -1;
	off_t len;

	if (!ctx)
		goto out;
	/* Another ABI (int $0x80, x32) from uvmm: refused alike. In a guest
	 * process the fast gate traps it first. */
	r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, refuse);
	/* no_new_privs is set by jail_enter itself. */
	if (!r)
		r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	for (unsigned int g = 0; !r && g < sizeof(rr->groups) / sizeof(rr->groups[0]); g++)
		for (unsigned int i = 0; !r && i < rr->groups[g].n; i++)
			r = add_rule(ctx, &rr->groups[g].rules[i], c);
	if (r)
		goto out;
	fd = memfd_create("uvmm-jail", MFD_CLOEXEC);
	if (fd < 0) {
		r = -errno;
		goto out;
	}
	r = seccomp_export_bpf(ctx, fd);
	len = r ? 0 : lseek(fd, 0, SEEK_END);
	if (!r && (len <= 0 || len % sizeof(*insns) || len / sizeof(*insns) > BPF_MAXINSNS))
		r = -E2BIG;
	if (!r && !(insns = malloc(len)))
		r = -ENOMEM;
	if (!r && pread(fd, insns, len, 0) != len)
		r = -EIO;
	if (!r) {
		programs[role].filter = insns;
		programs[role].len = len / sizeof(*insns);
		insns = NULL;
	}
out:
	if (r)
		snprintf(err, errlen, "jail: cannot build the %s thread's filter: %s",
			 rr->name, strerror(-r));
	free(insns);
	if (fd >= 0)
		close(fd);
	seccomp_release(ctx);
	return r ? -1 : 0;
}

int jail_prepare(const struct jail_config *c, char *err, size_t errlen)
{
	jail_off = c->off;
	if (jail_off)
		return 0;
	for (int role = 0; role < JAIL_NR_ROLES; role++)
		if (build(role, c, err, errlen) < 0)
			goto fail;
	if (landlock_prepare(c, err, errlen) < 0)
		goto fail;
	return 0;
fail:
	jail_release();
	jail_off = true;
	return -1;
}

void jail_enter(enum jail_role role)
{
	const char *why = NULL;
	char name[16];

	/* Named by role (ps -L, top -H, the audit log of a refused call). */
	if (role != JAIL_MAIN) {
		snprintf(name, sizeof(name), "uvmm-%s", jail_role_name(role));
		prctl(PR_SET_NAME, name);
	}
	if (jail_off)
		return;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		why = "no_new_privs";
	else if (landlock_enter(role))
		why = "Landlock";
	else if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &programs[role]))
		why = "seccomp";
	if (!why)
		return;
	fprintf(stderr, "uvmm: cannot jail the %s thread (%s: %s); --no-jail runs without\n",
		jail_role_name(role), why, strerror(errno));
	_exit(UVMM_EXIT_ERROR);
}

void jail_release(void)
{
	for (int role = 0; role < JAIL_NR_ROLES; role++) {
		free(programs[role].filter);
		programs[role].filter = NULL;
		programs[role].len = 0;
	}
	landlock_release();
}
