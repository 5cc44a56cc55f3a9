// SPDX-License-Identifier: GPL-2.0
/* Building the guest before it runs; every check of user input ends here. */
#include <errno.h>
#include <limits.h>
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

/*
 * --rootfs: /uvmm-rootfs for the guest's /init (guest_command.h), from
 * the canonical directories of the root and of the other shares.
 */
static int rootfs_script(const struct uvmm_options *o, char **script, char *err, size_t errlen)
{
	struct share_spec shares[UVMM_MAX_SHARES];
	char dir[PATH_MAX], cwd[PATH_MAX], abs[UVMM_MAX_SHARES][PATH_MAX];
	unsigned n = 0;

	if (!realpath(o->rootfs, dir)) {
		snprintf(err, errlen, "--rootfs %s: %s", o->rootfs, strerror(errno));
		return -1;
	}
	if (!getcwd(cwd, sizeof(cwd)))
		strcpy(cwd, "/");
	for (unsigned i = 0; i < o->nr_shares; i++) {
		if (!realpath(o->shares[i].dir, abs[n]))
			continue;	/* opening it will say why */
		shares[n] = o->shares[i];
		shares[n].dir = abs[n];
		n++;
	}
	*script = guest_rootfs_script(dir, cwd, shares, n);
	if (!*script) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

/*
 * The initramfs, and after it the command of `uvmm run -- CMD` and the
 * settings of --rootfs, if given.
 */
static int load_initrd(const struct uvmm_options *o, struct vm_setup *s,
		       char *err, size_t errlen)
{
	struct cpio_file extra[2] = { { GUEST_COMMAND_PATH, NULL, 0 }, { GUEST_ROOTFS_PATH, NULL, 0 } };
	char *script = NULL, *rootfs = NULL;
	void *cpio = NULL;
	size_t cpio_len = 0;
	int ret = -1;

	if (!o->initrd) {
		if (!o->guest_argv && !o->rootfs)
			return 0;
		snprintf(err, errlen, "%s needs an initrd whose /init runs it (not --initrd none)",
			 o->guest_argv ? "-- CMD" : "--rootfs");
		return -1;
	}
	if (o->guest_argv && !(script = guest_command_script(o->guest_argv, o->guest_argc)))
		goto oom;
	if (o->rootfs && rootfs_script(o, &rootfs, err, errlen))
		goto out;
	extra[0].data = script;
	extra[0].len = script ? strlen(script) : 0;
	extra[1].data = rootfs;
	extra[1].len = rootfs ? strlen(rootfs) : 0;
	if ((script || rootfs) && !(cpio = cpio_files(extra, 2, &cpio_len)))
		goto oom;
	ret = initrd_load(o->initrd, cpio, cpio_len, &s->mem, &s->kernel,
			  &s->initrd_phys, &s->initrd_size, err, errlen);
	goto out;
oom:
	snprintf(err, errlen, "out of memory");
out:
	free(cpio);
	free(script);
	free(rootfs);
	return ret;
}

/* A --net user and no ip= of the user's own on the command line. */
static bool wants_dhcp(const struct uvmm_options *o)
{
	bool user = false;
	const char *p;

	for (unsigned i = 0; i < o->nr_nets; i++)
		user |= o->nets[i].type == NET_USER;
	for (p = strstr(o->cmdline, "ip="); p; p = strstr(p + 1, "ip="))
		if (p == o->cmdline || p[-1] == ' ')
			return false;
	return user;
}

int vm_setup(const struct uvmm_options *o, struct vm_setup *s, char *err, size_t errlen)
{
	static char cmdline_buf[UVMM_CMDLINE_MAX];
	const char *cmdline = o->cmdline;
	struct uvmm_boot_info *bi;
	uint64_t rsdp;
	bool raw, dhcp;

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
	raw = o->guest_argv && !(isatty(STDIN_FILENO) && isatty(STDOUT_FILENO));
	/* User-mode networking answers DHCP: the guest's kernel asks at boot. */
	dhcp = wants_dhcp(o);
	if (raw || dhcp) {
		if ((size_t)snprintf(cmdline_buf, sizeof(cmdline_buf), "%s%s%s", o->cmdline,
				     raw ? " " GUEST_RAW_CONSOLE_PARAM : "",
				     dhcp ? " ip=dhcp" : "") >= sizeof(cmdline_buf)) {
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
