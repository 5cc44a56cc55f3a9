// SPDX-License-Identifier: GPL-2.0
/* Building the guest before it runs; every check of user input ends here. */
#include <stdio.h>
#include <string.h>

#include "options.h"
#include "vm_setup.h"

int vm_setup(const struct uvmm_options *o, struct vm_setup *s, char *err, size_t errlen)
{
	struct uvmm_boot_info *bi;

	memset(s, 0, sizeof(*s));
	s->mem.fd = -1;
	if (guest_mem_create(&s->mem, o->mem_size, o->mem_file, err, errlen) < 0)
		return -1;
	s->ready = 1;
	if (elf_load_kernel(o->kernel, &s->mem, &s->kernel, err, errlen) < 0)
		goto fail;
	if (o->initrd &&
	    initrd_load(o->initrd, &s->mem, &s->kernel, &s->initrd_phys,
			&s->initrd_size, err, errlen) < 0)
		goto fail;
	bi = guest_phys_ptr(&s->mem, UVMM_BOOT_INFO_PHYS, sizeof(*bi));
	/* The kernel was checked to stay clear of this page. */
	if (!bi) {
		snprintf(err, errlen, "boot info page 0x%lx is outside guest RAM",
			 UVMM_BOOT_INFO_PHYS);
		goto fail;
	}
	if (boot_info_build(bi, &s->mem, VM_SETUP_NR_VCPUS, o->cmdline,
			    s->initrd_phys, s->initrd_size, 0, err, errlen) < 0)
		goto fail;
	s->boot_info = bi;
	s->boot_info_virt = UVMM_PAGE_OFFSET + UVMM_BOOT_INFO_PHYS;
	return 0;
fail:
	vm_teardown(s);
	return -1;
}

void vm_teardown(struct vm_setup *s)
{
	if (s->ready)
		guest_mem_destroy(&s->mem);
	memset(s, 0, sizeof(*s));
	s->mem.fd = -1;
}
