#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What kernel developers reach for in the default guest without any other
# device: the configuration (/proc/config.gz, the very .config the kernel
# was built with), a loop device on an image file, a file system made and
# mounted on it (ext4's driver), and an overlay on top of that.
set -u
. "$(dirname "$0")/../lib/tap.sh"
need_guest
need "$build/kernel/.config"

"$uvmm" run --kernel "$kernel" --initrd "$initrd" -- sh -c '
	zcat /proc/config.gz > /tmp/config && echo "config $(md5sum < /tmp/config)"
	dd if=/dev/zero of=/tmp/img bs=1M count=16 2>/dev/null
	l=$(losetup -f) && losetup $l /tmp/img && echo "loop $l" &&
	mke2fs -q $l > /dev/null 2>&1 && mkdir -p /mnt/lower /mnt/upper /mnt/work /mnt/merged &&
	mount -t ext4 $l /mnt/lower && echo lower-data > /mnt/lower/f && umount /mnt/lower &&
	mount -t ext4 -o ro $l /mnt/lower && echo "read $(cat /mnt/lower/f)" &&
	mount -t tmpfs tmpfs /mnt/upper && mkdir /mnt/upper/u /mnt/upper/w &&
	mount -t overlay overlay -o lowerdir=/mnt/lower,upperdir=/mnt/upper/u,workdir=/mnt/upper/w \
		/mnt/merged && echo merged-data > /mnt/merged/f &&
	echo "merged $(cat /mnt/merged/f) lower $(cat /mnt/lower/f) upper $(cat /mnt/upper/u/f)" &&
	umount /mnt/merged && umount /mnt/upper && umount /mnt/lower && losetup -d $l && echo done' \
	< /dev/null > "$tmp/out" 2>&1
rc=$?
tr -d '\r' < "$tmp/out" > "$tmp/log"
ok "the guest ran to its end (status $rc)" test $rc = 0 || show "$tmp/log"
ok "/proc/config.gz is the .config the kernel was built with" \
	grep -qx "config $(md5sum < "$build/kernel/.config")" "$tmp/log" || show "$tmp/log"
ok "a loop device on an image file" grep -qx 'loop /dev/loop[0-9]*' "$tmp/log"
ok "a file system made on it, written, mounted again read-only and read" \
	grep -qx 'read lower-data' "$tmp/log" || show "$tmp/log"
ok "an overlay on it: writes go to the upper layer, the lower stays" \
	grep -qx 'merged merged-data lower lower-data upper merged-data' "$tmp/log" || show "$tmp/log"
ok "and everything unmounts and detaches" grep -qx done "$tmp/log"
ok "no guest process left" no_leftovers
done_testing
