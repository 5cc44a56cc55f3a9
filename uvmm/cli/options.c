// SPDX-License-Identifier: GPL-2.0
/*
 * `uvmm run` options. A hand-written parser rather than getopt_long so that
 * every mistake gets exactly one line of our own wording, and so that "--"
 * cleanly separates the guest's command.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "setup/guest_mem.h"
#include "cli/options.h"
#include "setup/guest_command.h"
#include "cli/usage.h"

/* The defaults live next to the binary: build/uvmm, build/kernel/vmlinux. */
static char default_kernel[PATH_MAX];
static char default_initrd[PATH_MAX];

static int binary_dir(char *dir, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", dir, len - 1);
	char *slash;

	if (n <= 0)
		return -1;
	dir[n] = '\0';
	slash = strrchr(dir, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	return 0;
}

static void set_defaults(struct uvmm_options *o)
{
	char dir[PATH_MAX];

	memset(o, 0, sizeof(*o));
	o->mem_size = UVMM_DEFAULT_MEM;
	o->cmdline = UVMM_DEFAULT_CMDLINE;
	if (binary_dir(dir, sizeof(dir)) == 0 &&
	    (size_t)snprintf(default_kernel, sizeof(default_kernel), "%s/%s", dir,
			     UVMM_DEFAULT_KERNEL) < sizeof(default_kernel) &&
	    (size_t)snprintf(default_initrd, sizeof(default_initrd), "%s/%s", dir,
			     UVMM_DEFAULT_INITRD) < sizeof(default_initrd)) {
		o->kernel = default_kernel;
		o->initrd = default_initrd;
	}
}

enum opt { OPT_KERNEL, OPT_INITRD, OPT_MEM, OPT_MEM_FILE, OPT_CMDLINE, OPT_SYSCALL_GATE,
	   OPT_DEVICE, OPT_VFIO_PCI, OPT_DISK, OPT_SHARE, OPT_ROOTFS, OPT_NET, OPT_VERBOSE, OPT_NO_JAIL, OPT_MAX_PROCS, OPT_USER, OPT_HELP };

static const struct {
	const char *name;
	enum opt id;
	int has_value;
} opts[] = {
	{ "--kernel", OPT_KERNEL, 1 },
	{ "--initrd", OPT_INITRD, 1 },
	{ "--mem", OPT_MEM, 1 },
	{ "--mem-file", OPT_MEM_FILE, 1 },
	{ "--cmdline", OPT_CMDLINE, 1 },
	{ "--syscall-gate", OPT_SYSCALL_GATE, 1 },
	{ "--device", OPT_DEVICE, 1 },
	{ "--vfio-pci", OPT_VFIO_PCI, 1 },
	{ "--disk", OPT_DISK, 1 },
	{ "--share", OPT_SHARE, 1 },
	{ "--net", OPT_NET, 1 },
	{ "--rootfs", OPT_ROOTFS, 1 },
	{ "--verbose", OPT_VERBOSE, 0 },
	{ "--no-jail", OPT_NO_JAIL, 0 },
	{ "--max-procs", OPT_MAX_PROCS, 1 },
	{ "--user", OPT_USER, 1 },
	{ "--help", OPT_HELP, 0 },
	{ "-h", OPT_HELP, 0 },
};

/* Match "--name" or "--name=value"; *inline_value set for the latter. */
static int lookup(const char *arg, const char **inline_value)
{
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		size_t n = strlen(opts[i].name);

		if (strncmp(arg, opts[i].name, n) != 0)
			continue;
		if (arg[n] == '\0') {
			*inline_value = NULL;
			return (int)i;
		}
		if (arg[n] == '=') {
			*inline_value = arg + n + 1;
			return (int)i;
		}
	}
	return -1;
}

