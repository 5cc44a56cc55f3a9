#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build UML (ARCH=um) out of tree from the same Linux tree as the guest:
#   build-uml.sh KSRC OUT CONFIG_FRAGMENT "CC"
# The config is arch/um's x86_64_defconfig with CONFIG_FRAGMENT merged over
# it, redone whenever the fragment changes. Each build that produces a new
# OUT/linux records how long it took in OUT/bench-build-time.txt, and a clean
# build (empty OUT) also in OUT/bench-clean-build-time.txt; the benchmark
# report quotes both.
set -euo pipefail

if [ $# -ne 4 ]; then
	echo "usage: $0 KSRC OUT CONFIG_FRAGMENT CC" >&2
	exit 2
fi
ksrc=$1 out=$2 fragment=$3 cc=$4
kmake=(make -C "$ksrc" O="$out" ARCH=um CC="$cc" -j2)

mkdir -p "$out"
if [ ! -f "$out/.config" ] || [ ! -f "$out/.bench-config-stamp" ] ||
   [ "$fragment" -nt "$out/.bench-config-stamp" ]; then
	"${kmake[@]}" -s x86_64_defconfig
	cat "$fragment" >> "$out/.config"
	# Later lines win; olddefconfig settles the dependencies.
	"${kmake[@]}" -s olddefconfig 2>/dev/null
	touch "$out/.bench-config-stamp"
fi

kind=incremental
[ -e "$out/vmlinux.o" ] || kind=clean
before=$(stat -c %Y "$out/linux" 2>/dev/null || echo 0)
start=$(date +%s.%N)
"${kmake[@]}" linux
end=$(date +%s.%N)
after=$(stat -c %Y "$out/linux" 2>/dev/null || echo 0)

if [ "$after" != "$before" ]; then
	version=$(make -s -C "$ksrc" kernelversion 2>/dev/null || echo 6.12)
	secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", b - a }')
	record="Linux $version ARCH=um built $(date -u +%Y-%m-%d) ($kind build: ${secs} s, make -j2, CC=$cc)"
	echo "$record" > "$out/bench-build-time.txt"
	[ $kind = incremental ] || echo "$record" > "$out/bench-clean-build-time.txt"
fi
