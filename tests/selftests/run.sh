#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run kselftest collections in the uvmm Debian guest, one guest boot per
# collection, and summarize the TAP results.
#
# Usage: tests/selftests/run.sh [-o SECONDS] [-m MEM] KERNEL IMAGE RESULTS COLLECTION...
#   KERNEL   guest vmlinux
#   IMAGE    build/debian/initramfs.cpio with OUT/kselftest.cpio appended
#            (see build.sh)
#   RESULTS  directory: RESULTS/C.tap (raw output), RESULTS/summary.txt
#   -o N     per-test timeout passed to run_kselftest.sh (-o); default: the
#            collections' own settings (45 s, mm/mqueue/seccomp 180 s,
#            timers none)
#   -m MEM   guest memory (default 2G: the image is ~350 MiB and the rootfs
#            tmpfs holds half the RAM)
# Each boot is killed after 540 s (UVMM_SELFTEST_LIMIT).
set -eu

die() { echo "selftests/run.sh: $*" >&2; exit 1; }

top=$(cd "$(dirname "$0")/../.." && pwd)
uvmm=${UVMM:-$top/build/uvmm}
limit=${UVMM_SELFTEST_LIMIT:-540}
ovr= mem=2G
while getopts o:m: opt; do
	case $opt in
	o) ovr="-o $OPTARG" ;;
	m) mem=$OPTARG ;;
	*) die "usage: run.sh [-o SECONDS] [-m MEM] KERNEL IMAGE RESULTS COLLECTION..." ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 4 ] || die "usage: run.sh [-o SECONDS] [-m MEM] KERNEL IMAGE RESULTS COLLECTION..."
kernel=$1 image=$2 res=$3
shift 3
[ -x "$uvmm" ] || die "no uvmm at $uvmm"
[ -f "$kernel" ] || die "no kernel $kernel"
[ -f "$image" ] || die "no image $image"
mkdir -p "$res"

for c in "$@"; do
	start=$(date +%s)
	rc=0
	timeout -s KILL "$limit" "$uvmm" run --kernel "$kernel" --initrd "$image" \
		--mem "$mem" -- /kselftest/run_kselftest.sh $ovr -c "$c" \
		< /dev/null > "$res/$c.tap" 2>&1 || rc=$?
	secs=$(($(date +%s) - start))
	# Top-level results: "ok N selftests: C: T [# SKIP]" / "not ok ...".
	pass=$(grep -E '^ok [0-9]+ selftests: ' "$res/$c.tap" | grep -vc '# SKIP' || true)
	skip=$(grep -E '^ok [0-9]+ selftests: ' "$res/$c.tap" | grep -c '# SKIP' || true)
	fail=$(grep -cE '^not ok [0-9]+ selftests: ' "$res/$c.tap" || true)
	# Subtests inside them ("# ok N name", "# not ok N name").
	spass=$(grep -E '^# +ok [0-9]+ ' "$res/$c.tap" | grep -vc '# SKIP' || true)
	sskip=$(grep -E '^# +ok [0-9]+ ' "$res/$c.tap" | grep -c '# SKIP' || true)
	sfail=$(grep -cE '^# +not ok [0-9]+ ' "$res/$c.tap" || true)
	line="$c: tests pass=$pass fail=$fail skip=$skip; subtests pass=$spass fail=$sfail skip=$sskip; ${secs}s; uvmm rc=$rc"
	[ "$rc" = 137 ] && line="$line (killed after ${limit}s)"
	echo "$line" | tee -a "$res/summary.txt"
done
