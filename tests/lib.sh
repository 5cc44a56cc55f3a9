# SPDX-License-Identifier: GPL-2.0
# Shell helpers for the tests that boot the built guest. Source it from a
# *.t script: it sets $top, $uvmm, $kernel, $initrd and a private $tmp
# (removed on exit), and defines ok/show. It bails out if nothing is built.

top=$(cd "$(dirname "$0")/.." && pwd)
uvmm=$top/build/uvmm
kernel=$top/build/kernel/vmlinux
initrd=$top/build/initramfs.cpio.gz
for f in "$uvmm" "$kernel" "$initrd"; do
	[ -e "$f" ] || { echo "Bail out! $f is not built: run make"; exit 1; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/uvmm-$(basename "$0" .t).XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

n=0
# ok DESCRIPTION COMMAND...: one TAP test, passing if COMMAND succeeds.
ok() {
	local desc=$1; shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $desc"; else echo "not ok $n - $desc"; return 1; fi
}

# show FILE [LINES]: the end of FILE as TAP diagnostics.
show() { tr -d '\r' < "$1" | tail -n "${2:-25}" | awk '{ print "#   " $0 }'; }
