#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run kselftest collections under User-Mode Linux built from the same tree
# (build/uml/linux, bench/build-uml.sh), booting the same image as uvmm:
#   tests/selftests/uml-run.sh IMAGE COLLECTION[,COLLECTION...] [TIMEOUT]
# IMAGE: build/debian/initramfs.cpio + OUT/kselftest.cpio (build.sh). A
# third archive holding uml-init as /kselftest-uml-init is appended here
# (the Debian /init waits for uvmm's /uvmm-command and writes to uvmm's
# /sys/module/uvmm, which UML has not). UML is started through
# uml-xstate-shim (bench/uml-shim) like the benchmarks do; like them it runs
# everything with glibc's AVX paths off (GLIBC_TUNABLES on the kernel command
# line reaches init's environment): UML through the shim keeps only the
# FXSAVE part of its processes' registers, so ymm/zmm state is lost at every
# ptrace stop and AVX string functions return garbage (bash truncating
# command names, busybox-static segfaulting). Tests using AVX themselves
# (x86 amx, corrupt_xstate_header, ...) are not meaningful under it.
set -eu
die() { echo "selftests/uml-run.sh: $*" >&2; exit 1; }
[ $# -ge 2 ] || die "usage: uml-run.sh IMAGE COLLECTION[,...] [TIMEOUT]"
top=$(cd "$(dirname "$0")/../.." && pwd)
uml=${UML:-$top/build/uml/linux}
shim=${UML_SHIM:-$top/build/bench/uml-xstate-shim}
[ -x "$uml" ] || die "no UML at $uml (make bench-uml)"
[ -x "$shim" ] || die "no $shim (make bench-probes)"
image=$1 coll=$2 to=${3:-}
work=$(mktemp -d /tmp/kselftest-uml.XXXXXX)
mkdir "$work/s" "$work/uml"
cp "$(dirname "$0")/uml-init" "$work/s/kselftest-uml-init"
chmod 755 "$work/s/kselftest-uml-init"
(cd "$work/s" && echo kselftest-uml-init | cpio -o -H newc -R 0:0 --quiet) > "$work/init.cpio"
cat "$image" "$work/init.cpio" > "$work/image.cpio"
# UML in a session of its own, ended whole: killing only its first process
# leaves the processes it traces running (seen: a killed run's UML kept
# two CPUs busy for an hour). UML_SELFTEST_LIMIT bounds the boot.
setsid "$shim" "$uml" mem=${UML_MEM:-2G} initrd="$work/image.cpio" \
	rdinit=/kselftest-uml-init kselftest="$coll" ${to:+ksft_timeout=$to} \
	GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX,-AVX2,-AVX512F,-AVX512VL,-AVX512BW,-AVX512DQ,-AVX512CD,-AVX_Fast_Unaligned_Load \
	con=null ssl=null con0=null,fd:1 uml_dir="$work/uml" umid=kselftest quiet \
	< /dev/null &
uml_pid=$!
trap 'kill -9 -- -$uml_pid 2>/dev/null; rm -rf "$work"' EXIT
trap 'exit 143' TERM INT HUP
(sleep "${UML_SELFTEST_LIMIT:-540}"; kill -9 -- -$uml_pid) > /dev/null 2>&1 &
watchdog=$!
rc=0
wait $uml_pid || rc=$?
kill $watchdog 2>/dev/null
exit $rc
