#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Build the kernel's own selftests (tools/testing/selftests) for x86_64 and
# pack them as a cpio fragment for the Debian guest image.
#
# Usage: tests/selftests/build.sh KSRC OUT
#   KSRC  a Linux 6.12 source tree (read only: nothing is written to it)
#   OUT   output directory, reused by later runs (incremental):
#     OUT/obj/usr/include   sanitized UAPI headers (make headers, O=OUT/obj)
#     OUT/src               the parts of KSRC the selftests build needs, copied
#                           (mm/ writes local_config.{h,mk} into its source dir)
#     OUT/install           the kselftest install tree (run_kselftest.sh)
#     OUT/logs/T.log        build log of target T
#     OUT/build-status.txt  "T ok" / "T FAILED" per target
#     OUT/kselftest.cpio    newc fragment, owned by root: the install tree as
#                           /kselftest plus the shared libraries the tests need
#                           that Debian minbase lacks, and mm-run.sh (mm
#                           without hugetlbfs). Append it to
#                           build/debian/initramfs.cpio:
#       cat build/debian/initramfs.cpio OUT/kselftest.cpio > image.cpio
#       build/uvmm run --initrd image.cpio --mem 2G -- \
#           /kselftest/run_kselftest.sh -c futex
#   (2G: the image is ~350 MiB, the rootfs tmpfs gets half the RAM; with 1G
#   "Initramfs unpacking failed: write error". exec's load_address.*0x1000000
#   are 50 MB each, most of the fragment.)
# TARGETS="..." in the environment overrides the target list.
# 32-bit x86 programs are never built (CAN_BUILD_I386=0): the guest has no
# 32-bit support.
set -eu

die() { echo "selftests/build.sh: $*" >&2; exit 1; }

