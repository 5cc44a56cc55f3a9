#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vm_setup() end to end (under ASan+UBSan, through build/tests/uvmm/
# vm_setup_probe): kernels made by the real toolchain (gcc + ld with a linker
# script shaped like guest-arch's), initrds, --mem-file, and the built
# build/kernel/vmlinux + build/initramfs.cpio.gz when they exist.
set -u
. "$(dirname "$0")/../lib/tap.sh"
probe=$build/tests/uvmm/vm_setup_probe
need "$probe"

has() { grep -qxF -- "$1" "$tmp/out" || { echo "# want line '$1' in:"; sed 's/^/#   /' "$tmp/out"; false; }; }
probe() { "$probe" "$@" > "$tmp/out" 2> "$tmp/err"; }

# A tiny kernel: entry code, the uvmm ABI note, data and bss; linked like
# guest-arch/kernel/vmlinux.lds.S (virtual = 0x40000000 + physical).
mkkernel() {	# mkkernel NAME ABI LINK_ADDR LOAD_OFFSET
	cat > "$tmp/$1.S" <<EOS
	.text
	.globl _start
_start:	movl	\$0x3fe00000, %eax
	ud2
	.pushsection .note.uvmm, "a", @note
	.balign 4
	.long 5, 4, 1
	.asciz "uvmm"
	.balign 4
	.long $2
	.popsection
	.data
	.quad 0x1122334455667788
	.bss
	.skip 0x10000
EOS
	cat > "$tmp/$1.lds" <<EOS
OUTPUT_FORMAT("elf64-x86-64")
ENTRY(_start)
SECTIONS
{
	. = $3;
	.text : AT(ADDR(.text) - $4) { *(.text) }
	. = ALIGN(4096);
	.notes : AT(ADDR(.notes) - $4) { *(.note.*) }
	. = ALIGN(4096);
	.data : AT(ADDR(.data) - $4) { *(.data) }
	.bss : AT(ADDR(.bss) - $4) { *(.bss) }
	/DISCARD/ : { *(.note.GNU-stack) }
}
EOS
	gcc -c "$tmp/$1.S" -o "$tmp/$1.o" && ld -T "$tmp/$1.lds" -o "$tmp/$1.elf" "$tmp/$1.o"
}
# The ABI uvmm speaks, from the header both sides share, and one it does not.
abi=$(sed -n 's/.*UVMM_GATE_ABI_VERSION[[:space:]]*\([0-9]*\).*/\1/p' "$top/guest-arch/include/uapi/asm/uvmm_gate.h")
other=$((abi + 1))
mkkernel good $abi 0x40200000 0x40000000 && mkkernel other $other 0x40200000 0x40000000 &&
mkkernel x86 $abi 0xffffffff81000000 0xffffffff80000000 || bail_out "cannot build the test kernels with gcc and ld"

ok "linked kernel, no initrd: set up" probe --kernel "$tmp/good.elf" --initrd none --mem 32M
ok "entry point" has "entry=0x40200000"
ok "loaded at 2 MiB, bss included" has "phys=0x200000-0x212008"
ok "gate ABI from the note" has "gate_abi=$abi"
ok "no initrd" has "initrd=0x0+0"
ok "boot info: RAM size and two regions" has "ram_size=33554432" && has "regions=2"
ok "default command line" has "cmdline=console=hvc0"

head -c 3000000 /dev/urandom > "$tmp/initrd"
ok "with an initrd and --mem-file: set up" \
	probe --kernel "$tmp/good.elf" --initrd "$tmp/initrd" --mem 512M \
	      --mem-file "$tmp/ram" --cmdline "root=/dev/ram0 quiet"
ok "initrd at the top of RAM, page aligned" has "initrd=0x1fd23000+3000000"
ok "command line" has "cmdline=root=/dev/ram0 quiet"
ok "memory file present while set up" has "mem_file=present"
ok "memory file removed by teardown" test ! -e "$tmp/ram"

probe --kernel "$tmp/other.elf" --initrd none
ok "linked kernel for ABI $other refused" test $? -eq 125
ok "  message" grep -qF "gate ABI version $other, uvmm speaks $abi" "$tmp/err"
probe --kernel "$tmp/x86.elf" --initrd none
ok "kernel linked at an x86 address refused" test $? -eq 125
ok "  message" grep -qF "linked at 0xffffffff81000000" "$tmp/err"

# The real thing, once guest-arch/ has built it.
vmlinux=$kernel initramfs=$initrd
if [ -f "$vmlinux" ]; then
	ok "build/kernel/vmlinux: set up" probe --kernel "$vmlinux" --initrd none ||
		sed 's/^/#   /' "$tmp/err"
	ok "build/kernel/vmlinux: gate ABI $(sed -n 's/.*UVMM_GATE_ABI_VERSION[[:space:]]*\([0-9]*\).*/\1/p' \
		"$top/guest-arch/include/uapi/asm/uvmm_gate.h")" \
		has "gate_abi=$(sed -n 's/.*UVMM_GATE_ABI_VERSION[[:space:]]*\([0-9]*\).*/\1/p' \
		"$top/guest-arch/include/uapi/asm/uvmm_gate.h")"
else
	skip "build/kernel/vmlinux is not built (make builds it)"
	skip "build/kernel/vmlinux is not built (make builds it)"
fi
if [ -f "$vmlinux" ] && [ -f "$initramfs" ]; then
	ok "build/kernel/vmlinux with build/initramfs.cpio.gz: set up" \
		probe --kernel "$vmlinux" --initrd "$initramfs" || sed 's/^/#   /' "$tmp/err"
else
	skip "build/kernel/vmlinux or build/initramfs.cpio.gz is not built (make builds them)"
fi

done_testing
