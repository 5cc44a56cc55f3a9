#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the test bed's iommufd kernel: x86_64 Linux from our 6.12 tree,
# out of tree, with VFIO + IOMMUFD + VFIO_DEVICE_CDEV built in (Debian's
# image has only the container/group API).
#   build-iommufd-kernel.sh KSRC OBJDIR    -> OBJDIR/arch/x86/boot/bzImage
set -euo pipefail
ksrc=${1:?usage: build-iommufd-kernel.sh KSRC OBJDIR}
obj=${2:?usage: build-iommufd-kernel.sh KSRC OBJDIR}
here=$(cd "$(dirname "$0")" && pwd)
frag=$here/iommufd-kernel.config
jobs=${JOBS:-2}
cc="${CCACHE:-$(command -v ccache || true)} gcc"
kmake() { make -s -C "$ksrc" O="$obj" ARCH=x86_64 CC="$cc" \
	KBUILD_BUILD_TIMESTAMP="2026-01-01 00:00:00" KBUILD_BUILD_USER=uvmm KBUILD_BUILD_HOST=uvmm "$@"; }

[ -f "$ksrc/Makefile" ] || { echo "error: no kernel tree at $ksrc (run 'make kernel-tree')" >&2; exit 1; }
mkdir -p "$obj"
ksrc=$(cd "$ksrc" && pwd); obj=$(cd "$obj" && pwd)
# Two builds in one object directory (two `make check`s at once) break
# each other: the second waits for the first.
exec 9> "$obj/.hostvm-lock"
flock 9
# Reconfigure only when the fragment changed: a stamp holds its checksum.
sum=$(sha256sum "$frag" | cut -d' ' -f1)
if [ "$(cat "$obj/.hostvm-config" 2>/dev/null)" != "$sum" ]; then
	kmake x86_64_defconfig >/dev/null
	"$ksrc/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$frag" >/dev/null
	kmake olddefconfig >/dev/null
	# Every =y of the fragment must have survived (a dependency can drop it).
	missing=$(grep -E '^CONFIG_[A-Z0-9_]+=y$' "$frag" | while read -r l; do
		grep -qx "$l" "$obj/.config" || echo "$l"; done)
	if [ -n "$missing" ]; then
		echo "error: the kernel config dropped:" $missing >&2; exit 1
	fi
	echo "$sum" > "$obj/.hostvm-config"
fi
kmake -j"$jobs" bzImage
echo "$obj/arch/x86/boot/bzImage"
