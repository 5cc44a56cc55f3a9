// SPDX-License-Identifier: GPL-2.0
/*
 * A weak vm_run() so that uvmm links and checks its input before the
 * monitor core (uvmm/vm.c, whose strong vm_run() replaces this one) is in
 * the tree: it builds the guest, then says it cannot run it. Delete this
 * file once vm.c has landed.
 */
#include <stdio.h>

#include "exit_status.h"
#include "options.h"
#include "vm.h"
#include "vm_setup.h"

__attribute__((weak)) int vm_run(const struct uvmm_options *o)
{
	struct vm_setup s;
	char err[512];

	if (vm_setup(o, &s, err, sizeof(err)) < 0) {
		fprintf(stderr, "uvmm: %s\n", err);
		return UVMM_EXIT_ERROR;
	}
	vm_teardown(&s);
	fprintf(stderr, "uvmm: this build cannot run a guest yet (no vCPU support)\n");
	return UVMM_EXIT_ERROR;
}
