#!/usr/bin/env bash
# Packs the test VM's initramfs: busybox (static), /init (vm-images/init.sh),
# the isa-debug-exit and CMOS helpers, the statement table and the test
# programs.
#   vm-images/initramfs.sh OUT.cpio BUSYBOX DEBUG_EXIT CMOS_KEEP TABLE PROGRAM...
# Called by "make initramfs" (host-tests/host.mk), which tracks what changed.
set -euo pipefail

HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)

fail() {
	printf 'initramfs: error: %s\n' "$*" >&2
	exit 2
}

# need_static FILE: the initramfs has no libc, so every binary must be static.
need_static() {
	[[ -f $1 && -x $1 ]] || fail "$1 is not an executable file"
	# No "| grep -q": its early exit would SIGPIPE readelf, and pipefail hide an INTERP.
	if [[ $(readelf -l -- "$1" 2>/dev/null) == *INTERP* ]]; then
		fail "$1 is dynamically linked (busybox: install busybox-static)"
	fi
}

# stage DIR BUSYBOX DEBUG_EXIT CMOS_KEEP TABLE PROGRAM...: the tree to pack.
stage() {
	local dir=$1 busybox=$2 debug_exit=$3 cmos_keep=$4 table=$5 prog
	shift 5
	mkdir -p -- "$dir"/{bin,tests,etc/faultline,proc,sys,dev,tmp}
	need_static "$busybox"
	need_static "$debug_exit"
	need_static "$cmos_keep"
	cp -- "$busybox" "$dir/bin/busybox"
	cp -- "$debug_exit" "$dir/bin/debug-exit"
	cp -- "$cmos_keep" "$dir/bin/cmos-keep"
	install -m 755 -- "$HERE/init.sh" "$dir/init"
	cp -- "$table" "$dir/etc/faultline/statements"
	# The driver statements' levels: /init warns, not fails, on a SHOULD.
	grep -E '^DRV-' "$HERE/../spec-checks/catalog.txt" | cut -f 1,2 >"$dir/etc/faultline/levels"
	for prog in "$@"; do
		need_static "$prog"
		cp -- "$prog" "$dir/tests/"
	done
}

main() {
	(($# >= 6)) || fail "usage: $0 OUT.cpio BUSYBOX DEBUG_EXIT CMOS_KEEP TABLE PROGRAM..."
	local out=$1 dir
	shift
	dir=$(mktemp -d "${TMPDIR:-/tmp}/faultline-initramfs.XXXXXX")
	# shellcheck disable=SC2064 # expand now: dir is local
	trap "rm -rf -- '$dir'" EXIT
	stage "$dir" "$@"
	mkdir -p -- "$(dirname -- "$out")"
	# Sorted names and root ownership: the same inputs give the same archive.
	# Not compressed: the kernel inflated its 10 MB of gzip in about 0.4 s of
	# each boot under TCG, where copying the 25 MB costs next to nothing.
	(cd -- "$dir" && find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc -R 0:0 --quiet) >"$out.tmp"
	mv -- "$out.tmp" "$out"
}

main "$@"
