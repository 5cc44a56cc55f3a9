#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The guest finds the virtual PCI bus the standard way and drives uvmm's
# test device. Boot with --device testdev and the in-kernel suites
# uvmm_acpi and uvmm_pci (guest-arch/drivers/pci_testdev_kunit.c), then
# read the boot log: our ACPI tables found, the root bridge scanned through
# MCFG/ECAM, the test device with its BARs assigned inside the windows, each
# KUnit case of the two suites reported here as a TAP test, and no
# firmware-bug or ACPI error line. Without the device the PCI suite must
# skip (with its reason) and nothing else change; a bad device name is one
# line and status 125.
set -u
. "$(dirname "$0")/../lib/tap.sh"
need_guest

boot() {	# boot OUT ERR [uvmm run options...]
	local out=$1 err=$2; shift 2
	timeout -s KILL 300 "$uvmm" run --kernel "$kernel" --initrd "$initrd" "$@" \
		--cmdline "console=hvc0 kunit.enable=1 kunit.filter_glob=uvmm_[ap]*" \
		-- true < /dev/null > "$out" 2> "$err"
}

# What user space sees, once the guest is up: the ACPI tables in sysfs, the
# device in sysfs with its config space, and its interrupts counted in
# /proc/interrupts as the uvmm-testdev driver rings its doorbell.
probe='
echo "== tables $(ls /sys/firmware/acpi/tables | tr "\n" " ")"
d=/sys/bus/pci/devices/0000:00:01.0
[ -e $d ] || { echo "== no device"; exit 0; }
echo "== device $(cat $d/vendor) $(cat $d/device) $(cat $d/class) $(basename $(readlink $d/driver))"
echo "== bar0 $(head -1 $d/resource)"
echo "== config $(od -An -tx1 -v $d/config | tr -s " \n" "  ")"
count() { awk -v n=uvmm-testdev-$1 "\$NF == n { print \$2 }" /proc/interrupts; }
for k in msix intx msi; do
	echo $k > $d/ring
	sleep 0.05
	a=$(count $k)
	echo $k > $d/ring; echo $k > $d/ring
	sleep 0.05
	echo "== irq $k ${a:-none} $(count $k)"
done
grep uvmm-testdev /proc/interrupts | sed "s/^/== line /"
'

start=$(date +%s%N)
boot "$tmp/out" "$tmp/err" --device testdev
rc=$?
end=$(date +%s%N)
echo "# boot with the test device and the uvmm_acpi and uvmm_pci suites: $(( (end - start) / 1000000 )) ms"
tr -d '\r' < "$tmp/out" | sed -n 's/^\[ *[0-9.]*\] //p' > "$tmp/log"

ok "the boot goes on to user space and powers off (status 0)" [ "$rc" -eq 0 ] ||
	{ echo "# status $rc"; show "$tmp/out" 30; show "$tmp/err"; }

# ACPI: the tables, as the kernel lists them at boot.
for sig in RSDP XSDT FACP APIC MCFG DSDT; do
	ok "ACPI lists table $sig" grep -qE "^ACPI: $sig 0x0000000000002" "$tmp/log" ||
		grep "^ACPI:" "$tmp/log" | sed 's/^/#   /' | head -12
done
ok "ACPI interpreter up, namespace loaded" grep -q "ACPI: Interpreter enabled" "$tmp/log" ||
	grep "^ACPI" "$tmp/log" | sed 's/^/#   /'

# PCI: the host bridge through MCFG, the bus scanned, the device and its BARs.
ok "PCI root bridge PNP0A08 on bus 00" grep -qE "PCI Root Bridge \[.*\] \(domain 0000 \[bus 00" "$tmp/log" ||
	grep -i "pci" "$tmp/log" | sed 's/^/#   /' | head -20
ok "ECAM from MCFG, reserved by the PNP0C02 device" \
	grep -qE "ECAM \[mem 0xe0000000-0xe00fffff\] reserved by PNP0C02" "$tmp/log" ||
	grep -i "ecam\|mcfg" "$tmp/log" | sed 's/^/#   /'
ok "the PNP0C02 device reserves ECAM (no conflict with the ECAM mapping)" \
	grep -qE "^system 00:00: \[mem 0xe0000000-0xe00fffff\] has been reserved$" "$tmp/log" ||
	grep "^system" "$tmp/log" | sed 's/^/#   /'
ok "_OSC evaluated" grep -qE "_OSC: OS supports \[.*MSI" "$tmp/log" ||
	grep "_OSC" "$tmp/log" | sed 's/^/#   /'
