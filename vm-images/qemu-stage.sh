#!/usr/bin/env bash
# Stages a dynamically linked QEMU for a Linux test VM that has no libc:
# DIR/qemu/qemu-system-x86_64, every library it loads (its loader included)
# in DIR/qemu/lib, and in DIR/qemu/share the firmware of a q35 machine that
# boots the freestanding guest with -kernel.  In the VM it runs as
#   /qemu/lib/ld-linux-x86-64.so.2 --library-path /qemu/lib \
#     /qemu/qemu-system-x86_64 -L /qemu/share ...
#   vm-images/qemu-stage.sh DIR QEMU
# Used by vm-images/nested.sh (--accel nested-kvm) and vm-images/inner-qemu.sh
# (the VFIO VMs' inner QEMU, host-tests/vfio_qemu_assign.c).
set -euo pipefail

# What q35 with -kernel loads: SeaBIOS, or qboot when the runner picks it
# (scripts/firmware.sh), the option ROMs of a direct kernel boot (multiboot
# for the guest's flat image), and the vapic ROM KVM uses.
FIRMWARE=(bios-256k.bin qboot.rom kvmvapic.bin linuxboot_dma.bin linuxboot.bin multiboot_dma.bin multiboot.bin
	pvh.bin)

fail() {
	printf 'qemu-stage: error: %s\n' "$*" >&2
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
			printf 'qemu-stage: %s has no %s\n' "$qemu" "$name" >&2
			continue
		fi
		cp -L -- "$found" "$dir/$name"
	done
}

main() {
	(($# == 2)) || fail "usage: $0 DIR QEMU"
	local dir=$1/qemu qemu=$2 lib
	mkdir -p -- "$dir/lib" "$dir/share"
	cp -L -- "$qemu" "$dir/qemu-system-x86_64"
	while IFS= read -r lib; do
		cp -L -- "$lib" "$dir/lib/"
	done < <(libraries "$qemu")
	[[ -f $dir/lib/ld-linux-x86-64.so.2 ]] || fail "$qemu loads no ld-linux-x86-64.so.2"
	firmware "$qemu" "$dir/share"
}

main "$@"
