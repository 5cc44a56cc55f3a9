#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Build the Debian 12 guest image for tests/guest/debian.t:
#   OUT/rootfs          a debootstrap minbase root filesystem (cached: built
#                       again only when the package list below changes)
#   OUT/initramfs.cpio  that rootfs plus tests/debian/init as /init, as an
#                       uncompressed newc archive (see docs/debian-guest.md
#                       for why uncompressed)
# Usage: tests/debian/build-rootfs.sh [OUT]   (default: build/debian)
#        tests/debian/build-rootfs.sh --print-mirror
# Needs root (debootstrap creates device nodes and root-owned files) and
# network access to a Debian mirror: UVMM_DEBIAN_MIRROR=URL, else the one
# this machine's apt configuration gets bookworm from (no mirror is named
# in this project). --print-mirror prints that mirror and exits.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
suite=bookworm

# apt reads its own sources: sources.list and sources.list.d/, one-line and
# deb822 entries, disabled ones and APT_CONFIG all as apt-get update sees
# them. --no-release-info lists them before any apt-get update.
debian_mirror() {
	if [ -n "${UVMM_DEBIAN_MIRROR:-}" ]; then
		echo "${UVMM_DEBIAN_MIRROR%/}"
		return
	fi
	uri=$(apt-get indextargets --no-release-info \
		--format '$(TARGET_OF) $(RELEASE) $(REPO_URI)' 2>/dev/null |
		awk -v suite="$suite" '$1 == "deb" && $2 == suite { print $3; exit }')
	uri=${uri%/}
	case $uri in
	mirror+file:*)	# a file listing mirrors (Debian's cloud images): the first
		uri=$(sed -n '/^[[:space:]]*[^#[:space:]]/{s/^[[:space:]]*//;s/[[:space:]].*//;p;q}' \
			"${uri#mirror+file:}" 2>/dev/null || true)
		uri=${uri%/} ;;
	esac
	case $uri in
	http://* | https://* | file:/*)
		echo "$uri" ;;
	"")
		echo "$0: no apt source for Debian $suite on this machine; set UVMM_DEBIAN_MIRROR=URL" >&2
		return 1 ;;
	*)
		echo "$0: apt gets $suite from '$uri', which debootstrap cannot use; set UVMM_DEBIAN_MIRROR=URL" >&2
		return 1 ;;
	esac
}

if [ "${1:-}" = --print-mirror ]; then
	debian_mirror
	exit
fi
out=${1:-$top/build/debian}
mirror=$(debian_mirror)

# busybox-static: mount, setsid and poweroff -f for /init (Debian's own
# poweroff needs systemd); the rest is what the tests exercise.
# libboost-regex1.74.0: gdb needs libsource-highlight4v5, which depends on
# the virtual libboost-regex1.74.0-icu72; debootstrap's resolver does not
# follow virtual packages, so name the one that provides it.
packages=python3,pciutils,strace,gdb,procps,busybox-static,libboost-regex1.74.0,iproute2,iputils-ping,wget

if [ "$(id -u)" -ne 0 ]; then
	echo "$0: must run as root: debootstrap creates device nodes and root-owned files" >&2
	exit 1
fi
command -v debootstrap > /dev/null ||
	{ echo "$0: debootstrap is not installed (make deps)" >&2; exit 1; }

rootfs=$out/rootfs
stamp="debootstrap --variant=minbase --include=$packages $suite $mirror"
mkdir -p "$out"

# 1. The root filesystem, unless the cached one was made from the same list.
if [ -f "$rootfs/.complete" ] && [ "$(cat "$rootfs/.complete")" = "$stamp" ]; then
	echo "debian rootfs: cached ($rootfs)"
else
	rm -rf "$rootfs" "$rootfs.tmp"
	start=$(date +%s)
	debootstrap --variant=minbase --include="$packages" "$suite" "$rootfs.tmp" "$mirror"
	# Nothing in the image needs the downloaded packages or apt's lists.
	rm -rf "$rootfs.tmp"/var/cache/apt/archives/*.deb "$rootfs.tmp"/var/lib/apt/lists/*_Packages
	echo "$stamp" > "$rootfs.tmp/.complete"
	mv "$rootfs.tmp" "$rootfs"
	echo "debian rootfs: debootstrap took $(( $(date +%s) - start )) s"
fi

# 2. The initramfs: the rootfs as it is (device nodes, owners, hard links
# kept by cpio), then a second archive with /init; the kernel unpacks
# concatenated archives in order, as it does uvmm's /uvmm-command.
start=$(date +%s)
overlay=$out/overlay
rm -rf "$overlay"
mkdir -p "$overlay"
cp "$top/tests/debian/init" "$overlay/init"
chmod 755 "$overlay/init"
(
	cd "$rootfs"
	find . -mindepth 1 ! -path ./.complete | LC_ALL=C sort |
		cpio -o -H newc --quiet --reproducible
	cd "$overlay"
	echo init | cpio -o -H newc --quiet --reproducible -R 0:0
) > "$out/initramfs.cpio.tmp"
mv "$out/initramfs.cpio.tmp" "$out/initramfs.cpio"
echo "debian initramfs: $(du -m "$out/initramfs.cpio" | cut -f1) MiB in $(( $(date +%s) - start )) s"
