#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The host-patches series' own kernel selftest (host-patches/0003,
# tools/testing/selftests/ptrace/nosigstop_oneshot.c; make builds it from
# the patched tree into build/tests/host-patches/) on three kernels:
#  - this machine's: either every option test (nosigstop_*, oneshot_*)
#    passes (a kernel with the series) or every one skips with the EINVAL
#    message (a kernel without it); which one is said;
#  - Debian's 6.12 in the QEMU test bed: every option test skips with
#    exactly that message, the controls pass, nothing fails;
#  - our 6.12 with the series (target hostvm-kernel) in the test bed:
#    every test passes, none is skipped.
# Each result of the selftest becomes a line of this file's TAP, judged for
# its kernel; a failing one shows the selftest's diagnostics.
set -u
. "$(dirname "$0")/../lib/tap.sh"
selftest=$build/tests/host-patches/nosigstop_oneshot
bzimage=$build/hostvm-kernel/out/arch/x86/boot/bzImage
need "$selftest" "$bzimage"

# The skip message of an option test on a kernel without its option.
einval_message() {
	case $1 in
	*.nosigstop_*) echo "PTRACE_O_NOSIGSTOP refused with EINVAL: kernel without it" ;;
	*.oneshot_*) echo "PTRACE_O_ONESHOT refused with EINVAL: kernel without it" ;;
	esac
}

# judge LABEL MODE OUTPUT STATUS: one line of ours per result in OUTPUT
# (the selftest's, which exited with STATUS), then one for the whole run.
# MODE patched: every test passes. MODE stock: every option test skips
# with its EINVAL message, every control passes. Counts the option tests
# in opt_total, opt_passed and opt_einval.
judge() {
	local label=$1 mode=$2 out=$3 status=$4
	local line rest name result want good block= plan= results=0 bad=0
	opt_total=0 opt_passed=0 opt_einval=0
	while IFS= read -r line; do
		line=${line%$'\r'}
		case $line in
		"#  RUN "*) block=$line$'\n'; continue ;;
		"#"*) block+=$line$'\n'; continue ;;
		1..*) plan=${line#1..}; continue ;;
		"ok "*) rest=${line#ok } ;;
		"not ok "*) rest=${line#not ok } ;;
		*) continue ;;
		esac
		rest=${rest#* }			# the number
		name=${rest%% *}
		case $line in
		"not ok "*) result=fail ;;
		*" # SKIP "*) result="skip: ${rest#* # SKIP }" ;;
		*) result=pass ;;
		esac
		results=$((results + 1))
		want=$(einval_message "$name")
		if [ -n "$want" ]; then
			opt_total=$((opt_total + 1))
			[ "$result" = pass ] && opt_passed=$((opt_passed + 1))
			[ "$result" = "skip: $want" ] && opt_einval=$((opt_einval + 1))
		fi
		if [ "$mode" = stock ] && [ -n "$want" ]; then
			good="skip: $want"
		else
			good=pass
		fi
		if [ "$result" = "$good" ]; then
			ok "$label: $name: ${good/#skip: /skips: }"
		else
			not_ok "$label: $name: ${good/#skip: /skips: }" "got: $line"
			printf '%s' "$block" | sed 's/^/#   /'
			bad=$((bad + 1))
		fi
		block=
	done < "$out"
	if [ -n "$plan" ] && [ "$results" = "$plan" ] && [ "$status" = 0 ] &&
	   [ "$opt_total" -gt 0 ] && [ "$bad" = 0 ]; then
		ok "$label: the selftest ran its $plan tests and exited 0"
	else
		not_ok "$label: the selftest ran its tests and exited 0" \
			"plan '${plan:-none}', $results results ($opt_total option tests, $bad judged bad), exit status $status"
		show "$out" 15
	fi
	grep '^# Totals' "$out"
}

# 1. This machine's kernel, with or without the series.
"$selftest" > "$tmp/host.out" 2>&1
status=$?
first=$(grep -m1 -E '^(not )?ok [0-9]+ [^ ]+\.(nosigstop|oneshot)_' "$tmp/host.out")
case $first in
*" # SKIP "*) mode=stock which="without the options: every option test skips with EINVAL" ;;
*) mode=patched which="with the options: every option test passes" ;;
esac
judge "this machine" $mode "$tmp/host.out" $status
if [ $mode = stock ]; then seen=$opt_einval; else seen=$opt_passed; fi
ok "this machine's kernel $(uname -r) is $which ($seen of $opt_total)" \
	test "$opt_total" -gt 0 -a "$seen" = "$opt_total"

# 2. and 3. In the test bed: Debian's 6.12, then ours with the series.
bed() {	# LABEL MODE [run.sh options...]
	local label=$1 mode=$2
	shift 2
	"$top/tests/hostvm/run.sh" "$@" --add "$selftest" -- ./nosigstop_oneshot \
		> "$tmp/bed.out" 2> "$tmp/bed.err"
	local status=$?
	grep '^# hostvm' "$tmp/bed.err"
	if [ $status = 125 ]; then
		not_ok "$label: the test bed ran" "run.sh exited 125"
		show "$tmp/bed.err"
		return
	fi
	judge "$label" "$mode" "$tmp/bed.out" $status
}
bed "Debian's 6.12" stock
bed "6.12 with host-patches" patched --kernel "$bzimage" --modules none

done_testing
