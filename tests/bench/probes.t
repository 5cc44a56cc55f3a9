#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The benchmark probes (bench/probes) run on the host in a short loop and each
# prints exactly one well-formed result line with a positive figure; bad
# options give a one-line error; nothing is left in the scratch directory.
# No figure is compared with any threshold: this checks the probes work.
set -u
. "$(dirname "$0")/../lib/tap.sh"
probes=$build/bench/probes
scratch=$tmp/scratch
mkdir "$scratch"

# Build them if make check did not already (fast when up to date).
if ! make -s -C "$top" bench-probes >/dev/null 2>"$scratch/make.err"; then
	not_ok "build the probes (make bench-probes)" "$(cat "$scratch/make.err")"
	done_testing
fi

declare -A unit=(
	[null-syscall]=us [clock-gettime]=ns [pipe-rtt]=us [unix-rtt]=us [tcp-rtt]=us [ctxsw]=us
	[fork-exit]=us [fork-exec]=us [page-fault]=us [sleep-1ms]=us [sleep-100us]=us
	[signal-rtt]=us [fault-roundtrip]=us
	[file-reread]=MiB/s [mmap-reread]=MiB/s
)
names=$(printf '%s\n' "${!unit[@]}" | sort)
plan $(( $(echo "$names" | wc -l) * 2 + 6 ))

for w in $names; do
	out=$("$probes/$w" -t 0.02 -d "$scratch" 2>"$scratch/err"); rc=$?
	if [ $rc -eq 0 ] && [ "$(echo "$out" | wc -l)" -eq 1 ]; then
		ok "$w exits 0 with one line"
	else
		not_ok "$w exits 0 with one line" "rc=$rc" "$out" "$(cat "$scratch/err")"
	fi
	# result <name> <number> <unit>, number strictly positive.
	if echo "$out" | awk -v w="$w" -v u="${unit[$w]}" '
		$1 == "result" && $2 == w && $4 == u && NF == 4 &&
		$3 ~ /^[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?$/ && $3 + 0 > 0 { good = 1 }
		END { exit !good }'; then
		ok "$w result is a positive figure in ${unit[$w]}"
	else
		not_ok "$w result is a positive figure in ${unit[$w]}" "got: $out"
	fi
done

# The realistic mixed load: one clean build of bench/mixed with the host gcc.
out=$("$probes/make-project" -t 0.01 -C "$top/bench/mixed" -o "$scratch/mp" -j 2 2>"$scratch/err"); rc=$?
if [ $rc -eq 0 ] && echo "$out" | awk '$1 == "result" && $2 == "make-project" && $4 == "s" && $3 + 0 > 0 { g = 1 } END { exit !g }'; then
	ok "make-project builds the small project and reports seconds"
else
	not_ok "make-project builds the small project and reports seconds" "rc=$rc" "$out" "$(cat "$scratch/err")"
fi
if [ ! -e "$scratch/mp" ]; then
	ok "make-project cleans its output directory"
else
	not_ok "make-project cleans its output directory" "$(ls "$scratch/mp" | head -3)"
fi

# Scratch files of the re-read probes are unlinked right after creation.
left=$(ls -A "$scratch" | grep -v '^err$\|^make.err$')
if [ -z "$left" ]; then ok "no probe left a file behind"; else not_ok "no probe left a file behind" "$left"; fi

# Bad input: one line on stderr, exit 2, no result.
out=$("$probes/null-syscall" -t banana 2>"$scratch/err"); rc=$?
if [ $rc -eq 2 ] && [ -z "$out" ] && [ "$(wc -l < "$scratch/err")" -eq 1 ] && grep -q "^error: null-syscall: -t" "$scratch/err"; then
	ok "a bad -t is a one-line error, exit 2"
else
	not_ok "a bad -t is a one-line error, exit 2" "rc=$rc" "$(cat "$scratch/err")"
fi
out=$("$probes/file-reread" -t 0.01 -d "$scratch/does-not-exist" 2>"$scratch/err"); rc=$?
if [ $rc -eq 1 ] && [ -z "$out" ] && grep -q "^error: file-reread: create scratch file" "$scratch/err"; then
	ok "a missing scratch directory is a clear error"
else
	not_ok "a missing scratch directory is a clear error" "rc=$rc" "$(cat "$scratch/err")"
fi
out=$("$probes/make-project" -t 0.01 -C "$top/bench/mixed" -o relative/dir 2>"$scratch/err"); rc=$?
if [ $rc -eq 2 ] && [ -z "$out" ] && grep -q "^error: make-project: needs" "$scratch/err"; then
	ok "make-project refuses a relative output directory"
else
	not_ok "make-project refuses a relative output directory" "rc=$rc" "$(cat "$scratch/err")"
fi
done_testing
