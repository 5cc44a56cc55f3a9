#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host directories in the guest (docs/usage.md, "Sharing host files"):
# --share HOSTDIR[:TAG][,ro] with the stock virtiofs driver, reads and
# writes both ways; a read-only share; links resolved in the guest, never
# on the host; the host's kernel interfaces (/proc, /sys) kept out; and
# --rootfs: the host's own root, read-only under a tmpfs, running the
# host's bash, python3, gcc and make in the directory uvmm started in.
set -u
. "$(dirname "$0")/../lib/tap.sh"
need_guest

grun() {	# grun OUT UVMM-OPTIONS... -- CMD...
	local out=$1; shift
	timeout -s KILL 120 "$uvmm" run --kernel "$kernel" --initrd "$initrd" "$@" \
		< /dev/null > "$out" 2>&1
	rc=$?
	tr -d '\r' < "$out" > "$out.c" && mv "$out.c" "$out"
}

sh_dir=$tmp/share
mkdir -p "$sh_dir/sub" "$tmp/outside"
echo from-the-host > "$sh_dir/host.txt"
echo secret-outside > "$tmp/outside/secret"
ln -s ../outside/secret "$sh_dir/rel-link"
ln -s "$tmp/outside/secret" "$sh_dir/abs-link"

# 1. A read-write share, both ways.
grun "$tmp/rw" --share "$sh_dir:hs" -- sh -c '
	mkdir -p /mnt && mount -t virtiofs hs /mnt || exit 9
	echo "read $(cat /mnt/host.txt)"
	echo guest-wrote > /mnt/new.txt && mkdir /mnt/sub/d && mv /mnt/new.txt /mnt/sub/d/moved.txt &&
	ln -s moved.txt /mnt/sub/d/sym && ln /mnt/sub/d/moved.txt /mnt/sub/d/hard &&
	chmod 600 /mnt/sub/d/moved.txt && dd if=/dev/zero of=/mnt/big bs=64k count=40 2>/dev/null &&
	truncate -s 1000 /mnt/big && rm /mnt/host.txt && echo "wrote"
	echo "links: $(cat /mnt/rel-link 2>&1 | head -c 40) / $(cat /mnt/abs-link 2>&1 | head -c 40)"
	ls /mnt/sub/d | tr "\n" " "; echo; umount /mnt && echo unmounted'
ok "rw share: the guest ran (status $rc)" test "$rc" -eq 0 || show "$tmp/rw"
ok "rw share: the guest reads the host's file" grep -q "^read from-the-host$" "$tmp/rw"
ok "rw share: mkdir, rename, symlink, link, chmod, write, truncate, unlink in the guest" \
	grep -q "^wrote$" "$tmp/rw" || show "$tmp/rw"
