/* SPDX-License-Identifier: GPL-2.0 */
/* uvmm's exit statuses (documented in --help and docs/usage.md). */
#ifndef UVMM_EXIT_STATUS_H
#define UVMM_EXIT_STATUS_H

#define UVMM_EXIT_POWEROFF	0	/* the guest powered off */
#define UVMM_EXIT_REBOOT	123	/* the guest asked to reboot */
#define UVMM_EXIT_PANIC		124	/* the guest kernel panicked (or oopsed fatally) */
#define UVMM_EXIT_ERROR		125	/* uvmm's own error: bad option, bad file, host failure */

#endif
