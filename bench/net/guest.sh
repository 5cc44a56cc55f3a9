#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The network benchmark's side in a guest (uvmm with --rootfs /, or UML
# booted on the host's root through hostfs), run as the command or as
# init: address the card if asked, then TCP out and in with iperf3 and
# the one-byte round trip with rtt-client, each as one "net KEY VALUE"
# line. Host programs and a static one only: Python does not run in UML
# on this host (docs/network.md).
#   guest.sh RTT-CLIENT SERVER SECONDS [IFNAME ADDR/LEN] [init]
set -u
rtt=$1 server=$2 secs=$3 ifname=${4:-} addr=${5:-} init=${6:-}
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
if [ -n "$init" ]; then
	mount -t proc proc /proc
	mount -t sysfs sys /sys
	mount -t tmpfs tmp /tmp
	ip link set lo up
fi
[ -z "$ifname" ] || { ip addr add "$addr" dev "$ifname" && ip link set "$ifname" up; }
# The round trip first: it also waits until the link and the neighbour are there.
echo "net rtt $("$rtt" "$server" 5202 2000)"
gbit() { awk '/receiver/ { print $7 }'; }	# iperf3 -f g: the receiver's Gbit/s
echo "net out $(iperf3 -c "$server" -t "$secs" -f g | gbit)"
echo "net in $(iperf3 -c "$server" -t "$secs" -f g -R | gbit)"
# As init: power off where the kernel has sysrq; else init's exit ends UML.
[ -z "$init" ] || echo o > /proc/sysrq-trigger
exit 0
