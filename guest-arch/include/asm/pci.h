/* SPDX-License-Identifier: GPL-2.0 */
/* PCI on uvmm: one ECAM segment found through ACPI; no port I/O. */
#ifndef _ASM_UVMM_PCI_H
#define _ASM_UVMM_PCI_H

#include <linux/types.h>
#include <asm/io.h>

#define PCIBIOS_MIN_IO		0x1000
#define PCIBIOS_MIN_MEM		0

#include <asm-generic/pci.h>

#endif
