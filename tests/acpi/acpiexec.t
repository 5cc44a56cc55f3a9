#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Our FADT and DSDT loaded into ACPICA's acpiexec (the interpreter Linux
# embeds): the host bridge's _CRS and _PRT read through ACPICA's resource
# manager (AcpiGetCurrentResources/AcpiGetIrqRoutingTable, as Linux does),
# and _OSC evaluated with the arguments Linux passes, plus bad ones.
set -u
. "$(dirname "$0")/../lib/tap.sh"
dump=$build/acpi-tables/acpi-dump

command -v acpiexec >/dev/null || bail_out "acpiexec not found: install acpica-tools ('make deps')"
need "$dump"

# run LOG COMMANDS: acpiexec in batch mode over our tables.
run() {
	(cd "$d" && acpiexec -b "$2" facp.dat apic.dat mcfg.dat dsdt.dat) >"$d/$1" 2>&1
}
# Lines of LOG that a clean run must not have. `resources` always tries
# _SRS, which we (like any fixed-resource device) do not have.
diagnostics() {
	grep -Ei 'error|warning|mismatch|AE_' "$d/$1" |
		grep -v 'AcpiSetCurrentResources failed: AE_NOT_FOUND'
}
clean() {
	local bad; bad=$(diagnostics "$1")
	[ -z "$bad" ] || { echo "$bad" | sed 's/^/# /'; return 1; }
}

# Decoded resources of one descriptor kind, as "Field=Value" words.
resource() {	# LOG HEADER-REGEX
	awk -v h="$2" '
		$0 ~ /^\[[0-9A-F]+\] / { on = ($0 ~ h); if (on) out = ""; next }
		on && /:/ { k = $0; sub(/ *:.*/, "", k); sub(/^ +/, "", k); gsub(/ /, "_", k);
			    v = $0; sub(/^[^:]*: */, "", v); out = out k "=" v " " }
		on && /^$/ { if (out) print out; on = 0 }' "$d/$1"
}

# _OSC CDW1 and CDW3 as returned: "CDW1 CDW2 CDW3" in hex bytes.
osc_out() {
	sed -n 's/.*\[Buffer\] Length 0C = *0000: \(\([0-9A-F][0-9A-F] \)\{12\}\).*/\1/p' "$d/$1" | sed 's/ *$//'
}

PCI_UUID="5b 4d db 33 f7 1f 1c 40 96 57 74 41 c0 3d d7 66"

