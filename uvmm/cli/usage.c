// SPDX-License-Identifier: GPL-2.0
/*
 * The --help texts. Kept next to each other and apart from the parser so
 * that docs/usage.md can be checked against one place.
 */
#include <stdio.h>

#include "exit_status.h"
#include "cli/options.h"
#include "cli/usage.h"

#define STR_(x) #x
#define STR(x) STR_(x)

static const char exit_statuses[] =
	"Exit status:\n"
	"  " STR(UVMM_EXIT_POWEROFF) "    the guest powered off (with -- CMD: CMD's exit status)\n"
	"  " STR(UVMM_EXIT_REBOOT) "  the guest asked to reboot\n"
	"  " STR(UVMM_EXIT_PANIC) "  the guest kernel panicked\n"
	"  " STR(UVMM_EXIT_ERROR) "  uvmm's own error (bad option, bad file, host failure); one line on stderr\n";

void usage_top(FILE *f)
{
	fputs("Usage: uvmm COMMAND [ARGS...]\n"
	      "Run a Linux kernel built for ARCH=uvmm as an ordinary process.\n"
	      "\n"
	      "Commands:\n"
	      "  run [OPTIONS] [-- CMD ARGS...]   boot a guest (see uvmm run --help)\n"
	      "  devices [list|bind BDF|unbind BDF]\n"
	      "                                   host PCI devices for passthrough\n"
	      "  --help, -h                       this text\n"
	      "  --version                        uvmm's version and gate ABI version\n"
	      "\n", f);
	fputs(exit_statuses, f);
}

void usage_run(FILE *f)
{
	fputs("Usage: uvmm run [OPTIONS] [-- CMD ARGS...]\n"
	      "Boot a guest kernel in this process.\n"
	      "\n"
	      "Options (each also as --option=VALUE):\n"
	      "  --kernel FILE     guest kernel: an ELF vmlinux built for ARCH=uvmm\n"
	      "                    (default: kernel/vmlinux next to the uvmm binary)\n"
	      "  --initrd FILE     initramfs (cpio, optionally compressed), or \"none\"\n"
	      "                    (default: initramfs.cpio.gz next to the uvmm binary)\n"
	      "  --mem SIZE        guest RAM; bytes or with a binary suffix K, M, G, T\n"
	      "                    (default: 256M; at least 32M, at most 63G, a multiple of 4K)\n"
	      "  --mem-file PATH   back guest RAM with the file PATH (created or\n"
	      "                    truncated, removed when uvmm exits) instead of an\n"
	      "                    anonymous memfd\n"
	      "  --cmdline STRING  kernel command line (default: \"" UVMM_DEFAULT_CMDLINE "\",\n"
	      "                    with -- CMD \"" UVMM_COMMAND_CMDLINE "\"; at most 2047 bytes)\n"
	      "  --syscall-gate ptrace|fast|auto\n"
	      "                    how guest syscalls reach the guest kernel: the ptrace\n"
	      "                    tracer, or the fast gate (seccomp and signals, no\n"
	      "                    ptrace stops); default: auto, the fast gate where the\n"
	      "                    host allows it, else the tracer\n"
	      "  --device NAME     put a device on the guest's PCI bus (repeatable, at\n"
	      "                    most 8); NAME: testdev (vpci's test device 1234:10f1),\n"
	      "                    or vfio:BDF, the host PCI device BDF passed through\n"
	      "                    (bound to vfio-pci for the run; uvmm devices lists them)\n"
	      "  --vfio-pci BDF    the same as --device vfio:BDF\n"
	      "  --disk FILE[,ro][,snapshot]\n"
	      "                    a virtio-blk disk on FILE, a raw image or a block\n"
	      "                    device (repeatable, at most 4: /dev/vda, vdb, ...);\n"
	      "                    ro: read-only for the guest; snapshot: the guest's\n"
	      "                    writes stay in memory and FILE is left as it was\n"
	      "  --share HOSTDIR[:TAG][,ro]\n"
	      "                    HOSTDIR for the guest's virtiofs driver (repeatable, at\n"
	      "                    most 4): mount -t virtiofs TAG DIR; TAG defaults to\n"
	      "                    HOSTDIR's last name (\"root\" for /); ro: read-only\n"
	      "  --rootfs DIR      boot with DIR (/ for the host's own root) as the\n"
	      "                    guest's root: read-only, writes go to a tmpfs; the\n"
	      "                    command runs there in the current directory (if DIR\n"
	      "                    holds it); --share'd\n"
	      "                    directories inside DIR appear in place, writable\n"
	      "  --net [user|tap:IFNAME][,OPTION...]\n"
	      "                    a virtio-net card (repeatable, at most 4; eth0, ...).\n"
	      "                    user (the default type): rootless user-mode network\n"
	      "                    (libslirp, build/uvmm-slirp): the guest gets 10.0.2.15\n"
	      "                    by DHCP, 10.0.2.2 is the host (its loopback too),\n"
	      "                    10.0.2.3 its DNS; options hostfwd=tcp|udp:[ADDR]:HPORT-:GPORT\n"
	      "                    (host ADDR:HPORT reaches the guest's GPORT; repeatable),\n"
	      "                    mtu=N (576..65520, default 65520). tap:IFNAME: the tap\n"
	      "                    device IFNAME (the user's, or made when root), with\n"
	      "                    checksum and TSO offloads; the guest sets its address.\n"
	      "                    Both: mac=XX:XX:XX:XX:XX:XX (default 52:54:00:12:34:56,\n"
	      "                    the last byte counting cards)\n"
	      "  --verbose         say on stderr what uvmm chose and why (the gate),\n"
	      "                    and at the end how often guest processes ran out\n"
	      "                    of host mappings (vm.max_map_count)\n"
	      "  --max-procs N     at most N guest processes at once (each is a host\n"
	      "                    process; past it the guest's fork fails with\n"
	      "                    ENOMEM); default: one per 256 KiB of guest RAM\n"
	      "                    (1024 with the default 256M)\n"
	      "  --user NAME       started as root: go on as user NAME once passthrough\n"
	      "                    devices are open (disks and shares are opened as\n"
	      "                    NAME)\n"
	      "  --no-jail         leave uvmm's threads unconfined (for debugging uvmm;\n"
	      "                    by default each confines itself with seccomp and\n"
	      "                    Landlock once the guest is set up)\n"
	      "  --help, -h        this text\n"
	      "  -- CMD ARGS...    run CMD in the guest instead of a shell, then power\n"
	      "                    off; uvmm exits with CMD's status\n"
	      "\n", f);
	fputs(exit_statuses, f);
}
