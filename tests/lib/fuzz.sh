# SPDX-License-Identifier: GPL-2.0
# Sourced after tap.sh by tests/fuzz/*.t: fuzz NAME SECONDS runs
# build/fuzz/NAME (libFuzzer) on its committed seed corpus
# (tests/fuzz/corpus/NAME, crash reproducers included: each runs first)
# and then for SECONDS more, into a corpus of the test's own. An input
# that runs 30 s is a hang (a failure), not a slow input.
fuzz() {
	local name=$1 secs=$2 bin=$build/fuzz/$1 runs
	need "$bin"
	mkdir -p "$tmp/corpus"
	"$bin" -max_total_time="$secs" -timeout=30 -print_final_stats=1 -artifact_prefix="$tmp/" \
		"$tmp/corpus" "$top/tests/fuzz/corpus/$name" > "$tmp/log" 2>&1
	ok "$name: the seed corpus and ${secs} s of fuzzing, no crash" [ $? -eq 0 ] ||
		{ grep -v '^#' "$tmp/log" | tail -n 30 | sed 's/^/#   /'; }
	runs=$(awk '/stat::number_of_executed_units/ { print $2 }' "$tmp/log")
	ok "$name: it ran (${runs:-0} inputs)" [ "${runs:-0}" -gt 100 ]
}