ok "root bus windows: 32-bit and 64-bit MMIO" \
	bash -c "grep -q 'pci_bus 0000:00: root bus resource \[mem 0xc0000000-0xdfffffff' '$tmp/log' &&
		 grep -q 'pci_bus 0000:00: root bus resource \[mem 0x10000000000-0x10fffffffff' '$tmp/log'" ||
	grep "root bus resource" "$tmp/log" | sed 's/^/#   /'
ok "host bridge 0000:00:00.0 [1234:10f0]" grep -qE "^pci 0000:00:00\.0: \[1234:10f0\] type 00 class 0x060000" "$tmp/log"
ok "test device 0000:00:01.0 [1234:10f1]" grep -qE "^pci 0000:00:01\.0: \[1234:10f1\] type 00 class 0xff0000 PCIe Root Complex Integrated Endpoint" "$tmp/log" ||
	grep "^pci 0000:00:01" "$tmp/log" | sed 's/^/#   /'
ok "BAR 0: 4 KiB in the 32-bit window" grep -qE "^pci 0000:00:01\.0: BAR 0 \[mem 0xc[0-9a-f]{4}000-0xc[0-9a-f]{4}fff\]$" "$tmp/log"
ok "BAR 2: 16 KiB, 64-bit" grep -qE "^pci 0000:00:01\.0: BAR 2 \[mem 0x100[0-9a-f]{8}-0x100[0-9a-f]{8} 64bit\]$" "$tmp/log"
ok "BAR 4: 64 KiB, 64-bit prefetchable" grep -qE "^pci 0000:00:01\.0: BAR 4 \[mem 0x100[0-9a-f]{8}-0x100[0-9a-f]{8} 64bit pref\]$" "$tmp/log"
ok "expansion ROM: 2 KiB" grep -qE "^pci 0000:00:01\.0: ROM \[mem 0x[0-9a-f]+-0x[0-9a-f]+ pref\]$" "$tmp/log"
ok "no BAR left unassigned" bash -c "! grep -E '^pci 0000:00:01\.0: .*(failed to assign|can.t claim|no space)' '$tmp/log'" ||
	grep "^pci 0000:00:01" "$tmp/log" | sed 's/^/#   /'

# The in-kernel check: every case of uvmm_acpi and uvmm_pci, one TAP test each.
awk '/^ +KTAP version 1$/ { suite = "" }
     /^ +# Subtest: / { suite = $3 }
     /^ +(not )?ok [0-9]+ / && suite != "" { print suite ": " $0 }' "$tmp/log" > "$tmp/cases"
for s in uvmm_acpi uvmm_pci; do
	ok "suite $s ran" grep -qE "^(not )?ok [0-9]+ $s$" "$tmp/log" || show "$tmp/log" 40
done
ncase=0
while IFS= read -r line; do
	name=$(echo "$line" | sed -E 's/^([a-z_]+): +(not )?ok [0-9]+ /\1 /')
	ncase=$((ncase + 1))
	case $line in
	*"not ok"*)
		not_ok "in the guest: $name"
		case_name=${name#* }
		grep -A3 -E "# $case_name: (EXPECTATION|ASSERTION) FAILED|# $case_name: .*(fault|error)" "$tmp/log" |
			head -16 | sed 's/^/#   /' ;;
	*"# SKIP"*)
		not_ok "in the guest: $name (skipped although the device is there)" ;;
	*)	ok "in the guest: $name" ;;
	esac
done < "$tmp/cases"
ok "11 cases reported (2 ACPI, 9 PCI)" [ "$ncase" -eq 11 ] || sed 's/^/#   /' "$tmp/cases"

# User space, in a boot of its own (no KUnit before it): what lspci and
# /proc/interrupts would show, read from sysfs.
timeout -s KILL 300 "$uvmm" run --kernel "$kernel" --initrd "$initrd" --device testdev \
	-- sh -c "$probe" < /dev/null > "$tmp/uout" 2> "$tmp/uerr"
rc=$?
ok "user-space probe: status 0, nothing on stderr" bash -c "[ $rc -eq 0 ] && [ ! -s '$tmp/uerr' ]" ||
	{ echo "# status $rc"; show "$tmp/uerr"; }
tr -d '\r' < "$tmp/uout" | sed -n 's/^== //p' > "$tmp/user"
ok "user space: /sys/firmware/acpi/tables lists APIC, DSDT, FACP, MCFG" \
	bash -c "grep '^tables ' '$tmp/user' | grep -q 'APIC DSDT FACP MCFG'" || show "$tmp/user"
