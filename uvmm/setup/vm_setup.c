// SPDX-License-Identifier: GPL-2.0
/* Building the guest before it runs; every check of user input ends here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "acpi_tables.h"
#include "setup/guest_command.h"
#include "cli/options.h"
#include "setup/vm_setup.h"

/*
 * The ACPI tables that describe the platform (CPUs, the PCI segment with
 * its ECAM and windows) go into their reserved page; returns the RSDP.
 */
static int acpi_setup(struct vm_setup *s, uint64_t *rsdp, char *err, size_t errlen)
{
	void *page = guest_phys_ptr(&s->mem, UVMM_ACPI_PHYS, UVMM_ACPI_SIZE);
	struct acpi_platform p;
	struct acpi_layout l;
	char why[256];

	acpi_platform_defaults(&p, VM_SETUP_NR_VCPUS);
	if (!page || acpi_build(&p, UVMM_ACPI_PHYS, page, UVMM_ACPI_SIZE, &l,
				why, sizeof(why)) < 0) {
		snprintf(err, errlen, "cannot build the ACPI tables: %s",
			 page ? why : "page outside guest RAM");
		return -1;
	}
	*rsdp = l.rsdp;
	return 0;
}

/* The initramfs, and after it the command of `uvmm run -- CMD` if there is one. */
static int load_initrd(const struct uvmm_options *o, struct vm_setup *s,
		       char *err, size_t errlen)
{
	char *script = NULL;
	void *cpio = NULL;
	size_t cpio_len = 0;
	int ret;

	if (!o->initrd) {
		if (!o->guest_argv)
			return 0;
		snprintf(err, errlen, "-- CMD needs an initrd whose /init runs it (not --initrd none)");
		return -1;
	}
	if (o->guest_argv) {
		script = guest_command_script(o->guest_argv, o->guest_argc);
		if (script)
			cpio = cpio_one_file(GUEST_COMMAND_PATH, script, strlen(script), &cpio_len);
		if (!cpio) {
			free(script);
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	ret = initrd_load(o->initrd, cpio, cpio_len, &s->mem, &s->kernel,
			  &s->initrd_phys, &s->initrd_size, err, errlen);
	free(cpio);
	free(script);
	return ret;
}

int vm_setup(const struct uvmm_options *o, struct vm_setup *s, char *err, size_t errlen)
{
	static char cmdline_buf[UVMM_CMDLINE_MAX];
	const char *cmdline = o->cmdline;
	struct uvmm_boot_info *bi;
	uint64_t rsdp;

	memset(s, 0, sizeof(*s));
	s->mem.fd = -1;
	if (guest_mem_create(&s->mem, o->mem_size, o->mem_file, err, errlen) < 0)
		return -1;
	s->ready = 1;
	if (elf_load_kernel(o->kernel, &s->mem, &s->kernel, err, errlen) < 0)
		goto fail;
	if (load_initrd(o, s, err, errlen) < 0)
		goto fail;
	/* A command in a pipe: the guest's console passes bytes unchanged. */
	if (o->guest_argv && !(isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))) {
		if ((size_t)snprintf(cmdline_buf, sizeof(cmdline_buf), "%s %s", o->cmdline,
				     GUEST_RAW_CONSOLE_PARAM) >= sizeof(cmdline_buf)) {
			snprintf(err, errlen, "kernel command line is too long (at most %d bytes)",
				 UVMM_CMDLINE_MAX - 1);
			goto fail;
		}
		cmdline = cmdline_buf;
	}
	if (acpi_setup(s, &rsdp, err, errlen) < 0)
		goto fail;
	bi = guest_phys_ptr(&s->mem, UVMM_BOOT_INFO_PHYS, sizeof(*bi));
	/* The kernel was checked to stay clear of this page. */
	if (!bi) {
		snprintf(err, errlen, "boot info page 0x%lx is outside guest RAM",
			 UVMM_BOOT_INFO_PHYS);
		goto fail;
	}
	if (boot_info_build(bi, &s->mem, VM_SETUP_NR_VCPUS, cmdline,
			    s->initrd_phys, s->initrd_size, rsdp, err, errlen) < 0)
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
