/* SPDX-License-Identifier: GPL-2.0 */
/* The `uvmm run` command line. */
#ifndef UVMM_OPTIONS_H
#define UVMM_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "virtio/devices.h"

#define UVMM_DEFAULT_MEM	(256ULL << 20)
/* Without --max-procs: one guest process per this much guest RAM. */
#define UVMM_RAM_PER_PROC	(256ULL << 10)
/* --max-procs at most (the gate's address-space ids have 20 bits). */
#define UVMM_MAX_PROCS		((1U << 20) - 1)
#define UVMM_DEFAULT_CMDLINE	"console=hvc0"
#define UVMM_COMMAND_CMDLINE	"console=hvc0 quiet"	/* the default with -- CMD */
/* Defaults, relative to the directory holding the uvmm binary. */
#define UVMM_DEFAULT_KERNEL	"kernel/vmlinux"
#define UVMM_DEFAULT_INITRD	"initramfs.cpio.gz"

/* How guest syscalls reach the guest kernel (docs/guest-processes.md). */
enum syscall_gate {
	SYSCALL_GATE_AUTO,	/* the fast gate where the host allows it */
	SYSCALL_GATE_PTRACE,	/* the tracer helper: PTRACE_SYSEMU */
	SYSCALL_GATE_FAST,	/* seccomp, signals, a mailbox: or refuse to run */
};
/* --device NAME may be given this often (pci_platform.h checks names). */
#define UVMM_MAX_DEVICES	8
/* --disk may be given this often. */
#define UVMM_MAX_DISKS		4
/* --share may be given this often. */
#define UVMM_MAX_SHARES		4
/* --net may be given this often. */
#define UVMM_MAX_NETS		4

struct uvmm_options {
	const char *kernel;	/* ELF vmlinux built for ARCH=uvmm */
	const char *initrd;	/* NULL: no initrd */
	uint64_t mem_size;	/* bytes of guest RAM */
	const char *mem_file;	/* NULL: anonymous memfd */
	const char *cmdline;	/* kernel command line */
	int cmdline_given;	/* --cmdline was given (else the default for the mode) */
	enum syscall_gate syscall_gate;
	int verbose;		/* --verbose: say what uvmm chose and why */
	int no_jail;		/* --no-jail: uvmm's threads stay unconfined */
	const char *user;	/* --user NAME: go on as NAME once passthrough devices are open */
	unsigned max_procs;	/* --max-procs N: guest address spaces at once (0: by RAM) */
	char *devices[UVMM_MAX_DEVICES];	/* --device NAME, in order */
	char vfio_names[UVMM_MAX_DEVICES][48];	/* "vfio:BDF" made from --vfio-pci BDF */
	unsigned nr_devices;
	struct disk_spec disks[UVMM_MAX_DISKS];	/* --disk FILE[,ro][,snapshot] */
	unsigned nr_disks;
	struct share_spec shares[UVMM_MAX_SHARES];	/* --share HOSTDIR[:TAG][,ro] */
	unsigned nr_shares;
	struct net_spec nets[UVMM_MAX_NETS];	/* --net [user|tap:IFNAME][,...] */
	unsigned nr_nets;
	const char *rootfs;	/* --rootfs DIR: the guest's root, DIR read-only + tmpfs */
	char **guest_argv;	/* words after "--", NULL-terminated; NULL if no "--" */
	int guest_argc;		/* how many words guest_argv holds */
};

/*
 * Parse `uvmm run` arguments (argv[0] is "run"). Fills defaults first: the
 * kernel and initrd next to the uvmm binary (build/kernel/vmlinux,
 * build/initramfs.cpio.gz). Returns 0 to go on, 1 when --help was printed,
 * -1 on error with a one-line message in err.
 */
int options_parse(int argc, char **argv, struct uvmm_options *o,
		  char *err, size_t errlen);

/* How many guest address spaces (host processes) may exist at once:
 * --max-procs, else one per UVMM_RAM_PER_PROC of guest RAM (128 for the
 * least RAM, 32 MiB). */
unsigned options_max_procs(const struct uvmm_options *o);

/*
 * "64M", "1G", "1048576", "2g", "4KiB": binary units K M G T; 0, or -1 on
 * empty, junk, a sign, zero or overflow.
 */
int parse_size(const char *s, uint64_t *out);

#endif
