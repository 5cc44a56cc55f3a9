#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# acpi-dump given bad input: a one-line error, a non-zero exit status (never
# a crash), and no table files left behind.
set -u
. "$(dirname "$0")/../lib/tap.sh"
dump=$build/acpi-tables/acpi-dump
need "$dump"

# refuse STATUS REGEX ARGS...: exits STATUS, stderr is one line matching
# REGEX, the output directory stays empty.
refuse() {
	local want=$1 re=$2; shift 2
	local out=$tmp/out
	rm -rf "$out"; mkdir "$out"
	"$dump" "$@" "$out" >"$tmp/stdout" 2>"$tmp/stderr"
	local st=$? lines; lines=$(wc -l <"$tmp/stderr")
	[ $st -eq "$want" ] && [ "$lines" -eq 1 ] && grep -Eq -- "$re" "$tmp/stderr" &&
		[ -z "$(ls -A "$out")" ] && [ ! -s "$tmp/stdout" ]
	ok_rc $? "acpi-dump $* -> exit $st: $(head -c 120 "$tmp/stderr")"
}

refuse 1 '0 vCPUs' --cpus 0
refuse 1 '256 vCPUs' --cpus 256
refuse 2 "bad value 'abc' for --cpus" --cpus abc
refuse 2 "bad value '-1' for --cpus" --cpus -1
refuse 2 "bad value '99999999999' for --cpus" --cpus 99999999999
refuse 2 "bad value '1x' for --cpus" --cpus 1x
refuse 2 "bad value '' for --cpus" --cpus ''
refuse 1 'not 16-byte aligned' --base 0x100008
refuse 1 'wrap' --base 0xfffffffffffffff0
refuse 1 'bus range 3..2 is empty' --buses 3-2
refuse 2 "bad value '0-256' for --buses" --buses 0-256
refuse 2 "bad value '7' for --buses" --buses 7
refuse 1 'not 1 MiB aligned' --ecam 0xe0000010
refuse 1 'not below 4 GiB' --mmio32 0xf0000000:0x20000000
refuse 1 'empty or not below 4 GiB' --mmio32 0xc0000000:0
refuse 1 'not above 4 GiB' --mmio64 0x1000:0x1000
refuse 1 'wraps' --mmio64 0xfffffffffffff000:0x2000
refuse 1 'overlaps an MMIO window' --ecam 0xc0000000
refuse 1 'no room for 4 INTx lines' --gsi-base 4294967294
refuse 2 "bad value '65536' for --segment" --segment 65536
refuse 2 "unknown option or missing value '--no-such-option'" --no-such-option
"$dump" --cpus >"$tmp/stdout" 2>"$tmp/stderr"
st=$?
[ $st -eq 2 ] && [ "$(wc -l <"$tmp/stderr")" -eq 1 ] && grep -q "missing value '--cpus'" "$tmp/stderr"
ok_rc $? "acpi-dump --cpus (no value) -> exit $st: $(cat "$tmp/stderr")"
"$dump" >"$tmp/stdout" 2>"$tmp/stderr"
st=$?
[ $st -eq 2 ] && [ "$(wc -l <"$tmp/stderr")" -eq 1 ] && grep -q "expected one output directory" "$tmp/stderr"
ok_rc $? "acpi-dump (no directory) -> exit $st: $(cat "$tmp/stderr")"

# A directory we can write only some files into: nothing may be left.
mkdir "$tmp/partial"
mkdir "$tmp/partial/mcfg.dat"	# a directory where a table file should go
"$dump" "$tmp/partial" >/dev/null 2>"$tmp/stderr"
st=$?
[ $st -eq 1 ] && [ "$(wc -l <"$tmp/stderr")" -eq 1 ] &&
	[ "$(ls -A "$tmp/partial")" = "mcfg.dat" ]
ok_rc $? "failing half-way removes the tables already written: $(cat "$tmp/stderr")"

# An output directory that does not exist: one line naming the path.
"$dump" "$tmp/missing/dir" >/dev/null 2>"$tmp/stderr"
st=$?
[ $st -eq 1 ] && [ "$(wc -l <"$tmp/stderr")" -eq 1 ] && grep -q "$tmp/missing/dir/rsdp.dat: No such file or directory" "$tmp/stderr"
ok_rc $? "missing output directory -> exit $st: $(cat "$tmp/stderr")"

# And the good case writes the six tables and the blob, sizes consistent.
mkdir "$tmp/good"
"$dump" --cpus 3 "$tmp/good" >"$tmp/layout"
st=$?
sum=0
for f in rsdp xsdt facp apic mcfg dsdt; do sum=$((sum + $(stat -c %s "$tmp/good/$f.dat"))); done
[ $st -eq 0 ] && [ "$(wc -l <"$tmp/layout")" -eq 6 ] &&
	[ "$(stat -c %s "$tmp/good/apic.dat")" -eq $((44 + 3 * 8)) ] &&
	[ "$(stat -c %s "$tmp/good/tables.bin")" -ge $sum ]
ok_rc $? "acpi-dump --cpus 3 writes six tables (MADT 68 bytes) and the blob"

done_testing
