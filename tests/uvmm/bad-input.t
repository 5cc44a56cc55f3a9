#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bad input to the real build/uvmm: every case must end with exit status 125
# (uvmm's own error), exactly one line on stderr saying what is wrong, no
# signal death, and no guest memory file left behind. Runs as any user.
set -u
. "$(dirname "$0")/../lib/tap.sh"
mkelf=$build/tests/uvmm/mkelf
need "$uvmm_bin" "$mkelf"

ramdir=$tmp/ramdir		# --mem-file goes here; must stay empty
mkdir "$ramdir"
ram=$ramdir/ram

one_line() {	# exactly one newline-terminated, non-empty line
	[ "$(wc -l < "$1")" -eq 1 ] && [ -s "$1" ] && [ -z "$(tail -c1 "$1" | tr -d '\n')" ]
}

# bad DESCRIPTION FRAGMENT UVMM-ARGS...: the message must contain FRAGMENT.
# It runs "${uvmm_cmd[@]}", uvmm unless said otherwise.
uvmm_cmd=("$uvmm")
bad() {
	local desc=$1 frag=$2 rc; shift 2
	timeout -s KILL 60 "${uvmm_cmd[@]}" "$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	ok "$desc: exit status 125" [ "$rc" -eq 125 ] || echo "# exit status $rc"
	ok "$desc: exactly one line on stderr" one_line "$tmp/err" ||
		sed 's/^/#   stderr: /' "$tmp/err"
	ok "$desc: says \"$frag\"" grep -qF -- "$frag" "$tmp/err" ||
		sed 's/^/#   stderr: /' "$tmp/err"
	ok "$desc: nothing on stdout, no memory file left" \
		test ! -s "$tmp/out" -a -z "$(ls -A "$ramdir")"
}

# Files to feed it.
"$mkelf" good "$tmp/good.elf" && "$mkelf" otherabi "$tmp/otherabi.elf" &&
"$mkelf" nonote "$tmp/nonote.elf" && "$mkelf" aarch64 "$tmp/arm64.elf" ||
	bail_out "mkelf failed"
echo "this is not a kernel" > "$tmp/text"
: > "$tmp/empty"
truncate -s 40M "$tmp/big.initrd"
echo initrd > "$tmp/small.initrd"
long=$(head -c 3000 /dev/zero | tr '\0' x)

# The crafted good kernel passes every check: the failure is the one named.
k=(--kernel "$tmp/good.elf")

bad "missing kernel" "cannot open kernel $tmp/nope: No such file" \
	run --kernel "$tmp/nope" --mem-file "$ram"
bad "kernel is a directory" "kernel $tmp: not a regular file" \
	run --kernel "$tmp" --mem-file "$ram"
bad "empty kernel" "not an ELF file" run --kernel "$tmp/empty" --mem-file "$ram"
bad "non-ELF kernel" "kernel $tmp/text: not an ELF file" \
	run --kernel "$tmp/text" --mem-file "$ram"
bad "x86_64 PIE program (/bin/true)" "shared object or PIE program, not an executable vmlinux" \
	run --kernel /bin/true --mem-file "$ram"
bad "x86_64 executable without the uvmm note" "not a uvmm kernel: built for another architecture?" \
	run --kernel "$tmp/nonote.elf" --mem-file "$ram"
bad "kernel for another architecture" "is for aarch64, not x86_64 (ARCH=uvmm)" \
	run --kernel "$tmp/arm64.elf" --mem-file "$ram"
abi=$(sed -n 's/.*UVMM_GATE_ABI_VERSION[[:space:]]*\([0-9]*\).*/\1/p' "$top/guest-arch/include/uapi/asm/uvmm_gate.h")
bad "kernel for another gate ABI version" "gate ABI version $((abi + 1)), uvmm speaks $abi" \
	run --kernel "$tmp/otherabi.elf" --mem-file "$ram"
