#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the test bed's own kernel: x86_64 Linux from our 6.12 tree with
# the host-patches/ series applied (PTRACE_O_NOSIGSTOP, PTRACE_O_ONESHOT),
# out of tree, with VFIO + IOMMUFD + VFIO_DEVICE_CDEV built in (Debian's
# image has only the container/group API). The stock kernel the test bed
# boots by default is Debian's.
#   build-hostvm-kernel.sh KSRC OBJDIR    -> OBJDIR/arch/x86/boot/bzImage
# The patched source is OBJDIR/src: a hard-linked copy of KSRC in which
# only the files the series changes are real copies, so KSRC (the guest
# kernel's tree) stays as Debian ships it.
set -euo pipefail
ksrc=${1:?usage: build-hostvm-kernel.sh KSRC OBJDIR}
obj=${2:?usage: build-hostvm-kernel.sh KSRC OBJDIR}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
frag=$here/hostvm-kernel.config
jobs=${JOBS:-2}
cc="${CCACHE:-$(command -v ccache || true)} gcc"

[ -f "$ksrc/Makefile" ] || { echo "error: no kernel tree at $ksrc (run 'make kernel-tree')" >&2; exit 1; }
mkdir -p "$obj"
ksrc=$(cd "$ksrc" && pwd); obj=$(cd "$obj" && pwd)
src=$obj/src
kmake() { make -s -C "$src" O="$obj/out" ARCH=x86_64 CC="$cc" \
	KBUILD_BUILD_TIMESTAMP="2026-01-01 00:00:00" KBUILD_BUILD_USER=uvmm KBUILD_BUILD_HOST=uvmm "$@"; }
# Two builds in one object directory (two `make check`s at once) break
# each other: the second waits for the first.
exec 9> "$obj/.hostvm-lock"
flock 9

# The patched tree, remade when the series changes.
patches=("$top"/host-patches/[0-9]*.patch)
psum=$(cat "${patches[@]}" | sha256sum | cut -d' ' -f1)
if [ "$(cat "$obj/.hostvm-series" 2>/dev/null)" != "$psum" ]; then
	rm -rf "$src" "$obj/.hostvm-series"
	cp -al "$ksrc" "$src"
	# Break the links of what the series touches before patching it.
	for f in $(cat "${patches[@]}" | sed -n 's|^+++ b/||p' | sort -u); do
		if [ -e "$src/$f" ]; then cp --remove-destination "$ksrc/$f" "$src/$f"; fi
	done
	# Not inside our own checkout's repository (build/ is in it): there
	# git apply would take the paths as the checkout's and skip them all.
	(cd "$src" && GIT_CEILING_DIRECTORIES=$obj git apply --whitespace=nowarn "${patches[@]}") ||
		{ echo "error: the host-patches series does not apply to $ksrc" >&2; exit 1; }
	# git apply is all or nothing: if the last patch is in, all are.
	(cd "$src" && GIT_CEILING_DIRECTORIES=$obj git apply --reverse --check "${patches[-1]}") ||
		{ echo "error: the host-patches series did not apply to $src" >&2; exit 1; }
	echo "$psum" > "$obj/.hostvm-series"
fi
mkdir -p "$obj/out"
# Reconfigure only when the fragment changed: a stamp holds its checksum.
sum=$(sha256sum "$frag" | cut -d' ' -f1)
if [ "$(cat "$obj/.hostvm-config" 2>/dev/null)" != "$sum" ]; then
	kmake x86_64_defconfig >/dev/null
	"$src/scripts/kconfig/merge_config.sh" -m -O "$obj/out" "$obj/out/.config" "$frag" >/dev/null
	kmake olddefconfig >/dev/null
	# Every =y of the fragment must have survived (a dependency can drop it).
	missing=$(grep -E '^CONFIG_[A-Z0-9_]+=y$' "$frag" | while read -r l; do
		grep -qx "$l" "$obj/out/.config" || echo "$l"; done)
	if [ -n "$missing" ]; then
		echo "error: the kernel config dropped:" $missing >&2; exit 1
	fi
	echo "$sum" > "$obj/.hostvm-config"
fi
kmake -j"$jobs" bzImage
echo "$obj/out/arch/x86/boot/bzImage"
