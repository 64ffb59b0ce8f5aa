# shellcheck shell=bash
# --accel nested-kvm: the guest suite under KVM one level down.  The host's
# own /dev/kvm cannot run a guest here, but a Linux VM under TCG with
# -cpu max (an AMD model with SVM and nested paging) can load kvm_amd; inside
# it the same QEMU binary boots the same guest image with -accel kvm, its
# console streamed out through the outer VM's (vm-images/nested-init.sh).
# The outer VM is Debian's kernel (vm-images/debian-kernel.sh), whose KVM is
# modules, and an initramfs with QEMU and its libraries (vm-images/nested.sh).
# Needs run.sh (ROOT, QEMU, IMAGE, WORK, OPT_*), util.sh, qemu.sh, deps.sh, monitor.sh.
# shellcheck disable=SC2034 # ACCEL* are read by run.sh

# The outer VM: its memory holds the initramfs (QEMU and its libraries,
# unpacked) and the inner guest's 256 MiB.
NESTED_MEMORY=1G
# nokaslr: the address where a boot stalled (scripts/monitor.sh) is the same
# in every boot and in System.map of the kernel's -dbg package.  oops=panic:
# an outer kernel that oopsed ends the boot (its crash is named and the test
# run again, scripts/suite.sh) rather than limping on under the guest.
NESTED_KERNEL_ARGS='console=ttyS0 panic=-1 oops=panic quiet loglevel=3 no_timer_check nokaslr'
# A boot's limit (--timeout) covers the guest's whole run in it: under TCG a
# variant's suite takes about 10 s, nested under KVM 250 s on a machine with
# other VMs running (every exit of the inner guest is emulated twice), and
# one boot of 110 tests outlasted 660 s with a kernel build beside it, so the
# limit is NESTED_SCALE times --timeout, plus the outer VM's own boot (about
# 5 s alone, measured up to 20 s with other VMs running).
NESTED_SCALE=20
NESTED_BOOT_S=60
# A boot that prints no line for this long has stalled below the guest:
# stopped, and booted again once when no check had printed (scripts/suite.sh).
# See README for the longest silences measured.
NESTED_STALL_S=120

