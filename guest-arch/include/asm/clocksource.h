/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_UVMM_CLOCKSOURCE_H
#define _ASM_UVMM_CLOCKSOURCE_H

#include <asm/vdso/clocksource.h>

#endif