[ $# -eq 2 ] || die "usage: build.sh KSRC OUT"
KSRC=$(cd "$1" 2>/dev/null && pwd) || die "no kernel tree at $1"
[ -f "$KSRC/tools/testing/selftests/Makefile" ] || die "$KSRC has no tools/testing/selftests"
mkdir -p "$2" || die "cannot create $2"
OUT=$(cd "$2" && pwd)

: "${TARGETS:=futex timers sigaltstack ptrace mm exec clone3 pidfd proc mqueue membarrier seccomp breakpoints x86}"

# Host tools and -dev packages (Debian 12 names). libcap-dev: clone3,
# seccomp, mm; libnuma-dev: mm (ksm_tests, migration); libpopt-dev: mqueue;
# liburing-dev: mm (cow, gup_longterm io_uring cases; optional upstream but
# required here so every build has the same tests).
for c in gcc make rsync cpio bc flex bison; do
	command -v $c >/dev/null 2>&1 || die "missing $c (apt-get install gcc make rsync cpio bc flex bison)"
done
missing=
for h in sys/capability.h numa.h popt.h liburing.h; do
	echo "#include <$h>" | gcc -E -x c - >/dev/null 2>&1 || missing="$missing $h"
done
[ -z "$missing" ] || die "missing headers$missing (apt-get install libcap-dev libnuma-dev libpopt-dev liburing-dev)"

jobs=$(nproc 2>/dev/null || echo 2)
mkdir -p "$OUT/obj" "$OUT/src" "$OUT/logs"

# 1. Sanitized headers from KSRC itself (an O= build writes only to O).
make -s -C "$KSRC" O="$OUT/obj" ARCH=x86_64 headers -j"$jobs" \
	> "$OUT/logs/headers.log" 2>&1 || die "make headers failed, see $OUT/logs/headers.log"

# 2. A copy of what the selftests read: tools/, scripts/subarch.include,
# mm/*.h (gup_test.h), lib/test_hmm_uapi.h (mm/hmm-tests),
# include/vdso/time64.h (mm/ksm_tests) and
# arch/x86/include (x86/sigreturn.c's desc_defs.h).
rsync -a --delete "$KSRC/tools/" "$OUT/src/tools/" \
	--exclude '/testing/selftests/mm/local_config.*'
mkdir -p "$OUT/src/scripts" "$OUT/src/mm" "$OUT/src/lib" "$OUT/src/include" "$OUT/src/arch/x86"
rsync -a "$KSRC/scripts/subarch.include" "$OUT/src/scripts/"
rsync -a "$KSRC"/mm/*.h "$OUT/src/mm/"
rsync -a "$KSRC/lib/test_hmm_uapi.h" "$OUT/src/lib/"
rsync -a --delete "$KSRC/include/vdso/" "$OUT/src/include/vdso/"
rsync -a --delete "$KSRC/arch/x86/include/" "$OUT/src/arch/x86/include/"

ST="$OUT/src/tools/testing/selftests"

# Debian's 6.12.118 (a stable backport) has mm/khugepaged.c return KSFT_SKIP
# without including kselftest.h, so mm does not build: fix the copy.
f="$ST/mm/khugepaged.c"
if grep -q KSFT_SKIP "$f" && ! grep -q 'kselftest.h' "$f"; then
	sed -i 's|^#include "vm_util.h"|#include "../kselftest.h"\n&|' "$f"
fi
mk() {
	# No ARCH=: each Makefile works it out from uname -m as upstream's
	# plain build does (breakpoints wants x86, mm x86_64).
	make -C "$ST" O="$OUT/obj" SKIP_TARGETS= CAN_BUILD_I386=0 \
		KSFT_INSTALL_PATH="$OUT/install" -j"$jobs" "$@"
}

# 3. Each target on its own, to know which fail (upstream's loop goes on).
: > "$OUT/build-status.txt"
for t in $TARGETS; do
	if mk TARGETS="$t" FORCE_TARGETS=1 all > "$OUT/logs/$t.log" 2>&1; then
		echo "$t ok" >> "$OUT/build-status.txt"
	else
		echo "$t FAILED (see logs/$t.log)" >> "$OUT/build-status.txt"
	fi
done

# 4. Install (run_kselftest.sh, kselftest-list.txt); a target that failed
# installs what it built.
rm -rf "$OUT/install"
mk TARGETS="$TARGETS" install > "$OUT/logs/install.log" 2>&1 ||
	die "install failed, see $OUT/logs/install.log"

# 5. The fragment. Libraries: those the test binaries need that the guest's
# minbase does not have (host and guest are both Debian 12). Only files, no
# directory entries for /usr/lib/...: the kernel's unpacker would chmod/chown
# existing directories to the archive's idea of them.
stage="$OUT/stage"
rm -rf "$stage"
mkdir -p "$stage/kselftest"
cp -a "$OUT/install/." "$stage/kselftest/"
# mm's run_vmtests.sh gives up without hugetlbfs: mm-run.sh runs the rest.
cp "$(dirname "$0")/mm-run.sh" "$stage/kselftest/mm-run.sh"
chmod 755 "$stage/kselftest/mm-run.sh"
libs=
for l in libnuma.so.1 libpopt.so.0 liburing.so.2; do
	p=$(PATH=$PATH:/sbin:/usr/sbin ldconfig -p | awk -v l="$l" '$1 == l && /x86-64/ { print $NF; exit }')
	[ -n "$p" ] || die "missing runtime library $l"
	d=$(readlink -f "$(dirname "$p")"); r=$(readlink -f "$p")	# /lib -> /usr/lib
	mkdir -p "$stage$d"
	cp -a "$p" "$stage$d/"
	cp -a "$r" "$stage$d/"
	libs="$libs ${d#/}/$l ${d#/}/$(basename "$r")"
done
(
	cd "$stage"
	find kselftest
	for f in $libs; do echo "$f"; done | sort -u
) | (cd "$stage" && cpio -o -H newc -R 0:0 --quiet) > "$OUT/kselftest.cpio.tmp"
mv "$OUT/kselftest.cpio.tmp" "$OUT/kselftest.cpio"

echo "selftests: $(tr '\n' ';' < "$OUT/build-status.txt")"
echo "selftests: $OUT/kselftest.cpio ($(du -h "$OUT/kselftest.cpio" | cut -f1))"