# nested_initramfs: sets NESTED_KERNEL and NESTED_INITRAMFS, built unless a
# build with the same inputs exists: the QEMU binary, the kernel's modules and
# the files that make the archive.
nested_initramfs() {
	local moddir key vb name
	NESTED_KERNEL=$("$ROOT/vm-images/debian-kernel.sh") || exit 2
	name=$(basename -- "$NESTED_KERNEL")
	moddir=$(dirname -- "$NESTED_KERNEL")/../lib/modules/${name#vmlinuz-}
	[[ -d $moddir/kernel ]] || die 2 "nested-kvm: $NESTED_KERNEL has no module tree at $moddir"
	vb=$ROOT/build/vm-images/nested
	make -s -C "$ROOT" VB="$vb" "$vb/debug-exit" >&2 || die 2 "nested-kvm: building debug-exit failed"
	key=$(cat -- "$QEMU" "$ROOT/vm-images/nested.sh" "$ROOT/vm-images/qemu-stage.sh" \
		"$ROOT/vm-images/nested-init.sh" "$ROOT/vm-images/modules.sh" "$vb/debug-exit" /bin/busybox | sha256sum)
	NESTED_INITRAMFS=$vb/${name#vmlinuz-}-${key:0:12}.cpio
	[[ -f $NESTED_INITRAMFS ]] && return 0
	deps_ensure "${DEPS_HOST_CMDS[@]}" || exit 2
	deps_ensure_pkgs "${DEPS_HOST_PKGS[@]}" || exit 2
	"$ROOT/vm-images/nested.sh" "$NESTED_INITRAMFS" "$QEMU" "$moddir" /bin/busybox "$vb/debug-exit" ||
		die 2 "nested-kvm: building the outer VM's initramfs failed"
}

# nested_choose: what accel_choose does for the other modes: ACCEL and
# ACCEL_LINE, after the outer VM's files are ready.
nested_choose() {
	[[ $(readelf -h -- "$QEMU" 2>/dev/null) == *ELF* ]] ||
		die 2 "--accel nested-kvm needs a QEMU binary (ELF), not a wrapper: $QEMU"
	nested_initramfs
	ACCEL=nested-kvm
	ACCEL_LINE="accel: kvm, nested in a TCG VM (-cpu max, $(basename -- "$NESTED_KERNEL"))"
}

# nested_timeout SECONDS: a boot's limit for the guest's SECONDS.
nested_timeout() {
	awk -v t="$1" -v s="$NESTED_SCALE" -v b="$NESTED_BOOT_S" 'BEGIN { print t * s + b }'
}

# nested_initrd DIR OUT: OUT is the outer VM's initramfs followed by an archive
# of DIR's nested/ with the guest image added: the kernel unpacks both.  Read
# through fw_cfg instead, the 1 MB image took 15 to 35 s of the outer boot
# under load (one port access a byte, each emulated by TCG); here it is part
# of the initramfs' unpacking.
# The kernel takes an uncompressed archive only at an offset that is a
# multiple of 4 (init/initramfs.c, which skips zeros before it): the
# compressed part ends anywhere, so zeros pad it.  Without them a build whose
# size was not a multiple of 4 left the inner QEMU without its files.
nested_initrd() {
	cp -- "$IMAGE" "$1/nested/guest.flat"
	{
		cat -- "$NESTED_INITRAMFS"
		head -c "$(((4 - $(stat -c %s -- "$NESTED_INITRAMFS") % 4) % 4))" /dev/zero
		(cd -- "$1" && printf '%s\n' nested nested/qemu-args nested/guest.flat |
			cpio -o -H newc -R 0:0 --quiet)
	} >"$2" || die 2 "nested-kvm: cannot write the outer VM's initramfs $2"
}

# The inner guest spins in its waits (relax=spin): halted on its APIC timer,
# it now and then never woke (6 stalls in 5 runs of the fault tests at load
# 10; none in 5 spinning, README).
# The outer VM has two vCPUs: with one, the spinning inner vCPU shared it with
# the inner QEMU's main loop (edu's DMA timer, the virtqueue notifications),
# and an edu transfer now and then outlasted the guest's 2 s limit (4 runs
# of 10 at load 1 to 3 changed a verdict; none of 10 with two, README).
# nested_cmdline NAME IOMMU_OPTIONS: sets QEMU_CMD to the outer VM's command
# line for variant NAME, its append string ending in fl_guest (the runner
# adds the guest's words after it); the inner QEMU's arguments and the guest
# image reach it in an archive appended to the initramfs (nested_initrd).
# NESTED_MONITOR: the path of its monitor's FIFOs (scripts/monitor.sh).
nested_cmdline() {
	local name=$1 args=$WORK/nested-$1/nested/qemu-args
	mkdir -p -- "${args%/*}"
	NESTED_MONITOR=$WORK/nested-monitor-$1
	monitor_args "$NESTED_MONITOR" || die 2 "nested-kvm: cannot make the monitor's FIFOs $NESTED_MONITOR.in and .out"
	qemu_cmdline "$QEMU" kvm /nested/guest.flat '' "$2" ''
	# The inner command line without the binary, -kernel and -append, which
	# the outer /init supplies.
	printf '%s\n' "${QEMU_CMD[@]:1:${#QEMU_CMD[@]}-5}" >"$args"
	NESTED_INNER="${QEMU_CMD[*]:1:${#QEMU_CMD[@]}-5}"
	nested_initrd "$WORK/nested-$name" "$WORK/nested-initrd-$name"
	# The commas belong to QEMU option values.
	# shellcheck disable=SC2054
	QEMU_CMD=("$QEMU" -machine q35 -accel tcg -cpu max -smp 2 -m "$NESTED_MEMORY" -nodefaults -no-reboot
		-display none -serial stdio "${MONITOR_ARGS[@]}" -device isa-debug-exit,iobase=0xf4,iosize=0x4
		-kernel "$NESTED_KERNEL" -initrd "$WORK/nested-initrd-$name" -append "$NESTED_KERNEL_ARGS fl_guest relax=spin")
}
