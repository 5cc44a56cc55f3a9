/* SPDX-License-Identifier: GPL-2.0 */
/* The jail's Landlock layer (landlock.c). */
#ifndef UVMM_JAIL_LANDLOCK_H
#define UVMM_JAIL_LANDLOCK_H

#include <stddef.h>

#include "jail/jail.h"

/* Build every role's ruleset; 0 also when the host has no Landlock. */
int landlock_prepare(const struct jail_config *c, char *err, size_t errlen);

/* The host's Landlock ABI version, 0 for none. */
int landlock_abi(void);

/* Enforce the role's ruleset on this thread (needs no_new_privs). */
int landlock_enter(enum jail_role role);

void landlock_release(void);

#endif
