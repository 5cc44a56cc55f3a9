#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the built guest kernel with the default initramfs. User space is
# not there yet, so the boot must end exactly where the kernel first
# enters user mode for /init: uvmm reports the entry point (which must be
# the ELF entry of the /init interpreter, Debian's static busybox) and
# exits with status 122. Also: a panic ends uvmm with 124, the boot works as
# an unprivileged user, and no memory file is left behind.
set -u
. "$(dirname "$0")/lib.sh"
chmod 755 "$tmp"
entry=$(readelf -h /bin/busybox | awk '/Entry point/ { print $4 }')

# 1. The default boot.
start=$(date +%s%N)
timeout -s KILL 120 "$uvmm" run --kernel "$kernel" --initrd "$initrd" \
	--mem-file "$tmp/ram" > "$tmp/out" 2> "$tmp/err"
rc=$?
end=$(date +%s%N)
echo "# boot to the attempt to start /init: $(( (end - start) / 1000000 )) ms"
ok "boot ends with status 122 (guest reached user mode)" [ "$rc" -eq 122 ] ||
	{ echo "# status $rc"; show "$tmp/out"; show "$tmp/err"; }
ok "kernel banner on the console" grep -q "^\[ *[0-9.]*\] Linux version 6\.12\." "$tmp/out" ||
	show "$tmp/out"
ok "initramfs unpacked (no error)" \
	bash -c "! grep -qi 'initramfs unpacking failed\|Kernel panic' '$tmp/out'"
ok "the kernel runs /init" grep -q "Run /init as init process" "$tmp/out" || show "$tmp/out"
ok "user mode entered at busybox's ELF entry $entry" \
	grep -q "init\[1\] enters user mode at ip $entry " "$tmp/out" ||
	{ grep "enters user mode" "$tmp/out" | sed 's/^/#   /'; }
ok "uvmm reports the same entry point on stderr" \
	grep -q "entered user mode at ip $entry " "$tmp/err" || show "$tmp/err"
ok "no memory file left behind" [ ! -e "$tmp/ram" ]

# A reader that goes away early does not kill uvmm: output is dropped.
( "$uvmm" run --kernel "$kernel" --initrd "$initrd" --mem-file "$tmp/ram2" 2> "$tmp/err1";
  echo $? > "$tmp/rc1" ) | head -c 10 > /dev/null
ok "stdout closed early: the boot still ends with 122" [ "$(cat "$tmp/rc1")" -eq 122 ] ||
	{ cat "$tmp/rc1"; show "$tmp/err1"; }
ok "stdout closed early: no memory file left behind" [ ! -e "$tmp/ram2" ]

# Closed stdin and stdout: uvmm holds them with /dev/null (and does not
# take its memory file for the console).
"$uvmm" run --kernel "$kernel" --initrd "$initrd" <&- >&- 2> "$tmp/err4"
rc=$?
ok "closed stdin and stdout: the boot still ends with 122" [ "$rc" -eq 122 ] ||
	{ echo "# status $rc"; show "$tmp/err4"; }

# 2. A panic: no init anywhere.
timeout -s KILL 120 "$uvmm" run --kernel "$kernel" --initrd none \
	--cmdline "console=hvc0 rdinit=/nonexistent init=/nonexistent" \
	> "$tmp/out2" 2> "$tmp/err2"
rc=$?
ok "a guest panic ends uvmm with status 124" [ "$rc" -eq 124 ] ||
	{ echo "# status $rc"; show "$tmp/out2"; show "$tmp/err2"; }
ok "the panic message reached the console" grep -q "Kernel panic - not syncing" "$tmp/out2"

# 3. Unprivileged: the basic boot needs no root and no capabilities.
if [ "$(id -u)" = 0 ]; then
	# The checkout may not be readable by others: run copies from $tmp.
	cp "$uvmm" "$kernel" "$initrd" "$tmp/" && chmod a+rx "$tmp"/*
	runuser -u nobody -- "$tmp/uvmm" run --kernel "$tmp/vmlinux" \
		--initrd "$tmp/initramfs.cpio.gz" \
		> "$tmp/out3" 2> "$tmp/err3"
	rc=$?
	ok "boots as user nobody to the same point" [ "$rc" -eq 122 ] ||
		{ echo "# status $rc"; show "$tmp/err3"; }
else
	"$uvmm" run --kernel "$kernel" --initrd "$initrd" > "$tmp/out3" 2> "$tmp/err3"
	rc=$?
	ok "boots as user $(id -un) to the same point" [ "$rc" -eq 122 ] ||
		{ echo "# status $rc"; show "$tmp/err3"; }
fi
echo "1..$n"
