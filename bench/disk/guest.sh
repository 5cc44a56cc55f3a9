#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The disk benchmark's side in a guest (uvmm with --rootfs / and --disk,
# or UML booted on the host's root through hostfs with ubd0=), or on the
# host itself: fio on DEV, each job SECONDS long, one job at a time, one
# request in flight, O_DIRECT (so that the guest's page cache is not what
# is measured; DISK_DIRECT=0 in the environment: without), each as one
# "disk JOB <fio terse line>" line.
#   guest.sh FIO DEV SECONDS [init]
set -u
fio=$1 dev=$2 secs=$3 init=${4:-}
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
if [ -n "$init" ]; then
	# UML on the host's root (read-only): its own /proc, and a node for
	# its disk (ubd's major is 98) in a tmpfs.
	mount -t proc proc /proc
	mount -t tmpfs tmp /tmp
	mknod /tmp/ubda b 98 0
	dev=/tmp/ubda
fi
for job in read:1M write:1M randread:4k randwrite:4k; do
	echo "disk ${job%%:*} $("$fio" --name=disk --filename="$dev" --rw="${job%%:*}" \
		--bs="${job#*:}" --direct="${DISK_DIRECT:-1}" --ioengine=psync --iodepth=1 --time_based \
		--runtime="$secs" --minimal 2>&1 | tail -n 1)"
done
# As init: power off where the kernel has sysrq; else init's exit ends UML.
[ -z "$init" ] || echo o > /proc/sysrq-trigger
exit 0
