/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `uvmm run -- CMD ARGS...`: the command reaches the guest as a file of
 * the initramfs, /uvmm-command, a shell script that the guest's /init runs
 * before it powers off with the script's exit status.
 */
#ifndef UVMM_GUEST_COMMAND_H
#define UVMM_GUEST_COMMAND_H

#include <stddef.h>

#define GUEST_COMMAND_PATH	"uvmm-command"

/*
 * The script for argv[0..argc): "exec" and each word single-quoted.
 * malloc'd, NUL-terminated; NULL if out of memory.
 */
char *guest_command_script(char *const argv[], int argc);

/*
 * Added to the kernel command line when uvmm's stdin or stdout is not a
 * terminal: the guest's console ttys start raw, so that the command's
 * input and output pass them unchanged.
 */
#define GUEST_RAW_CONSOLE_PARAM	"uvmm.raw_console=1"

/*
 * A cpio archive (newc) holding one regular file, name -> data, and the
 * trailer: what the kernel unpacks after the initramfs. malloc'd; NULL if
 * out of memory.
 */
void *cpio_one_file(const char *name, const void *data, size_t len, size_t *out_len);

#endif
