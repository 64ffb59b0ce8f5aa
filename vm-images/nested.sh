#!/usr/bin/env bash
# Packs the nested-KVM VM's initramfs (./run.sh guest --accel nested-kvm):
# busybox, /init (vm-images/nested-init.sh), the isa-debug-exit helper, a
# dynamically linked QEMU with every library it loads and the firmware the
# guest's machine needs, and the kvm and kvm_amd modules of a
# kernel whose drivers are modules (Debian's).
#   vm-images/nested.sh OUT.cpio.gz QEMU MODDIR BUSYBOX DEBUG_EXIT
# The guest image and the inner QEMU's arguments are not in it: the runner
# appends them as an archive of their own (scripts/nested.sh), so one archive
# serves every variant and build.
set -euo pipefail

HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# What q35 with -kernel loads: SeaBIOS, or qboot when the runner picks it
# (scripts/firmware.sh), the option ROMs of a direct kernel boot (multiboot
# for the guest's flat image), and the vapic ROM KVM uses.
FIRMWARE=(bios-256k.bin qboot.rom kvmvapic.bin linuxboot_dma.bin linuxboot.bin multiboot_dma.bin multiboot.bin
	pvh.bin)
MODULES=(kvm_amd)

fail() {
	printf 'nested: error: %s\n' "$*" >&2
	exit 2
}

# libraries QEMU: the shared objects QEMU loads, its loader included, one path
# a line (ldd's "name => path (addr)" and "/path (addr)" lines).
libraries() {
	local out
	out=$(ldd -- "$1") || fail "ldd $1 failed (is it a dynamically linked QEMU?)"
	awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' <<<"$out"
}

# firmware QEMU DIR: copies FIRMWARE from the first of QEMU's data
# directories (-L help) that has each; a missing one is left out with a note.
firmware() {
	local qemu=$1 dir=$2 name data found
	local -a dirs
	mapfile -t dirs < <(timeout 10 "$qemu" -L help)
	for name in "${FIRMWARE[@]}"; do
		found=
		for data in "${dirs[@]}"; do
			if [[ -f $data/$name ]]; then
				found=$data/$name
				break
			fi
		done
		if [[ -z $found ]]; then
			printf 'nested: %s has no %s\n' "$qemu" "$name" >&2
			continue
		fi
		cp -L -- "$found" "$dir/$name"
	done
}

# stage DIR QEMU BUSYBOX DEBUG_EXIT: the tree to pack, modules aside.
stage() {
	local dir=$1 qemu=$2 lib
	mkdir -p -- "$dir"/{bin,proc,sys,dev,tmp,qemu/lib,qemu/share}
	cp -- "$3" "$dir/bin/busybox"
	cp -- "$4" "$dir/bin/debug-exit"
	install -m 755 -- "$HERE/nested-init.sh" "$dir/init"
	cp -L -- "$qemu" "$dir/qemu/qemu-system-x86_64"
	while IFS= read -r lib; do
		cp -L -- "$lib" "$dir/qemu/lib/"
	done < <(libraries "$qemu")
	[[ -f $dir/qemu/lib/ld-linux-x86-64.so.2 ]] || fail "$qemu loads no ld-linux-x86-64.so.2"
	firmware "$qemu" "$dir/qemu/share"
}

main() {
	(($# == 5)) || fail "usage: $0 OUT.cpio.gz QEMU MODDIR BUSYBOX DEBUG_EXIT"
	local out=$1 qemu=$2 moddir=$3 dir
	dir=$(mktemp -d "${TMPDIR:-/tmp}/faultline-nested.XXXXXX")
	# shellcheck disable=SC2064 # expand now: dir is local
	trap "rm -rf -- '$dir'" EXIT
	stage "$dir/root" "$qemu" "$4" "$5"
	mkdir -p -- "$(dirname -- "$out")"
	"$HERE/modules.sh" "$moddir" "$dir/modules.cpio.gz" "${MODULES[@]}"
	# Sorted names and root ownership: the same inputs give the same archive.
	(cd -- "$dir/root" && find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc -R 0:0 --quiet) | gzip -6n >"$dir/root.cpio.gz"
	cat -- "$dir/root.cpio.gz" "$dir/modules.cpio.gz" >"$out.tmp"
	mv -- "$out.tmp" "$out"
}

main "$@"
