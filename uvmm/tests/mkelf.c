// SPDX-License-Identifier: GPL-2.0
/*
 * mkelf KIND OUT: write a crafted kernel image for the shell tests.
 *   good     a valid ARCH=uvmm image (its entry powers off through the gate)
 *   otherabi valid but for the next gate ABI version (one uvmm does not speak)
 *   nonote   an x86_64 ET_EXEC without the "uvmm" note
 *   aarch64  the good image relabelled for arm64
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "asm/uvmm_gate.h"

#include "elf_craft.h"

int main(int argc, char **argv)
{
	struct crafted_elf c;

	if (argc != 3) {
		fprintf(stderr, "usage: mkelf good|otherabi|nonote|aarch64 OUT\n");
		return 2;
	}
	elf_craft(&c, UVMM_GATE_ABI_VERSION);
	if (strcmp(argv[1], "otherabi") == 0) {
		elf_craft(&c, UVMM_GATE_ABI_VERSION + 1);
	} else if (strcmp(argv[1], "nonote") == 0) {
		craft_phdr(&c, CRAFT_PH_NOTE)->p_type = PT_NULL;
	} else if (strcmp(argv[1], "aarch64") == 0) {
		craft_ehdr(&c)->e_machine = EM_AARCH64;
	} else if (strcmp(argv[1], "good") != 0) {
		fprintf(stderr, "mkelf: unknown kind '%s'\n", argv[1]);
		return 2;
	}
	if (craft_write(&c, argv[2]) < 0) {
		fprintf(stderr, "mkelf: %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	return 0;
}
