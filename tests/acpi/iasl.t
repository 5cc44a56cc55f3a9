#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The tables acpi-dump writes, checked with ACPICA's own tools: every table
# disassembles with `iasl -d` without warnings, the disassembled fields are
# the ones the platform asks for (1 and 4 vCPUs, defaults, and a second
# platform shape), the DSDT recompiles to the very same AML, and the RSDP
# (which iasl cannot disassemble) equals the one iasl compiles from the
# expected field values.
set -u
. "$(dirname "$0")/../lib/tap.sh"
dump=$build/acpi-tables/acpi-dump
# has FILE REGEX: the disassembly contains a line matching REGEX.
has() { grep -Eq -- "$2" "$1" || { echo "# no line matching '$2' in ${1##*/}"; return 1; }; }
# count FILE REGEX WANT
count() {
	local c; c=$(grep -Ec -- "$2" "$1")
	[ "$c" -eq "$3" ] || { echo "# ${1##*/}: $c lines match '$2', want $3"; return 1; }
}

for tool in iasl acpiexec; do
	command -v $tool >/dev/null || bail_out "$tool not found: install acpica-tools ('make deps')"
done
need "$dump"

# gpa SIG: a table's address as printed by acpi-dump, as 16 hex digits.
gpa() { printf '%016X' "$(awk -v s="$1" '$1 == s { print $2 }' "$d/layout")"; }

