/* SPDX-License-Identifier: GPL-2.0 */
/* Per-CPU device bits; ACPI's processor code includes this. Nothing extra. */
#ifndef _ASM_UVMM_CPU_H
#define _ASM_UVMM_CPU_H
#endif
