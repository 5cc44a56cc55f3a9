#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# KUnit on the uvmm guest in one command, in the spirit of kunit.py:
#
#   guest-arch/tools/kunit.sh [--uvmm BIN] [--kernel VMLINUX] [GLOB...]
#   guest-arch/tools/kunit.sh --parse FILE      (a console log already taken)
#
# (`make kunit KUNIT='list* string*'` builds incrementally first.) Each
# GLOB (kunit.filter_glob: SUITE or SUITE.TEST, wildcards allowed; none:
# every suite built in) is one boot of the kernel (by default the small
# KUnit kernel, build/kernel-kunit) with kunit.enable=1, which powers off
# once KUnit has run (kunit_shutdown): no initramfs, no user space. The
# KTAP it prints is summed up per suite, the log of each failing test is
# shown, and the exit status is 0 only if every test passed (or was
# skipped), some test ran for each GLOB, and no boot crashed.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
uvmm=$top/build/uvmm kernel=$top/build/kernel-kunit/vmlinux
parse_only=
while [ $# -gt 0 ]; do
	case $1 in
	--uvmm) uvmm=${2:?}; shift 2 ;;
	--kernel) kernel=${2:?}; shift 2 ;;
	--parse) parse_only=${2:?}; shift 2 ;;
	-h|--help) sed -n '3,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	--) shift; break ;;
	-*) echo "kunit: unknown option $1 (see --help)" >&2; exit 2 ;;
	*) break ;;
	esac
done

# KTAP of one boot's console (file $1, the glob's name $2) summed up; the
# status says whether all went well.
summarize() {
	# The timestamp, and the caller id a debugging kernel adds ("[  T1]").
	tr -d '\r' < "$1" | sed -E 's/^\[ *[0-9.]*\](\[ *[TC][0-9]+\])? //' | awk -v glob="$2" '
	/^1\.\.[0-9]+$/ { planned = substr($0, 4) + 0 }
	/^    # Subtest: / { suite = $0; sub(/^    # Subtest: /, "", suite); caselog = ""; next }
	/^    (not )?ok [0-9]+ / {		# a test case of the suite
		line = $0; sub(/^    /, "", line)
		name = line; sub(/^(not )?ok [0-9]+ /, "", name); sub(/ #.*/, "", name)
		if (line ~ /# SKIP/) { skipped++; s_skip[suite]++ }
		else if (line ~ /^not ok/) {
			failed++; s_fail[suite]++
			printf "[FAILED] %s.%s\n%s", suite, name, caselog
		} else { passed++; s_pass[suite]++ }
		caselog = ""; next
	}
	/^        / { caselog = caselog "    " substr($0, 9) "\n"; next }
	/^(not )?ok [0-9]+ / {			# a suite
		done_suites++
		name = $0; sub(/^(not )?ok [0-9]+ /, "", name); sub(/ #.*/, "", name)
		printf "[%s] %s (%d passed, %d failed, %d skipped)\n", \
			($0 ~ /^not ok/) ? "FAILED" : "PASSED", name, \
			s_pass[name], s_fail[name], s_skip[name]
		if ($0 ~ /^not ok/ && !s_fail[name]) failed++	# failed as a whole
		next
	}
	# An oops, a BUG() or a KASAN or KFENCE report in a test is KUnit'"'"'s
	# to judge (the test fails, unless it made one on purpose, as
	# kunit_fault'"'"'s and KASAN'"'"'s and KFENCE'"'"'s own do); a panic is a
	# crash, and so is a suite cut short (END).
	/Kernel panic/ { crashed = crashed $0 "\n" }
	END {
		ran = passed + failed + skipped
		if (crashed != "") printf "[CRASHED] %s:\n%s", glob, crashed
		else if (planned && done_suites < planned)
			printf "[CRASHED] %s: %d of %d suites reported\n", glob, done_suites, planned
		if (!ran) printf "[NO TESTS RUN] %s\n", glob
		printf "%d %d %d\n", passed, failed, skipped > "/dev/stderr"
		exit (failed || !ran || crashed != "" || (planned && done_suites < planned)) ? 1 : 0
	}'
}

total_p=0 total_f=0 total_s=0 status=0
add_counts() { read -r p f s < "$1"; total_p=$((total_p + p)) total_f=$((total_f + f)) total_s=$((total_s + s)); }
work=$(mktemp -d "${TMPDIR:-/tmp}/uvmm-kunit.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT

if [ -n "$parse_only" ]; then
	summarize "$parse_only" "$parse_only" 2> "$work/counts" || status=1
	add_counts "$work/counts"
else
	[ -x "$uvmm" ] && [ -f "$kernel" ] ||
		{ echo "kunit: $uvmm or $kernel is not built (make kunit builds them)" >&2
		  exit 2; }
	[ $# -gt 0 ] || set -- ''
	for glob; do
		start=$(date +%s.%N)
		# KUnit runs before init, then powers the guest off.
		timeout -s KILL 600 "$uvmm" run --kernel "$kernel" --cmdline \
			"console=hvc0 kunit.enable=1 kunit_shutdown=poweroff${glob:+ kunit.filter_glob=$glob}" \
			< /dev/null > "$work/console" 2>&1
		rc=$?
		summarize "$work/console" "${glob:-all}" 2> "$work/counts" || status=1
		[ $rc = 0 ] || { echo "[CRASHED] ${glob:-all}: uvmm exited with status $rc"; status=1; }
		add_counts "$work/counts"
		printf '(%s: %.2f s, uvmm status %d)\n' "${glob:-all}" \
			"$(echo "$(date +%s.%N) - $start" | bc)" "$rc"
	done
fi
echo "Testing complete. Ran $((total_p + total_f + total_s)) tests: passed: $total_p," \
	"failed: $total_f, skipped: $total_s"
exit $status