ok "user space: 0000:00:01.0 is 1234:10f1, class ff0000, bound to uvmm-testdev" \
	grep -qx "device 0x1234 0x10f1 0xff0000 uvmm-testdev" "$tmp/user" || show "$tmp/user"
ok "user space: BAR 0 is 4 KiB of memory in the 32-bit window" \
	bash -c "grep -qE '^bar0 0x00000000c[0-9a-f]{4}000 0x00000000c[0-9a-f]{4}fff 0x0000000000040200$' '$tmp/user'" ||
	grep "^bar0" "$tmp/user" | sed 's/^/#   /'
# The capability list, walked from config space as lspci -v does.
read -r -a cfg <<< "$(sed -n 's/^config //p' "$tmp/user")"
caps=""
ptr=$(( 16#${cfg[0x34]:-0} ))
for _ in 1 2 3 4 5 6 7 8; do
	[ "$ptr" -ge 64 ] && [ "$ptr" -lt 256 ] || break
	caps="$caps ${cfg[$ptr]}"
	ptr=$(( 16#${cfg[$((ptr + 1))]} ))
done
ok "user space: capabilities MSI-X (11), MSI (05) and PCIe (10) in config space:$caps" \
	bash -c "[[ '$caps' == *11* && '$caps' == *05* && '$caps' == *10* ]]"
for k in msix intx msi; do
	read -r a b <<< "$(sed -n "s/^irq $k //p" "$tmp/user")"
	ok "user space: /proc/interrupts counts uvmm-testdev-$k rising as it fires ($a, then $b)" \
		bash -c "[ '$a' -ge 1 ] && [ '$b' -eq \$(( $a + 2 )) ]" 2>/dev/null ||
		grep "^irq\|^line" "$tmp/user" | sed 's/^/#   /'
done
grep "^line" "$tmp/user" | sed 's/^line /# \/proc\/interrupts: /'

# Costs the suite measured (informational, never asserted).
grep -E "^ +# td_[a-z]+: cost: " "$tmp/log" | sed -E 's/^ +# td_[a-z]+: cost: /# cost in the guest: /'
ok "no firmware-bug, ACPI error or resource-conflict line" \
	bash -c "! grep -nE 'Firmware Bug|FW_BUG|FW_WARN|ACPI Error|ACPI Warning|ACPI BIOS Error|ACPI BIOS Warning|conflict|could not be reserved|Oops|WARNING:|BUG:' '$tmp/log'" ||
	grep -nE 'Firmware Bug|FW_BUG|FW_WARN|ACPI Error|ACPI Warning|ACPI BIOS|conflict|Oops|WARNING:|BUG:' "$tmp/log" | head | sed 's/^/#   /'
# The one misuse the suite commits on purpose (pci_unclaimed_reads_all_ones),
# logged once although repeated; nothing else.
ok "uvmm logged the unclaimed MMIO once, and nothing else about devices" \
	bash -c "[ \$(grep -cE 'vpci|MMIO|MSI|INTx|irq_eoi|not logged' '$tmp/err') -eq 1 ] &&
		 grep -qx 'uvmm: MMIO read of 1 bytes at 0xdfff0001: no device there, reads all ones (further ones not logged)' '$tmp/err'" ||
	show "$tmp/err"

# Without the device: the bridge alone, the PCI suite skips with its reason.
boot "$tmp/out2" "$tmp/err2"
rc=$?
tr -d '\r' < "$tmp/out2" | sed -n 's/^\[ *[0-9.]*\] //p' > "$tmp/log2"
ok "without a device: status 0" [ "$rc" -eq 0 ] || { echo "# status $rc"; show "$tmp/out2"; }
ok "without a device: the host bridge and uvmm's virtio-rng alone on the bus" \
	bash -c "grep -q '^pci 0000:00:00.0: \[1234:10f0\]' '$tmp/log2' && grep -q '^pci 0000:00:01.0: \[1af4:1044\]' '$tmp/log2' && ! grep -q '^pci 0000:00:02' '$tmp/log2'"
ok "without a device: uvmm_acpi passes" grep -qE "^ok [0-9]+ uvmm_acpi$" "$tmp/log2"
ok "without a device: uvmm_pci skips" grep -qE "^ok [0-9]+ uvmm_pci # SKIP" "$tmp/log2" ||
	grep "uvmm_pci" "$tmp/log2" | sed 's/^/#   /'
ok "without a device: each PCI case skips, saying why" \
	bash -c "[ \$(grep -cE '^ +ok [0-9]+ [a-z_]+ # SKIP no test device on the bus \(uvmm run --device testdev\)$' '$tmp/log2') -eq 9 ]" ||
	grep -E "^ +(not )?ok" "$tmp/log2" | sed 's/^/#   /'

# With RAM on both sides of the 3-4 GiB hole, device pages inside the hole
# must still be told from RAM (the accessors and the vmalloc mirror).
boot "$tmp/out5" "$tmp/err5" --device testdev --mem 5G
rc=$?
ok "5 GiB of RAM: status 0" [ "$rc" -eq 0 ] || { echo "# status $rc"; show "$tmp/out5"; }
tr -d '\r' < "$tmp/out5" | sed -n 's/^\[ *[0-9.]*\] //p' > "$tmp/log5"
ok "5 GiB of RAM: uvmm_acpi and uvmm_pci pass" \
	bash -c "grep -qx 'ok 1 uvmm_acpi' '$tmp/log5' && grep -qx 'ok 2 uvmm_pci' '$tmp/log5'" ||
	grep -E "ok [0-9]" "$tmp/log5" | sed 's/^/#   /'

# The most devices --device takes: eight test devices, all found with BARs.
devs=(); for i in 1 2 3 4 5 6 7 8; do devs+=(--device testdev); done
boot "$tmp/out6" "$tmp/err6" "${devs[@]}"
rc=$?
tr -d '\r' < "$tmp/out6" | sed -n 's/^\[ *[0-9.]*\] //p' > "$tmp/log6"
ok "8 devices: status 0" [ "$rc" -eq 0 ] || { echo "# status $rc"; show "$tmp/out6"; }
ok "8 devices: 0000:00:01.0 to 0000:00:08.0 found" \
	[ "$(grep -cE '^pci 0000:00:0[1-8]\.0: \[1234:10f1\]' "$tmp/log6")" -eq 8 ]
ok "8 devices: every BAR 4 assigned" \
	[ "$(grep -cE '^pci 0000:00:0[1-8]\.0: BAR 4 \[mem .* 64bit pref\]: assigned' "$tmp/log6")" -eq 8 ]
ok "8 devices: no firmware-bug, error or conflict line" \
	bash -c "! grep -nE 'Firmware Bug|FW_BUG|FW_WARN|ACPI Error|ACPI Warning|ACPI BIOS|conflict|could not be reserved|failed to assign|Oops|WARNING:|BUG:' '$tmp/log6'"
ok "8 devices: the suites pass (on the first)" \
	bash -c "grep -qx 'ok 1 uvmm_acpi' '$tmp/log6' && grep -qx 'ok 2 uvmm_pci' '$tmp/log6'"
"$uvmm" run --kernel "$kernel" "${devs[@]}" --device testdev > /dev/null 2> "$tmp/err7"
rc=$?
ok "a ninth --device: status 125, one line" \
	bash -c "[ $rc -eq 125 ] && [ \$(wc -l < '$tmp/err7') -eq 1 ] && grep -q 'at most 8 devices' '$tmp/err7'" ||
	show "$tmp/err7"

# acpi=off: no tables, no bus, and the boot goes on.
timeout -s KILL 120 "$uvmm" run --kernel "$kernel" --initrd "$initrd" --device testdev \
	--cmdline "console=hvc0 acpi=off" -- true < /dev/null > "$tmp/out4" 2> "$tmp/err4"
rc=$?
ok "acpi=off: status 0" [ "$rc" -eq 0 ] || { echo "# status $rc"; show "$tmp/out4"; }
ok "acpi=off: ACPI says it is disabled, no PCI bus scanned" \
	bash -c "grep -q 'ACPI: disabled (acpi=off)' '$tmp/out4' && ! grep -q 'PCI host bridge' '$tmp/out4'" ||
	show "$tmp/out4"

# A device name uvmm does not know: one line, status 125, nothing booted.
"$uvmm" run --kernel "$kernel" --initrd "$initrd" --device nosuchdev > "$tmp/out3" 2> "$tmp/err3"
rc=$?
ok "--device nosuchdev: status 125" [ "$rc" -eq 125 ]
ok "--device nosuchdev: one line naming it" \
	bash -c "[ \$(wc -l < '$tmp/err3') -eq 1 ] && grep -q \"unknown device 'nosuchdev'\" '$tmp/err3'" || show "$tmp/err3"
ok "--device nosuchdev: no guest output" [ ! -s "$tmp/out3" ]
done_testing
