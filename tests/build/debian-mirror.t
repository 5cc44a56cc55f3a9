#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/debian/build-rootfs.sh --print-mirror: the Debian mirror comes from
# the machine's apt sources (one-line and deb822 alike) or from
# UVMM_DEBIAN_MIRROR, and a machine with no bookworm source gets one line
# saying so. Fake apt configurations through APT_CONFIG; no network.
. "$(dirname "$0")/../lib/tap.sh"
script=$top/tests/debian/build-rootfs.sh
command -v apt-get > /dev/null || skip_all "no apt-get on this machine"
plan 10

# fake NAME: a fresh apt root $tmp/NAME whose sources the caller writes.
fake() {
	etc=$tmp/$1/etc
	mkdir -p "$etc/apt.conf.d" "$etc/sources.list.d" "$etc/preferences.d" \
		"$tmp/$1/state/lists" "$tmp/$1/cache"
	printf 'Dir::Etc "%s/";\nDir::State "%s/state/";\nDir::Cache "%s/cache/";\n' \
		"$etc" "$tmp/$1" "$tmp/$1" > "$tmp/$1/apt.conf"
	conf=$tmp/$1/apt.conf
}
# expect DESC WANT: --print-mirror under $conf prints WANT and succeeds.
expect() {
	got=$(env -u UVMM_DEBIAN_MIRROR APT_CONFIG="$conf" sh "$script" --print-mirror 2> "$tmp/err")
	if [ $? -eq 0 ] && [ "$got" = "$2" ]; then ok "$1"; else
		not_ok "$1" "want '$2', got '$got'"; show "$tmp/err"; fi
}
# refuse DESC PATTERN: it fails with one line on stderr matching PATTERN.
refuse() {
	got=$(env -u UVMM_DEBIAN_MIRROR APT_CONFIG="$conf" sh "$script" --print-mirror 2> "$tmp/err")
	if [ $? -ne 0 ] && [ -z "$got" ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] &&
	   grep -q -- "$2" "$tmp/err"; then ok "$1"; else
		not_ok "$1" "stdout '$got'"; show "$tmp/err"; fi
}

fake list
cat > "$etc/sources.list" <<'L'
# deb http://commented.example/debian bookworm main
deb http://security.example/debian-security bookworm-security main
deb-src http://src.example/debian bookworm main
deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://one.example/debian/ bookworm main contrib
deb http://two.example/debian bookworm main
L
expect "sources.list: the first deb line for bookworm, options and slash dropped" http://one.example/debian

fake deb822
cat > "$etc/sources.list.d/debian.sources" <<'L'
Types: deb
URIs: http://off.example/debian
Suites: bookworm
Components: main
Enabled: no

Types: deb deb-src
URIs: https://on.example/debian
Suites: bookworm-updates bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
L
expect "deb822: the enabled stanza serving bookworm (https kept)" https://on.example/debian

fake both
echo "deb http://classic.example/debian bookworm main" > "$etc/sources.list"
printf 'Types: deb\nURIs: http://parts.example/debian\nSuites: bookworm\nComponents: main\n' \
	> "$etc/sources.list.d/debian.sources"
echo "deb http://ignored.example/debian bookworm main" > "$etc/sources.list.d/old.list.disabled"
expect "sources.list before sources.list.d; files apt ignores are ignored" http://classic.example/debian

fake mirrorlist
printf '# first is best\n\nhttp://listed.example/debian\tpriority:1\nhttp://next.example/debian\n' \
	> "$tmp/mirrorlist/mirrors.list"
printf 'Types: deb\nURIs: mirror+file://%s\nSuites: bookworm\nComponents: main\n' \
	"$tmp/mirrorlist/mirrors.list" > "$etc/sources.list.d/debian.sources"
expect "mirror+file: the first mirror of the list" http://listed.example/debian

fake other
printf 'Types: deb\nURIs: http://new.example/debian\nSuites: trixie\nComponents: main\n' \
	> "$etc/sources.list.d/debian.sources"
echo "deb http://security.example/debian-security bookworm-security main" > "$etc/sources.list"
refuse "no bookworm source: one line naming the variable" "no apt source for Debian bookworm.*UVMM_DEBIAN_MIRROR"

fake empty
refuse "no sources at all: the same line" "no apt source for Debian bookworm.*UVMM_DEBIAN_MIRROR"

fake cdrom
echo "deb cdrom:[Debian GNU/Linux 12]/ bookworm main" > "$etc/sources.list"
refuse "a source debootstrap cannot use is named" "debootstrap cannot use.*UVMM_DEBIAN_MIRROR"

got=$(UVMM_DEBIAN_MIRROR=http://override.example/debian/ APT_CONFIG="$tmp/cdrom/apt.conf" \
	sh "$script" --print-mirror 2>&1)
ok "UVMM_DEBIAN_MIRROR wins" test "$got" = http://override.example/debian || diag "got '$got'"

got=$(UVMM_DEBIAN_MIRROR=file:/srv/mirror sh "$script" --print-mirror 2>&1)
ok "a file: mirror is taken as it is" test "$got" = file:/srv/mirror || diag "got '$got'"

# This machine's own configuration: whatever it names, it is a URL.
got=$(env -u UVMM_DEBIAN_MIRROR -u APT_CONFIG sh "$script" --print-mirror 2> "$tmp/err")
case $got in
http://?* | https://?* | file:/?*) ok "this machine's apt sources give a URL" ;;
*) if grep -q "no apt source for Debian bookworm" "$tmp/err"; then
	skip "this machine has no apt source for bookworm"
   else not_ok "this machine's apt sources give a URL"; show "$tmp/err"; fi ;;
esac
done_testing
