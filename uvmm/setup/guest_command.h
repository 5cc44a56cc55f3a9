/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `uvmm run -- CMD ARGS...`: the command reaches the guest as a file of
 * the initramfs, /uvmm-command, a shell script that the guest's /init runs
 * before it powers off with the script's exit status.
 */
#ifndef UVMM_GUEST_COMMAND_H
#define UVMM_GUEST_COMMAND_H

#include <stddef.h>

struct share_spec;

#define GUEST_COMMAND_PATH	"uvmm-command"
#define GUEST_ROOTFS_PATH	"uvmm-rootfs"
#define GUEST_ROOTFS_TAG	"rootfs"

/*
 * The script for argv[0..argc): "exec" and each word single-quoted.
 * malloc'd, NUL-terminated; NULL if out of memory.
 */
char *guest_command_script(char *const argv[], int argc);

/*
 * `uvmm run --rootfs DIR`: /uvmm-rootfs, sourced by the guest's /init,
 * which then mounts the share GUEST_ROOTFS_TAG read-only under a tmpfs
 * overlay and runs the command (or a shell) chrooted there. It sets
 * rootfs_tag and rootfs_cwd (cwd if it lies inside dir, as the guest
 * sees it, else /) and defines rootfs_shares(), which mounts each other
 * share whose host directory lies inside dir at the same place
 * (uvmm_share TAG PATH). dir and cwd: absolute, canonical. malloc'd;
 * NULL if out of memory.
 */
char *guest_rootfs_script(const char *dir, const char *cwd, const struct share_spec *shares,
			  unsigned nr_shares);

/*
 * Added to the kernel command line when uvmm's stdin or stdout is not a
 * terminal: the guest's console ttys start raw, so that the command's
 * input and output pass them unchanged.
 */
#define GUEST_RAW_CONSOLE_PARAM	"uvmm.raw_console=1"

/*
 * A cpio archive (newc) of regular files, name -> data (NULL data: left
 * out), and the trailer: what the kernel unpacks after the initramfs.
 * malloc'd; NULL if out of memory.
 */
struct cpio_file {
	const char *name;
	const void *data;
	size_t len;
};
void *cpio_files(const struct cpio_file *f, unsigned n, size_t *out_len);

#endif
