/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest-process stub's ELF image (built from uvmm/guest_proc/stub/), embedded so
 * that uvmm stays one file; guest_proc_setup() copies it into a memfd.
 */
	.section .rodata, "a"
	.balign 16
	.globl guest_proc_stub_image, guest_proc_stub_image_end
guest_proc_stub_image:
	.incbin "stub.elf"
guest_proc_stub_image_end:

	.section .note.GNU-stack, "", @progbits