ok "rw share: the host sees them" bash -c "
	[ \"\$(cat '$sh_dir/sub/d/moved.txt')\" = guest-wrote ] && [ -L '$sh_dir/sub/d/sym' ] &&
	[ \$(stat -c %h '$sh_dir/sub/d/hard') = 2 ] && [ \$(stat -c %a '$sh_dir/sub/d/moved.txt') = 600 ] &&
	[ \$(stat -c %s '$sh_dir/big') = 1000 ] && [ ! -e '$sh_dir/host.txt' ]"
ok "rw share: links are resolved in the guest, not on the host" \
	bash -c "grep -q '^links: ' '$tmp/rw' && ! grep -q secret-outside '$tmp/rw'" || show "$tmp/rw"

# 2. Read-only: the guest cannot change anything.
sum=$(find "$sh_dir" -printf '%p %s %m\n' | sort | md5sum)
grun "$tmp/ro" --share "$sh_dir:hs,ro" -- sh -c '
	mkdir -p /mnt && mount -t virtiofs hs /mnt || exit 9
	echo "read $(cat /mnt/sub/d/moved.txt)"
	for op in "touch /mnt/x" "rm /mnt/big" "mkdir /mnt/y" "mv /mnt/big /mnt/z" "chmod 777 /mnt/big"; do
		$op 2>/dev/null && echo "allowed: $op"
	done
	echo "append: $( (echo more >> /mnt/big) 2>&1 | head -c 60)"'
ok "ro share: reads work" grep -q "^read guest-wrote$" "$tmp/ro" || show "$tmp/ro"
ok "ro share: create, remove, mkdir, rename, chmod and writes all refused" \
	bash -c "! grep -q '^allowed' '$tmp/ro' && grep -q '^append: .*Read-only' '$tmp/ro'" || show "$tmp/ro"
ok "ro share: the host directory is unchanged" \
	test "$(find "$sh_dir" -printf '%p %s %m\n' | sort | md5sum)" = "$sum"

# 3. The host's kernel interfaces under a shared tree stay out of reach.
grun "$tmp/kif" --share /:hostroot,ro -- sh -c '
	mkdir -p /mnt && mount -t virtiofs hostroot /mnt || exit 9
	cat /mnt/proc/self/status 2>/dev/null | head -1; ls /mnt/proc 2>/dev/null | head -3
	ls /mnt/sys/kernel 2>/dev/null | head -3; echo "etc $(ls /mnt/etc | wc -l)"'
ok "host root shared: its files are there" bash -c "grep -qE '^etc [1-9]' '$tmp/kif'" || show "$tmp/kif"
ok "host root shared: /proc and /sys show nothing" \
	test "$(grep -vc '^etc ' "$tmp/kif")" -eq 0 || show "$tmp/kif"

# 3b. More names than uvmm may hold descriptors for (docs/virtio.md,
# "Limits"): under a limit of 1024, a walk of the host's /usr/include
# through --rootfs sees every name and size the host sees, twice (the
# second after the guest's attribute cache lapsed: each name asked again);
# and 3000 files are made, renamed, read back and half removed in a
# read-write share.
inc_sum=$(cd /usr/include && find . -printf '%p %s %y\n' | sort | md5sum)
(
	ulimit -n 1024 || exit 1
	timeout -s KILL 120 "$uvmm" run --kernel "$kernel" --initrd "$initrd" --rootfs / \
		--share "$sh_dir:hs" -- sh -c '
	cd /usr/include || exit 9
	echo "walk1 $(find . -printf "%p %s %y\n" | sort | md5sum)"
	sleep 1.1
	echo "walk2 $(find . -printf "%p %s %y\n" | sort | md5sum)"
	mkdir -p /tmp/hs && mount -t virtiofs hs /tmp/hs || exit 8
	python3 -c "
import os
d = \"/tmp/hs/many\"
os.mkdir(d)
for i in range(3000):
    with open(f\"{d}/f{i}\", \"w\") as f: f.write(str(i))
for i in range(3000):
    os.rename(f\"{d}/f{i}\", f\"{d}/g{i}\")
same = all(open(f\"{d}/g{i}\").read() == str(i) for i in range(3000))
for i in range(0, 3000, 2):
    os.unlink(f\"{d}/g{i}\")
print(\"many\", same, len(os.listdir(d)))"'
	echo "status $?"
) < /dev/null > "$tmp/walk" 2>&1
ok "1024 descriptors: the guest ran" grep -qx "status 0" "$tmp/walk" || show "$tmp/walk"
ok "1024 descriptors: a walk of /usr/include ($(find /usr/include | wc -l) names) sees what the host sees" \
	grep -qxF "walk1 $inc_sum" "$tmp/walk" || show "$tmp/walk"
ok "1024 descriptors: and again once the guest's cache lapsed (names reopened)" \
	grep -qxF "walk2 $inc_sum" "$tmp/walk"
ok "1024 descriptors: 3000 files made, renamed and read back; half removed" \
	grep -qx "many True 1500" "$tmp/walk" || show "$tmp/walk"
ok "1024 descriptors: the host sees the result" bash -c "
	[ \$(ls '$sh_dir/many' | wc -l) = 1500 ] && [ \"\$(cat '$sh_dir/many/g2999')\" = 2999 ] &&
	[ ! -e '$sh_dir/many/g0' ] && [ ! -e '$sh_dir/many/f1' ]"
rm -rf "${sh_dir:?}/many"

# 4. --rootfs /: the host's programs, in this directory (under /tmp, which
# the guest sees as the host's), and the host untouched.
proj=$tmp/proj && mkdir -p "$proj"
printf 'all: hello\nhello: hello.c\n\tgcc -o hello hello.c\n' > "$proj/Makefile" &&
printf '#include <stdio.h>\nint main(void) { puts("hello from gcc"); return 0; }\n' > "$proj/hello.c"
home=$tmp/home && mkdir -p "$home"
cd "$proj" || bail_out "cannot cd to $proj"
grun "$tmp/root" --rootfs / --share "$home:home" -- bash -c '
	echo "pwd $PWD"; echo "py $(python3 -c "print(6 * 7)")"
	make -s && ./hello && echo made
	echo guest > /etc/uvmm-rootfs-test && echo "etc $(cat /etc/uvmm-rootfs-test)"
	echo "home-write" > '"$home"'/from-guest && echo "exit 7"; exit 7'
cd "$OLDPWD"
ok "--rootfs /: the command's status comes back (7)" test "$rc" -eq 7 || show "$tmp/root"
ok "--rootfs /: it runs in the directory uvmm started in" grep -qx "pwd $proj" "$tmp/root"
ok "--rootfs /: the host's python3 runs" grep -qx "py 42" "$tmp/root"
ok "--rootfs /: the host's make and gcc build and run a program" \
	bash -c "grep -qx 'hello from gcc' '$tmp/root' && grep -qx made '$tmp/root'" || show "$tmp/root"
ok "--rootfs /: writes to it land in the tmpfs, not on the host" \
	bash -c "grep -qx 'etc guest' '$tmp/root' && [ ! -e /etc/uvmm-rootfs-test ] && [ ! -e '$proj/hello' ]"
ok "--rootfs / with --share of a directory inside: mounted in place, writable" \
	test "$(cat "$home/from-guest" 2>/dev/null)" = home-write

# 5. No root needed: a user's uvmm shares the user's directory, and what the
# guest creates there belongs to that user.
if [ "$(id -u)" -eq 0 ]; then
	ud=$tmp/user && mkdir -p "$ud/share" && echo mine > "$ud/share/note" &&
	cp "$uvmm_bin" "$kernel" "$initrd" "$ud/" && chown -R nobody "$ud" &&
	chmod 755 "$tmp" "$ud" || bail_out "cannot prepare $ud"
	runuser -u nobody -- "$ud/uvmm" run --kernel "$ud/$(basename "$kernel")" \
		--initrd "$ud/$(basename "$initrd")" --share "$ud/share:s" -- sh -c '
		mkdir -p /mnt && mount -t virtiofs s /mnt && echo "read $(cat /mnt/note)" &&
		echo made > /mnt/made && echo done' < /dev/null > "$tmp/user.out" 2>&1
	rc=$?
	ok "as user nobody: the guest reads and writes the user's share (status $rc)" \
		bash -c "[ $rc -eq 0 ] && grep -q '^read mine' '$tmp/user.out' && grep -q '^done' '$tmp/user.out'" ||
		show "$tmp/user.out"
	ok "as user nobody: the file the guest made belongs to nobody" \
		test "$(stat -c %U "$ud/share/made" 2>/dev/null)" = nobody
else
	skip "sections 1-4 ran as $(id -un), no root; trying user nobody needs root to become it"
fi

# 6. Bad input: one line, status 125.
bad() {	# bad DESC FRAGMENT ARGS...
	local desc=$1 frag=$2; shift 2
	"$uvmm" run --kernel "$kernel" --initrd "$initrd" "$@" -- true > /dev/null 2> "$tmp/err"
	local st=$?
	ok "$desc: status 125, one line saying \"$frag\"" \
		test "$st" -eq 125 -a "$(wc -l < "$tmp/err")" -eq 1 -a -n "$(grep -F -- "$frag" "$tmp/err")" ||
		show "$tmp/err"
}
bad "--share missing" "--share $tmp/nope: No such file or directory" --share "$tmp/nope"
bad "--share a file" "--share $sh_dir/big: Not a directory" --share "$sh_dir/big"
bad "--share unknown option" "unknown option 'rw' (ro)" --share "$sh_dir,rw"
bad "--share tag too long" "must be 1 to 36 bytes" --share "$sh_dir:$(printf 'x%.0s' $(seq 40))"
bad "--share tag twice" "tag 'hs' is taken" --share "$sh_dir:hs" --share "$home:hs"
bad "--share /proc" "a kernel interface" --share /proc
bad "--rootfs missing" "No such file or directory" --rootfs "$tmp/nope"
done_testing