bad "kernel problem with a memfd" "is for aarch64" run --kernel "$tmp/arm64.elf"
bad "kernel problem with 5 GiB of RAM (hole mapped)" "not a uvmm kernel" \
	run --kernel "$tmp/nonote.elf" --mem 5G --mem-file "$ram"

bad "--mem too small" "--mem 16M: guest memory of 16777216 bytes is too small: at least 32 MiB" \
	run "${k[@]}" --mem 16M --mem-file "$ram"
bad "--mem not a size" "--mem 'lots' is not a size" run "${k[@]}" --mem lots
bad "--mem negative" "is not a size" run "${k[@]}" --mem=-1G
bad "--mem zero" "is not a size" run "${k[@]}" --mem 0
bad "--mem too large" "too large" run "${k[@]}" --mem 64G
bad "--mem-file in a missing directory" "--mem-file /proc/nonexistent/x: cannot create" \
	run "${k[@]}" --mem-file /proc/nonexistent/x
bad "--mem-file is a directory" "--mem-file $ramdir: is a directory" \
	run "${k[@]}" --mem-file "$ramdir"
bad "--mem-file is a device" "--mem-file /dev/null: is not a regular file" \
	run "${k[@]}" --mem-file /dev/null
ok "--mem-file /dev/null left alone" test -c /dev/null
# An existing file or a symlink is not ours: refused, and left as it was.
printf 'precious' > "$tmp/existing" && chmod 644 "$tmp/existing" &&
	ln -s "$tmp/existing" "$tmp/link" || bail_out "cannot prepare files in $tmp"
bad "--mem-file exists" "--mem-file $tmp/existing: already exists" \
	run "${k[@]}" --mem-file "$tmp/existing"
bad "--mem-file is a symlink" "--mem-file $tmp/link: is a symbolic link" \
	run "${k[@]}" --mem-file "$tmp/link"
ok "the existing file and the link are untouched" \
	test -L "$tmp/link" -a "$(cat "$tmp/existing")" = precious -a \
	     "$(stat -c %a "$tmp/existing")" = 644
mkdir "$tmp/ro" && chmod 555 "$tmp/ro"
# Root may write into a read-only directory: as root, this one runs a copy
# of uvmm as user nobody.
if [ "$(id -u)" -eq 0 ]; then
	chmod 755 "$tmp" && install -m 755 "$uvmm_bin" "$tmp/uvmm-copy" ||
		bail_out "cannot copy uvmm into $tmp"
	uvmm_cmd=(runuser -u nobody -- "$tmp/uvmm-copy")
fi
bad "--mem-file in a read-only directory" "--mem-file $tmp/ro/ram: cannot create: Permission denied" \
	run "${k[@]}" --mem-file "$tmp/ro/ram"
uvmm_cmd=("$uvmm")
# A --mem-file is all allocated up front: on a filesystem too small for
# the guest's RAM, one line now rather than a SIGBUS in the middle of a run.
if [ "$(id -u)" -eq 0 ]; then
	mkdir "$tmp/small" && mount -t tmpfs -o size=16m uvmm-test "$tmp/small" ||
		bail_out "cannot mount a small tmpfs at $tmp/small"
	bad "--mem-file on a filesystem too small" "--mem-file $tmp/small/ram: no space" \
		run "${k[@]}" --mem 64M --mem-file "$tmp/small/ram"
	ok "the small filesystem is left empty" test -z "$(ls -A "$tmp/small")"
	umount "$tmp/small"
else
	skip "mounting a small tmpfs needs root"
fi

bad "initrd larger than memory" "initrd $tmp/big.initrd (40 MiB) does not fit in guest memory (32 MiB)" \
	run "${k[@]}" --initrd "$tmp/big.initrd" --mem 32M --mem-file "$ram"
bad "missing initrd" "cannot open initrd $tmp/nope" \
	run "${k[@]}" --initrd "$tmp/nope" --mem-file "$ram"
bad "empty initrd" "initrd $tmp/empty is empty" \
	run "${k[@]}" --initrd "$tmp/empty" --mem-file "$ram"
