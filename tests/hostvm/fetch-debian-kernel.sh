#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fetch Debian's linux-image 6.12 (amd64, unsigned) matching the installed
# linux-source-6.12 and unpack it under CACHE (default build/hostvm):
#   CACHE/debian-<ver>/boot/vmlinuz-<kver>, CACHE/debian-<ver>/lib/modules/<kver>
# Prints the unpacked root. The .deb and the unpacked tree are cached.
set -euo pipefail
cache=${1:-$(cd "$(dirname "$0")/../.." && pwd)/build/hostvm}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)

# linux-source-6.12 6.12.117-1~deb12u1 -> ABI name 6.12.117+deb12-amd64
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null) || {
	echo "error: linux-source-6.12 is not installed (run 'make deps')" >&2; exit 1; }
upstream=${srcver%%-*}
kver="$upstream+deb12-amd64"
pkg="linux-image-$kver-unsigned"
root="$cache/debian-$upstream"

# Test bed runs may start together (prove -j): one fetches, the others wait.
exec 9> "$cache/.fetch.lock"
flock 9
if [ ! -f "$root/.unpacked" ]; then
	mkdir -p "$cache/deb"
	deb=$(ls "$cache/deb/${pkg}_"*.deb 2>/dev/null | head -n1 || true)
	if [ -z "$deb" ]; then
		# A fresh machine may have empty package lists: update once (root).
		(cd "$cache/deb" && apt-get download "$pkg" >/dev/null 2>"$cache/deb/apt.err") ||
		{ [ "$(id -u)" = 0 ] && apt-get update -qq >/dev/null 2>&1 &&
		  (cd "$cache/deb" && apt-get download "$pkg" >/dev/null 2>"$cache/deb/apt.err"); } || {
			echo "error: cannot download $pkg: $(tail -n1 "$cache/deb/apt.err")" >&2
			echo "  (run 'apt-get update' as root, or put the .deb in $cache/deb)" >&2
			exit 1; }
		deb=$(ls "$cache/deb/${pkg}_"*.deb | head -n1)
	fi
	rm -rf "$root"
	dpkg-deb -x "$deb" "$root"
	depmod -b "$root" "$kver"
	touch "$root/.unpacked"
fi
echo "$root"
