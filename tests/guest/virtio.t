#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# virtio devices with the guest's stock drivers (docs/usage.md, "Disks"):
# virtio-rng feeds /dev/hwrng from the host's getrandom; virtio-blk serves
# --disk FILE[,ro][,snapshot]: mkfs.ext4 and a mount in the guest, data in
# the file after power-off (a guest sync reaches it), a read-only disk the
# guest cannot write, a snapshot that leaves the file as it was, discard
# punching holes in the file.
set -u
. "$(dirname "$0")/../lib/tap.sh"
need_guest
dimg=$build/debian/initramfs.cpio
need "$dimg"
command -v debugfs > /dev/null || bail_out "debugfs (e2fsprogs) is not installed"

grun() {	# grun OUT UVMM-OPTIONS... -- CMD...
	local out=$1; shift
	timeout -s KILL 300 "$uvmm" run --kernel "$kernel" --initrd "$dimg" --mem 1G "$@" \
		< /dev/null > "$out" 2>&1
	rc=$?
	tr -d '\r' < "$out" > "$out.c" && mv "$out.c" "$out"
}

# 1. virtio-rng: the default device; the guest's hwrng is it, and it reads.
grun "$tmp/rng" -- sh -c 'echo "current $(cat /sys/class/misc/hw_random/rng_current)"
	n=$(dd if=/dev/hwrng bs=64 count=4 2>/dev/null | wc -c); echo "read $n"
	dd if=/dev/hwrng bs=4096 count=1 2>/dev/null | od -An -tx1 | tr -s " \n" "\n\n" | sort -u | wc -l'
ok "virtio-rng: the guest's hwrng is virtio_rng" grep -q "^current virtio_rng" "$tmp/rng" ||
	show "$tmp/rng"
ok "virtio-rng: 256 bytes read from /dev/hwrng" grep -q "^read 256$" "$tmp/rng"
distinct=$(tail -n 1 "$tmp/rng")
ok "virtio-rng: 4 KiB of it are not a constant ($distinct distinct byte values)" \
	test "${distinct:-0}" -gt 200

# 2. A writable disk: a file system made and filled in the guest is in the
# file afterwards, whole.
truncate -s 128M "$tmp/disk.img"
grun "$tmp/rw" --disk "$tmp/disk.img" -- sh -c '
	echo "size $(cat /sys/block/vda/size) ro $(cat /sys/block/vda/ro)"
	mkfs.ext4 -q -E discard /dev/vda && mkdir -p /mnt && mount /dev/vda /mnt &&
	echo written-in-the-guest > /mnt/note &&
	dd if=/dev/urandom of=/mnt/blob bs=1M count=8 2>/dev/null &&
	echo "sum $(md5sum < /mnt/blob)" && sync && echo synced &&
	rm /mnt/blob && umount /mnt && mount /dev/vda /mnt && fstrim -v /mnt; umount /mnt &&
	echo unmounted'
ok "writable disk: the guest ran (status $rc)" test "$rc" -eq 0 || show "$tmp/rw"
ok "writable disk: /dev/vda has the file's 262144 sectors, read-write" \
	grep -q "^size 262144 ro 0$" "$tmp/rw"
ok "writable disk: mkfs.ext4, mount, write, sync, umount in the guest" \
	grep -q "^unmounted$" "$tmp/rw" || show "$tmp/rw"
ok "writable disk: the file holds what the guest wrote" \
	test "$(debugfs -R 'cat /note' "$tmp/disk.img" 2> /dev/null)" = written-in-the-guest
ok "writable disk: fstrim discarded the freed blocks" grep -q "trimmed" "$tmp/rw"
used=$(du -k "$tmp/disk.img" | cut -f1)
# (fstrim after a remount: the blob's blocks are free in the bitmap by
# then; right after rm, ext4 may still be releasing them under load.)
ok "writable disk: discard punched holes in the file ($used KiB allocated)" test "$used" -lt 8192

# 3. Read-only: the guest sees it so, and cannot write it.
sum=$(md5sum < "$tmp/disk.img")
grun "$tmp/ro" --disk "$tmp/disk.img,ro" -- sh -c '
	echo "ro $(cat /sys/block/vda/ro)"; mkdir -p /mnt
	mount /dev/vda /mnt 2>/dev/null && echo "note $(cat /mnt/note)"
	dd if=/dev/zero of=/dev/vda bs=4096 count=1 oflag=direct 2>/dev/null; echo "dd $?"'
ok "read-only disk: the guest sees it read-only" grep -q "^ro 1$" "$tmp/ro" || show "$tmp/ro"
ok "read-only disk: its file system mounts and reads" grep -q "^note written-in-the-guest$" "$tmp/ro"
ok "read-only disk: a raw write fails" grep -q "^dd [1-9]" "$tmp/ro"
ok "read-only disk: the file is unchanged" test "$(md5sum < "$tmp/disk.img")" = "$sum"

# 4. Snapshot: the guest writes, reads its writes back, and the file stays.
grun "$tmp/snap" --disk "$tmp/disk.img,snapshot" -- sh -c '
	mkdir -p /mnt && mount /dev/vda /mnt && echo changed > /mnt/note &&
	dd if=/dev/urandom of=/mnt/other bs=1k count=123 2>/dev/null && sync &&
	umount /mnt && mount /dev/vda /mnt && echo "note $(cat /mnt/note) other $(wc -c < /mnt/other)"'
ok "snapshot: the guest reads back what it wrote" grep -q "^note changed other 125952$" "$tmp/snap" ||
	show "$tmp/snap"
ok "snapshot: the file is unchanged" test "$(md5sum < "$tmp/disk.img")" = "$sum"

# 5. Two disks, and a disk whose size is no multiple of 4 KiB.
head -c 1000000 /dev/urandom > "$tmp/odd.img"
grun "$tmp/two" --disk "$tmp/disk.img,ro" --disk "$tmp/odd.img" -- sh -c '
	echo "vdb $(cat /sys/block/vdb/size)"; echo "sum $(head -c 999936 /dev/vdb | md5sum)"'
ok "two disks: the second is vdb, its whole sectors (1953)" grep -q "^vdb 1953$" "$tmp/two" ||
	show "$tmp/two"
ok "two disks: vdb reads as the file does" \
	grep -q "^sum $(head -c 999936 "$tmp/odd.img" | md5sum)$" "$tmp/two"
done_testing
