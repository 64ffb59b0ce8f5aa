#!/usr/bin/env bash
# The inner QEMU of the VFIO VMs (host-tests/vfio_qemu_assign.c): an
# uncompressed archive with QEMU staged under /qemu (vm-images/qemu-stage.sh)
# and the inner guest's image as /qemu/assign.flat, for scripts/hostvm.sh to
# append to the test VM's initramfs.  Uncompressed: under TCG, unpacking
# 50 MB of gzip costs the boot seconds that copying them does not.
#   vm-images/inner-qemu.sh OUT.cpio QEMU GUEST_IMAGE
set -euo pipefail

HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)

fail() {
	printf 'inner-qemu: error: %s\n' "$*" >&2
	exit 2
}

main() {
	(($# == 3)) || fail "usage: $0 OUT.cpio QEMU GUEST_IMAGE"
	local out=$1 dir
	[[ -f $3 ]] || fail "no guest image $3"
	dir=$(mktemp -d "${TMPDIR:-/tmp}/faultline-inner.XXXXXX")
	# shellcheck disable=SC2064 # expand now: dir is local
	trap "rm -rf -- '$dir'" EXIT
	"$HERE/qemu-stage.sh" "$dir" "$2"
	cp -- "$3" "$dir/qemu/assign.flat"
	mkdir -p -- "$(dirname -- "$out")"
	# Sorted names and root ownership: the same inputs give the same archive.
	(cd -- "$dir" && find qemu -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc -R 0:0 --quiet) >"$out.tmp"
	mv -- "$out.tmp" "$out"
}

main "$@"