static int apply(struct uvmm_options *o, enum opt id, const char *name,
		 const char *v, char *err, size_t errlen)
{
	switch (id) {
	case OPT_KERNEL:
		o->kernel = v;
		break;
	case OPT_INITRD:
		o->initrd = strcmp(v, "none") == 0 ? NULL : v;
		break;
	case OPT_MEM:
		if (parse_size(v, &o->mem_size) < 0) {
			snprintf(err, errlen,
				 "%s '%s' is not a size (bytes, or a number with K, M, G or T)",
				 name, v);
			return -1;
		}
		if (guest_mem_check_size(o->mem_size, err, errlen) < 0) {
			char why[256];

			snprintf(why, sizeof(why), "%s", err);
			snprintf(err, errlen, "%s %s: %s", name, v, why);
			return -1;
		}
		break;
	case OPT_MEM_FILE:
		o->mem_file = v;
		break;
	case OPT_CMDLINE:
		o->cmdline = v;
		o->cmdline_given = 1;
		break;
	case OPT_SYSCALL_GATE:
		if (strcmp(v, "auto") == 0) {
			o->syscall_gate = SYSCALL_GATE_AUTO;
		} else if (strcmp(v, "ptrace") == 0) {
			o->syscall_gate = SYSCALL_GATE_PTRACE;
		} else if (strcmp(v, "fast") == 0) {
			o->syscall_gate = SYSCALL_GATE_FAST;
		} else {
			snprintf(err, errlen, "%s '%s': ptrace, fast or auto", name, v);
			return -1;
		}
		break;
	case OPT_DEVICE:
	case OPT_VFIO_PCI:
		if (o->nr_devices >= UVMM_MAX_DEVICES) {
			snprintf(err, errlen, "%s: at most %d devices", name, UVMM_MAX_DEVICES);
			return -1;
		}
		if (id == OPT_VFIO_PCI) {
			/* The spelling of other monitors: the same as --device vfio:BDF. */
			snprintf(o->vfio_names[o->nr_devices], sizeof(o->vfio_names[0]), "vfio:%s", v);
			v = o->vfio_names[o->nr_devices];
		}
		o->devices[o->nr_devices++] = (char *)v;
		break;
	case OPT_DISK:
		if (o->nr_disks >= UVMM_MAX_DISKS) {
			snprintf(err, errlen, "%s: at most %d disks", name, UVMM_MAX_DISKS);
			return -1;
		}
		/* The spec points into the argument, which it splits at commas. */
		if (disk_spec_parse((char *)v, &o->disks[o->nr_disks], err, errlen) < 0)
			return -1;
		o->nr_disks++;
		break;
	case OPT_SHARE:
	case OPT_ROOTFS:
		if (o->nr_shares >= UVMM_MAX_SHARES) {
			snprintf(err, errlen, "%s: at most %d shares (--rootfs is one)", name,
				 UVMM_MAX_SHARES);
			return -1;
		}
		if (id == OPT_ROOTFS) {
			if (o->rootfs) {
				snprintf(err, errlen, "%s given twice", name);
				return -1;
			}
			o->rootfs = v;
			o->shares[o->nr_shares] = (struct share_spec){ .dir = v, .ro = true };
			snprintf(o->shares[o->nr_shares].tag, sizeof(o->shares[0].tag), "%s",
				 GUEST_ROOTFS_TAG);
		} else if (share_spec_parse((char *)v, &o->shares[o->nr_shares], err, errlen) < 0) {
			return -1;
		}
		for (unsigned i = 0; i < o->nr_shares; i++)
			if (!strcmp(o->shares[i].tag, o->shares[o->nr_shares].tag)) {
				snprintf(err, errlen, "%s %s: tag '%s' is taken%s", name, v,
					 o->shares[i].tag, id == OPT_ROOTFS ? "" :
					 " (name another with HOSTDIR:TAG)");
				return -1;
			}
		o->nr_shares++;
		break;
	case OPT_NET:
		if (o->nr_nets >= UVMM_MAX_NETS) {
			snprintf(err, errlen, "%s: at most %d networks", name, UVMM_MAX_NETS);
			return -1;
		}
		if (net_spec_parse((char *)v, &o->nets[o->nr_nets], err, errlen) < 0)
			return -1;
		/* Each card its own address: the default's last byte counts them. */
		if (!o->nets[o->nr_nets].mac_given)
			o->nets[o->nr_nets].mac[5] = (uint8_t)(o->nets[o->nr_nets].mac[5] + o->nr_nets);
		o->nr_nets++;
		break;
	case OPT_VERBOSE:
		o->verbose = 1;
		break;
	case OPT_NO_JAIL:
		o->no_jail = 1;
		break;
	case OPT_MAX_PROCS: {
		char *end;
		unsigned long n;

		errno = 0;
		n = strtoul(v, &end, 10);
		if (*v < '0' || *v > '9' || *end || errno || n < 1 || n > UVMM_MAX_PROCS) {
			snprintf(err, errlen, "%s '%s': a number from 1 to %u", name, v,
				 UVMM_MAX_PROCS);
			return -1;
		}
		o->max_procs = (unsigned)n;
		break;
	}
	case OPT_USER:
		o->user = v;
		break;
	case OPT_HELP:
		break;
	}
	return 0;
}