for cpus in 1 4; do
	d=$tmp/cpus$cpus
	mkdir -p "$d"
	"$dump" --cpus $cpus "$d" >/dev/null
	ok_rc $? "acpi-dump --cpus $cpus"
	L="$cpus vCPU(s)"

	run load.log 'namespace'
	grep -q 'ACPI: FACP .*(v06 UVMM   UVMMTBLS' "$d/load.log" &&
	grep -q 'ACPI: DSDT .*(v02 UVMM   UVMMTBLS' "$d/load.log" &&
	grep -q '1 ACPI AML tables successfully acquired and loaded' "$d/load.log" &&
	clean load.log
	ok_rc $? "$L: acpiexec loads our FADT and DSDT without diagnostics"

	run ids.log 'evaluate \_SB.PCI0._HID; evaluate \_SB.PCI0._CID; evaluate \_SB.PCI0._SEG; evaluate \_SB.PCI0._BBN; evaluate \_SB.PCI0._UID; evaluate \_SB.PCI0._CCA; evaluate \_SB.ECAM._HID'
	ints=$(sed -n 's/^ *\[Integer\] = //p' "$d/ids.log" | tr '\n' ' ')
	[ "$ints" = "00000000080AD041 00000000030AD041 0000000000000000 0000000000000000 0000000000000000 0000000000000001 00000000020CD041 " ]
	ok_rc $? "$L: _HID PNP0A08, _CID PNP0A03, _SEG 0, _BBN 0, _UID 0, _CCA 1, ECAM _HID PNP0C02 ($ints)"

	run res.log 'resources \_SB.PCI0'
	clean res.log
	ok_rc $? "$L: ACPICA converts _CRS and _PRT without complaint"
	resource res.log 'WORD Address Space' >"$d/bus"
	grep -q 'Resource_Type=Bus Number Range Consumer/Producer=ResourceProducer .*Min_Relocatability=MinFixed Max_Relocatability=MaxFixed .*Address_Minimum=0000 Address_Maximum=0000 Translation_Offset=0000 Address_Length=0001' "$d/bus"
	ok_rc $? "$L: _CRS bus range 0..0, producer, fixed"
	resource res.log 'DWORD Address Space' >"$d/m32"
	grep -q 'Resource_Type=Memory Range Write_Protect=ReadWrite Caching=NonCacheable .*Consumer/Producer=ResourceProducer .*Address_Minimum=C0000000 Address_Maximum=DFFFFFFF Translation_Offset=00000000 Address_Length=20000000' "$d/m32"
	ok_rc $? "$L: _CRS 32-bit window C0000000-DFFFFFFF, non-prefetchable"
	resource res.log 'QWORD Address Space' >"$d/m64"
	grep -q 'Resource_Type=Memory Range .*Consumer/Producer=ResourceProducer .*Address_Minimum=0000010000000000 Address_Maximum=0000010FFFFFFFFF Translation_Offset=0000000000000000 Address_Length=0000001000000000' "$d/m64"
	ok_rc $? "$L: _CRS 64-bit window 0x10000000000, 64 GiB"
	[ "$(grep -c '^\[[0-9A-F]*\] .*Resource$' "$d/res.log")" -eq 4 ] &&
	! grep -q 'I/O' "$d/res.log"
	ok_rc $? "$L: _CRS has exactly those three and the EndTag, no I/O range"

	# _PRT as AcpiGetIrqRoutingTable returns it: check all 128 entries.
	awk '/PCI IRQ Routing Table Package/ { e++; on = 1; next }
	     /^Evaluating|^$/ { on = 0 }
	     !on { next }
	     / Address : / { a[e] = $NF } / Pin : / { p[e] = $NF }
	     / Source : / { s[e] = $0; sub(/.*Source : /, "", s[e]) }
	     / Source Index : / { g[e] = $NF }
	     END { for (i = 1; i <= e; i++) print a[i], p[i], s[i], g[i] }' "$d/res.log" >"$d/prt"
	want=$(for dev in $(seq 0 31); do for pin in 0 1 2 3; do
		printf '%016X %08X [NULL NAMESTRING] %08X\n' $(((dev << 16) | 0xFFFF)) $pin $((16 + (dev + pin) % 4))
	done; done)
	diff <(echo "$want") "$d/prt" >"$d/prt.diff"
	ok_rc $? "$L: _PRT routes slot d pin p to GSI 16 + (d + p) % 4, all 128 entries"
	head -5 "$d/prt.diff" | sed 's/^/# /'

	run ecam.log 'resources \_SB.ECAM'
	resource ecam.log 'Fixed Memory Range' | grep -q 'Write_Protect=ReadWrite Address=E0000000 Address_Length=00100000' &&
	clean ecam.log
	ok_rc $? "$L: PNP0C02 _CRS reserves ECAM E0000000 + 1 MiB"

	# _OSC: (UUID, revision, count, capabilities) -> returned buffer.
	run osc-grant.log "evaluate \_SB.PCI0._OSC ($PCI_UUID) 1 3 (00 00 00 00 9f 01 00 00 bf 00 00 00)"
	[ "$(osc_out osc-grant.log)" = "00 00 00 00 9F 01 00 00 BF 00 00 00" ] && clean osc-grant.log
	ok_rc $? "$L: _OSC grants every control Linux asks for (hotplug, SHPC, PME, AER, PCIe cap, LTR, DPC)"
	run osc-all.log "evaluate \_SB.PCI0._OSC ($PCI_UUID) 1 3 (00 00 00 00 ff ff ff ff ff ff ff ff)"
	[ "$(osc_out osc-all.log)" = "00 00 00 00 FF FF FF FF FF FF FF FF" ]
	ok_rc $? "$L: _OSC grants every control bit, with no error bits"
	run osc-query.log "evaluate \_SB.PCI0._OSC ($PCI_UUID) 1 3 (01 00 00 00 1f 00 00 00 1d 00 00 00)"
	[ "$(osc_out osc-query.log)" = "01 00 00 00 1F 00 00 00 1D 00 00 00" ]
	ok_rc $? "$L: _OSC query: controls returned as asked, query bit kept, no error bits"
	run osc-rev.log "evaluate \_SB.PCI0._OSC ($PCI_UUID) 2 3 (00 00 00 00 1f 00 00 00 1d 00 00 00)"
	[ "$(osc_out osc-rev.log)" = "08 00 00 00 1F 00 00 00 1D 00 00 00" ]
	ok_rc $? "$L: _OSC revision 2: 'unrecognized revision' (bit 3)"
	run osc-uuid.log "evaluate \_SB.PCI0._OSC (5c 4d db 33 f7 1f 1c 40 96 57 74 41 c0 3d d7 66) 1 3 (00 00 00 00 1f 00 00 00 1d 00 00 00)"
	[ "$(osc_out osc-uuid.log)" = "04 00 00 00 1F 00 00 00 1D 00 00 00" ]
	ok_rc $? "$L: _OSC foreign UUID: 'unrecognized UUID' (bit 2)"
	run osc-short.log "evaluate \_SB.PCI0._OSC ($PCI_UUID) 1 1 (00 00)"
	grep -q 'AE_AML_BUFFER_LIMIT' "$d/osc-short.log" && grep -q 'No outstanding allocations' "$d/osc-short.log"
	ok_rc $? "$L: _OSC with a 2-byte buffer fails cleanly in the interpreter (AE_AML_BUFFER_LIMIT)"
done

done_testing
