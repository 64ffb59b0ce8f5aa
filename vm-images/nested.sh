#!/usr/bin/env bash
# Packs the nested-KVM VM's initramfs (./run.sh guest --accel nested-kvm):
# busybox, /init (vm-images/nested-init.sh), the isa-debug-exit helper, a
# dynamically linked QEMU with every library it loads and the firmware the
# guest's machine needs, and the kvm and kvm_amd modules of a
# kernel whose drivers are modules (Debian's).
#   vm-images/nested.sh OUT.cpio QEMU MODDIR BUSYBOX DEBUG_EXIT
# The guest image and the inner QEMU's arguments are not in it: the runner
# appends them as an archive of their own (scripts/nested.sh), so one archive
# serves every variant and build.
set -euo pipefail

HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
MODULES=(kvm_amd)

fail() {
	printf 'nested: error: %s\n' "$*" >&2
	exit 2
}

# stage DIR QEMU BUSYBOX DEBUG_EXIT: the tree to pack, modules aside; QEMU
# as vm-images/qemu-stage.sh stages it.
stage() {
	local dir=$1
	mkdir -p -- "$dir"/{bin,proc,sys,dev,tmp}
	cp -- "$3" "$dir/bin/busybox"
	cp -- "$4" "$dir/bin/debug-exit"
	install -m 755 -- "$HERE/nested-init.sh" "$dir/init"
	"$HERE/qemu-stage.sh" "$dir" "$2"
}

main() {
	(($# == 5)) || fail "usage: $0 OUT.cpio QEMU MODDIR BUSYBOX DEBUG_EXIT"
	local out=$1 qemu=$2 moddir=$3 dir
	dir=$(mktemp -d "${TMPDIR:-/tmp}/faultline-nested.XXXXXX")
	# shellcheck disable=SC2064 # expand now: dir is local
	trap "rm -rf -- '$dir'" EXIT
	stage "$dir/root" "$qemu" "$4" "$5"
	mkdir -p -- "$(dirname -- "$out")"
	"$HERE/modules.sh" "$moddir" "$dir/modules.cpio.gz" "${MODULES[@]}"
	# Sorted names and root ownership: the same inputs give the same archive.
	# The root not compressed: inflating it cost each boot more under TCG
	# than copying it (vm-images/initramfs.sh); the modules' part is small.
	(cd -- "$dir/root" && find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc -R 0:0 --quiet) >"$dir/root.cpio"
	cat -- "$dir/root.cpio" "$dir/modules.cpio.gz" >"$out.tmp"
	mv -- "$out.tmp" "$out"
}

main "$@"