# Disassemble every table of $d; no warnings, errors or bad checksums.
disassemble() {
	local t
	for t in xsdt facp apic mcfg dsdt; do
		(cd "$d" && iasl -d $t.dat >$t.log 2>&1)
		ok_rc $? "$1: iasl -d $t exits 0"
		! grep -Eiq 'warning|error|incorrect|invalid' "$d/$t.log" "$d/$t.dsl"
		ok_rc $? "$1: $t disassembles without warnings"
	done
	grep -Ei 'warning|error|incorrect|invalid' "$d"/*.log "$d"/*.dsl | sed 's/^/# /' | head -5
}

# RSDP: compile the expected one from source with iasl, compare bytes.
check_rsdp() {
	cat >"$d/rsdp-expected.asl" <<EOT
[0008]                          Signature : "RSD PTR "
[0001]                           Checksum : 00
[0006]                             Oem ID : "UVMM  "
[0001]                           Revision : 02
[0004]                       RSDT Address : 00000000
[0004]                             Length : 00000024
[0008]                       XSDT Address : $(gpa XSDT)
[0001]                  Extended Checksum : 00
[0003]                           Reserved : 000000
EOT
	(cd "$d" && iasl rsdp-expected.asl >rsdp-expected.log 2>&1)
	ok_rc $? "$1: iasl compiles the expected RSDP"
	cmp -s "$d/rsdp-expected.aml" "$d/rsdp.dat"
	ok_rc $? "$1: RSDP (rev 2, XSDT $(gpa XSDT), both checksums) equals iasl's"
}

# The DSDT recompiles, with no diagnostics, to the same AML.
recompile_dsdt() {
	cp "$d/dsdt.dsl" "$d/re.dsl"
	(cd "$d" && iasl -p re re.dsl >re.log 2>&1)
	ok_rc $? "$1: disassembled DSDT recompiles"
	has "$d/re.log" '0 Errors, 0 Warnings, 0 Remarks'
	ok_rc $? "$1: recompilation has no errors, warnings or remarks"
	cmp -s <(tail -c +37 "$d/dsdt.dat") <(tail -c +37 "$d/re.aml")
	ok_rc $? "$1: recompiled AML is byte-identical to ours"
}

common_fields() {	# LABEL NR_CPUS
	local f=$d/facp.dsl a=$d/apic.dsl m=$d/mcfg.dsl x=$d/xsdt.dsl s=$d/dsdt.dsl i
	for t in xsdt facp apic mcfg dsdt; do
		has "$d/$t.dsl" '(Oem ID +: "UVMM  "|OEM ID +"UVMM  ")' &&
		has "$d/$t.dsl" '(Oem Table ID +: "UVMMTBLS"|OEM Table ID +"UVMMTBLS")'
		ok_rc $? "$1: $t OEM ID UVMM, table ID UVMMTBLS"
	done

	has $f 'Revision : 06' && has $f 'FADT Minor Revision : 03' &&
	has $f 'Hardware Reduced \(V5\) : 1'
	ok_rc $? "$1: FADT revision 6.3 with HW_REDUCED_ACPI"
	has $f 'Legacy Devices Supported \(V2\) : 0' &&
	has $f '8042 Present on ports 60/64 \(V2\) : 0' &&
	has $f 'VGA Not Present \(V4\) : 0' && has $f 'SCI Interrupt : 0000' &&
	has $f 'PM1A Control Block Address : 00000000'
	ok_rc $? "$1: FADT has no legacy devices, 8042, VGA flags, SCI or PM blocks"
	local dsdt; dsdt=$(gpa DSDT)
	has $f "^\[028h 0040   4\] +DSDT Address : ${dsdt:8}\$" &&
	has $f "^\[08Ch 0140   8\] +DSDT Address : $dsdt\$"
	ok_rc $? "$1: FADT DSDT and X_DSDT point at the DSDT ($dsdt)"

	has $x "Table Address   0 : $(gpa FACP)" &&
	has $x "Table Address   1 : $(gpa APIC)" &&
	has $x "Table Address   2 : $(gpa MCFG)" &&
	count $x 'Table Address' 3
	ok_rc $? "$1: XSDT lists exactly FADT, MADT, MCFG"

	count $a 'Subtable Type : 00 \[Processor Local APIC\]' $2 &&
	count $a 'Subtable Type' $2 &&
	count $a 'Processor Enabled : 1' $2 &&
	has $a 'Local Apic Address : FEE00000' &&
	has $a 'PC-AT Compatibility : 0'
	ok_rc $? "$1: MADT has $2 enabled Processor Local APIC entries, LAPIC at FEE00000"
	local ids; ids=$(grep -E 'Local Apic ID :' $a | awk '{print $NF}' | tr '\n' ' ')
	local want=""; for ((i = 0; i < $2; i++)); do want+=$(printf '%02X ' $i); done
	[ "$ids" = "$want" ]
	ok_rc $? "$1: MADT APIC IDs are the vCPU numbers ($ids)"

	has $s 'Name \(_HID, EisaId \("PNP0A08"\)' && has $s 'Name \(_CID, EisaId \("PNP0A03"\)' &&
	has $s 'Name \(_SEG, Zero\)' && has $s 'Name \(_BBN, Zero\)' && has $s 'Name \(_UID, Zero\)'
	ok_rc $? "$1: DSDT host bridge PNP0A08/PNP0A03 with _SEG, _BBN, _UID"
	has $s 'Method \(_OSC, 4, NotSerialized\)' &&
	has $s 'ToUUID \("33db4d5b-1ff7-401c-9657-7441c03dd766"\)'
	ok_rc $? "$1: DSDT host bridge has _OSC for the PCI host bridge UUID"
	count $s '^ +Package \(0x04\)' 128 && has $s 'Name \(_PRT, Package \(0x80\)'
	ok_rc $? "$1: DSDT _PRT has 32 slots x 4 pins"
	has $s 'Name \(_HID, EisaId \("PNP0C02"\)'
	ok_rc $? "$1: DSDT has a PNP0C02 device"
}

# awk over the disassembled _CRS: print each descriptor as one line,
# "Kind field=value ...", so a test can compare whole descriptors.
descriptors() {
	awk '/(Word|DWord|QWord)(BusNumber|Memory) \(|Memory32Fixed \(/ {
		if (line) print line; sub(/^ +/, ""); split($0, w, " "); line = w[1]; next }
	     line && /\/\/ / { v = $1; sub(/,$/, "", v); sub(/^.*\/\/ /, ""); gsub(/ /, "_");
		line = line " " $0 "=" v; next }
	     line && /\)$/ { print line; line = "" }
	     END { if (line) print line }' "$1"
}

# --- defaults, 1 and 4 vCPUs ------------------------------------------------
for cpus in 1 4; do
	d=$tmp/cpus$cpus
	mkdir -p "$d"
	"$dump" --cpus $cpus "$d" >"$d/layout"
	ok_rc $? "acpi-dump --cpus $cpus writes the tables"
	label="$cpus vCPU(s)"
	disassemble "$label"
	common_fields "$label" $cpus
	s=$d/dsdt.dsl
	descriptors $s >"$d/crs"
	grep -qx 'WordBusNumber Granularity=0x0000 Range_Minimum=0x0000 Range_Maximum=0x0000 Translation_Offset=0x0000 Length=0x0001' "$d/crs"
	ok_rc $? "$label: _CRS bus range 0..0"
	grep -qx 'DWordMemory Granularity=0x00000000 Range_Minimum=0xC0000000 Range_Maximum=0xDFFFFFFF Translation_Offset=0x00000000 Length=0x20000000' "$d/crs"
	ok_rc $? "$label: _CRS 32-bit window C0000000-DFFFFFFF"
	grep -qx 'QWordMemory Granularity=0x0000000000000000 Range_Minimum=0x0000010000000000 Range_Maximum=0x0000010FFFFFFFFF Translation_Offset=0x0000000000000000 Length=0x0000001000000000' "$d/crs"
	ok_rc $? "$label: _CRS 64-bit window 10000000000 + 64 GiB"
	grep -qx 'Memory32Fixed Address_Base=0xE0000000 Address_Length=0x00100000' "$d/crs"
	ok_rc $? "$label: PNP0C02 reserves ECAM E0000000 + 1 MiB"
	count "$d/crs" . 4
	ok_rc $? "$label: no other resource (no I/O window)"
	grep -q 'ResourceProducer, MinFixed, MaxFixed, PosDecode' $s &&
	! grep -q 'IO (\|WordIO\|DWordIO\|QWordIO' $s
	ok_rc $? "$label: windows are fixed producer ranges; no I/O ports anywhere"
	m=$d/mcfg.dsl
	has $m 'Base Address : 00000000E0000000' && has $m 'Segment Group Number : 0000' &&
	has $m 'Start Bus Number : 00' && has $m 'End Bus Number : 00' &&
	count $m 'Base Address' 1
	ok_rc $? "$label: MCFG one allocation, E0000000, segment 0, buses 0-0"
	check_rsdp "$label"
	recompile_dsdt "$label"
done

# --- another platform: the fields follow the configuration --------------------
d=$tmp/other
mkdir -p "$d"
"$dump" --cpus 2 --base 0x200000000 --ecam 0xB0000000 --buses 2-9 --segment 0 \
	--mmio32 0x80000000:0x10000000 --mmio64 0:0 --gsi-base 32 "$d" >"$d/layout"
ok_rc $? "acpi-dump with a non-default platform"
disassemble "other"
descriptors "$d/dsdt.dsl" >"$d/crs"
grep -qx 'WordBusNumber Granularity=0x0000 Range_Minimum=0x0002 Range_Maximum=0x0009 Translation_Offset=0x0000 Length=0x0008' "$d/crs" &&
grep -qx 'DWordMemory Granularity=0x00000000 Range_Minimum=0x80000000 Range_Maximum=0x8FFFFFFF Translation_Offset=0x00000000 Length=0x10000000' "$d/crs" &&
! grep -q QWordMemory "$d/crs"
ok_rc $? "other: _CRS buses 2-9, 32-bit window 80000000+256 MiB, no 64-bit window"
grep -qx 'Memory32Fixed Address_Base=0xB0200000 Address_Length=0x00800000' "$d/crs"
ok_rc $? "other: PNP0C02 reserves the ECAM of buses 2-9 only (B0200000 + 8 MiB)"
has "$d/dsdt.dsl" 'Name \(_BBN, 0x02\)'
ok_rc $? "other: _BBN is the first bus"
has "$d/mcfg.dsl" 'Base Address : 00000000B0000000' && has "$d/mcfg.dsl" 'Start Bus Number : 02' &&
has "$d/mcfg.dsl" 'End Bus Number : 09'
ok_rc $? "other: MCFG base B0000000 (bus 0), buses 02-09"
has "$d/facp.dsl" '^\[028h 0040   4\] +DSDT Address : 00000000$' &&
has "$d/facp.dsl" "^\[08Ch 0140   8\] +DSDT Address : $(gpa DSDT)\$"
ok_rc $? "other: tables above 4 GiB: only X_DSDT is set"
check_rsdp "other"
recompile_dsdt "other"

done_testing
