#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Edit to result (issue 16, docs/kunit.md): a one-line change in the
# kernel tree's lib/string.c (a new global, so that ccache cannot answer),
# then the `string` suite, through `make kunit` (the small KUnit kernel on
# uvmm) and through `kunit.py run --arch=um` (UML, its own build directory,
# a .kunitconfig with the same suites), both with ccache, alternating which
# goes first:
#   bench/kunit/edit_to_result.sh [ROUNDS]     (make bench-kunit)
# Writes build/bench/kunit/results.md; lib/string.c is put back at the end.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
ksrc=${KSRC:-$top/build/linux-source-6.12}
out=$top/build/bench/kunit
rounds=${1:-3}
string_c=$ksrc/lib/string.c
mkdir -p "$out"

# The small kernel's suites (guest-arch/build.mk) but the port's own.
{ echo CONFIG_KUNIT=y; grep -E '^CONFIG_[A-Z0-9_]*(TEST|KUNIT)[A-Z0-9_]*=y' \
	"$top/guest-arch/configs/uvmm_defconfig" | grep -v -e '^CONFIG_UVMM_' -e '^CONFIG_KUNIT=y'; } > "$out/.kunitconfig"
kunit_py=(python3 "$ksrc/tools/testing/kunit/kunit.py" run --arch=um --build_dir="$out/uml"
	  --kunitconfig="$out/.kunitconfig" --jobs=2 --make_options="CC=ccache gcc")

cp "$string_c" "$out/string.c.orig"
trap 'cp "$out/string.c.orig" "$string_c"' EXIT

# Both built once before the first edit (a first kunit.py build is long).
make -s -C "$top" kernel-kunit > "$out/warm.log" 2>&1
"${kunit_py[@]}" string >> "$out/warm.log" 2>&1

# seconds COMMAND...: its wall time; it must print the string suite's pass.
seconds() {
	local start end
	start=$(date +%s.%N)
	"$@" > "$out/last.log" 2>&1 || { echo "failed: $*" >&2; cat "$out/last.log" >&2; exit 1; }
	end=$(date +%s.%N)
	grep -qE '\[PASSED\] string|passed: 20' "$out/last.log" ||
		{ echo "no string suite result: $*" >&2; cat "$out/last.log" >&2; exit 1; }
	echo "$end - $start" | bc
}

ours=() theirs=()
for ((r = 1; r <= rounds; r++)); do
	echo "int uvmm_bench_edit_$$_$r;" >> "$string_c"
	if ((r % 2)); then
		a=$(seconds make -s -C "$top" kunit KUNIT=string)
		b=$(seconds "${kunit_py[@]}" string)
	else
		b=$(seconds "${kunit_py[@]}" string)
		a=$(seconds make -s -C "$top" kunit KUNIT=string)
	fi
	ours+=("$a") theirs+=("$b")
	printf 'round %d: make kunit %.2f s, kunit.py %.2f s\n' "$r" "$a" "$b"
done

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
mo=$(median "${ours[@]}") mt=$(median "${theirs[@]}")
list() { printf '%.2f ' "$@"; }
{
	echo "| edit to result, string suite ($rounds rounds, $(date -u +%Y-%m-%d)) | median s | all (s) |"
	echo "| --- | --- | --- |"
	echo "| make kunit (uvmm, small KUnit kernel) | $(printf %.2f "$mo") | $(list "${ours[@]}")|"
	echo "| kunit.py run --arch=um | $(printf %.2f "$mt") | $(list "${theirs[@]}")|"
	echo "| ratio uvmm / kunit.py | $(printf %.2f "$(echo "scale=4; $mo / $mt" | bc)") | |"
} > "$out/results.md"
cat "$out/results.md"
