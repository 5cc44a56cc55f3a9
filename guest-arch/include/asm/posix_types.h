/* SPDX-License-Identifier: GPL-2.0 */
/* x86_64's types (the x86 uapi header selects them only for user space). */
#ifndef _ASM_UVMM_POSIX_TYPES_H
#define _ASM_UVMM_POSIX_TYPES_H

#include <asm/posix_types_64.h>

#endif