unsigned options_max_procs(const struct uvmm_options *o)
{
	uint64_t n = o->mem_size / UVMM_RAM_PER_PROC;

	if (o->max_procs)
		return o->max_procs;
	return n > UVMM_MAX_PROCS ? UVMM_MAX_PROCS : (unsigned)n;
}

static int parse(int argc, char **argv, struct uvmm_options *o,
		 char *err, size_t errlen)
{
	int i;

	set_defaults(o);
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *v;
		int k;

		if (strcmp(arg, "--") == 0) {
			o->guest_argv = &argv[i + 1];
			o->guest_argc = argc - i - 1;
			if (o->guest_argc == 0) {
				snprintf(err, errlen, "'--' must be followed by the command to run in the guest");
				return -1;
			}
			/* The command's output, not the boot log (unless asked). */
			if (!o->cmdline_given)
				o->cmdline = UVMM_COMMAND_CMDLINE;
			break;
		}
		k = lookup(arg, &v);
		if (k < 0) {
			if (arg[0] == '-')
				snprintf(err, errlen, "unknown option '%s' (see uvmm run --help)", arg);
			else
				snprintf(err, errlen,
					 "unexpected argument '%s' (the guest's command goes after --)", arg);
			return -1;
		}
		if (!opts[k].has_value) {
			if (v) {
				snprintf(err, errlen, "%s takes no value", opts[k].name);
				return -1;
			}
			if (opts[k].id == OPT_HELP) {
				usage_run(stdout);
				return 1;
			}
			apply(o, opts[k].id, opts[k].name, NULL, err, errlen);
			continue;
		}
		if (!v) {
			if (i + 1 >= argc) {
				snprintf(err, errlen, "%s needs a value", opts[k].name);
				return -1;
			}
			v = argv[++i];
		}
		/* An empty path or size is always a slip; an empty cmdline is fine. */
		if (*v == '\0' && opts[k].id != OPT_CMDLINE) {
			snprintf(err, errlen, "%s needs a non-empty value", opts[k].name);
			return -1;
		}
		if (apply(o, opts[k].id, opts[k].name, v, err, errlen) < 0)
			return -1;
	}
	if (!o->kernel) {
		snprintf(err, errlen,
			 "cannot find the directory of the uvmm binary for the default kernel: give --kernel");
		return -1;
	}
	return 0;
}

/*
 * The messages quote what the user typed: a control character in it (a
 * newline, an escape sequence) would break the one line or the terminal.
 */
static void one_line(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

int options_parse(int argc, char **argv, struct uvmm_options *o,
		  char *err, size_t errlen)
{
	int r = parse(argc, argv, o, err, errlen);

	if (r < 0 && errlen)
		one_line(err);
	return r;
}
