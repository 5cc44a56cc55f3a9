/* SPDX-License-Identifier: GPL-2.0 */
/* ACPICA's per-architecture environment: nothing beyond aclinux.h's. */
#ifndef _ASM_UVMM_ACENV_H
#define _ASM_UVMM_ACENV_H
#endif