bad "command line too long" "kernel command line is 3000 bytes long: at most 2047" \
	run "${k[@]}" --initrd "$tmp/small.initrd" --cmdline "$long" --mem-file "$ram"

# Disk images: checked before the guest runs, one line each.
truncate -s 1M "$tmp/disk.img" && printf 'tiny' > "$tmp/tiny.img" ||
	bail_out "cannot make disk images in $tmp"
bad "--disk missing" "--disk $tmp/nope: No such file or directory" \
	run "${k[@]}" --mem-file "$ram" --disk "$tmp/nope"
bad "--disk is a directory" "--disk $tmp: Is a directory" \
	run "${k[@]}" --mem-file "$ram" --disk "$tmp"
bad "--disk is a character device" "--disk /dev/zero: not a regular file or block device" \
	run "${k[@]}" --mem-file "$ram" --disk /dev/zero,ro
bad "--disk too small" "--disk $tmp/tiny.img: image too small" \
	run "${k[@]}" --mem-file "$ram" --disk "$tmp/tiny.img"
bad "--disk unknown option" "--disk $tmp/disk.img: unknown option 'rw' (ro, snapshot)" \
	run "${k[@]}" --mem-file "$ram" --disk "$tmp/disk.img,rw"
bad "--disk empty" "--disk needs a non-empty value" run "${k[@]}" --disk ""
bad "--disk without a file" "--disk wants FILE[,ro][,snapshot]" run "${k[@]}" --disk ,ro
bad "five disks" "--disk: at most 4 disks" run "${k[@]}" --disk "$tmp/disk.img,ro" \
	--disk "$tmp/disk.img,ro" --disk "$tmp/disk.img,ro" --disk "$tmp/disk.img,ro" \
	--disk "$tmp/disk.img,ro"
# Two writers would corrupt it: a disk another process holds is refused.
uvmm_cmd=(flock "$tmp/disk.img" "$uvmm")
bad "--disk in use" "--disk $tmp/disk.img: in use by another process" \
	run "${k[@]}" --mem-file "$ram" --disk "$tmp/disk.img"
uvmm_cmd=("$uvmm")
ok "the disk images are left as they were" \
	test "$(stat -c %s "$tmp/disk.img")" = 1048576 -a "$(cat "$tmp/tiny.img")" = tiny

bad "unknown option" "unknown option '--frobnicate'" run "${k[@]}" --frobnicate
bad "option without its value" "--initrd needs a value" run "${k[@]}" --initrd
bad "stray argument" "unexpected argument 'vmlinux'" run vmlinux
bad "unknown top-level option" "unknown option '--frobnicate'" --frobnicate
bad "unknown subcommand" "unknown command 'launch'" launch
bad "no subcommand" "no command given"

# --help works and documents the options and exit statuses.
help_ok() {	# help_ok ARGS... : exit 0, stdout names every word in $words
	local w
	"$uvmm" "$@" > "$tmp/out" 2> "$tmp/err" || return 1
	[ ! -s "$tmp/err" ] || return 1
	for w in $words; do
		grep -qF -- "$w" "$tmp/out" || { echo "# '$w' missing"; return 1; }
	done
}
words="run devices 125 124 123 0"
ok "uvmm --help: commands and exit statuses" help_ok --help
words="--kernel --initrd --mem --mem-file --cmdline --syscall-gate --device --vfio-pci vfio:BDF --disk snapshot --share --rootfs 256M console=hvc0 125 124 123"
ok "uvmm run --help: every option, defaults and exit statuses" help_ok run --help

# Help that cannot be written is an error too, not a silent success.
if [ -w /dev/full ]; then
	"$uvmm" --help > /dev/full 2> "$tmp/err"
	rc=$?
	ok "--help to a full disk: status 125, one line" \
		test "$rc" -eq 125 -a "$(wc -l < "$tmp/err")" -eq 1
else
	skip "/dev/full is not writable here"
fi

done_testing
