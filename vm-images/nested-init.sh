#!/bin/busybox sh
# shellcheck shell=dash
# /init of the nested-KVM VM (./run.sh guest --accel nested-kvm): a Linux VM,
# itself under TCG with an SVM CPU, that loads kvm and kvm_amd and runs the
# guest suite's QEMU with -accel kvm inside, its serial console on this VM's.
# The runner (scripts/nested.sh) appends to the initramfs an archive with the
# inner QEMU's arguments (/nested/qemu-args, one per line, without -append)
# and the guest image (/nested/guest.flat).  Every word of this kernel's command line
# after "fl_guest" is the inner guest's -append string, so from=, filter=,
# list, probe and reboot=on reach it unchanged.  This VM then ends with the
# inner QEMU's exit status, so that the runner reads it as it reads a guest
# booted directly (docs/guest-protocol.md).

ARGS=/nested/qemu-args
GUEST=/nested/guest.flat

# say WORDS: a line naming this VM's stage and its clock, so that a boot that
# stops short (a stall, README) shows in its console tail how far it came.
say() {
	local up
	read -r up _ </proc/uptime
	echo "nested: $* ($up s)"
}

boot_setup() {
	/bin/busybox mkdir -p /proc /sys /dev /tmp
	/bin/busybox mount -t devtmpfs dev /dev
	exec </dev/console >/dev/console 2>&1
	/bin/busybox --install -s /bin
	mount -t proc proc /proc
	mount -t sysfs sys /sys
	# The inner guest ends its lines with \r\n already: no second \r.
	stty -opost
	say "outer VM up"
}

# load_modules: kvm, kvm_amd and their dependencies, in the
# order vm-images/modules.sh listed them.
load_modules() {
	local ko
	while read -r ko; do
		insmod "/lib/modules/$ko" || echo "nested: insmod $ko failed"
	done </lib/modules/load
}

# finish STATUS: ends this VM so that QEMU exits with STATUS: an odd one
# through isa-debug-exit, 0 (a reset) through a reboot, which -no-reboot
# turns into QEMU's exit; any other (the inner QEMU killed, or failing in a
# way no guest can) as 255, after a line that says which it was.
finish() {
	local status=$1
	if [ "$status" -eq 0 ]; then
		reboot -f
	elif [ $((status % 2)) -eq 1 ] && [ "$status" -lt 256 ]; then
		/bin/debug-exit $(((status - 1) / 2))
	else
		echo "nested: inner QEMU exited with status $status"
		/bin/debug-exit 127
	fi
	poweroff -f
	sleep 10
}

# inner_append: the words after fl_guest on this kernel's command line.
inner_append() {
	local arg cmdline out='' seen=0
	read -r cmdline </proc/cmdline
	for arg in $cmdline; do
		if [ $seen -eq 1 ]; then
			out="$out${out:+ }$arg"
		elif [ "$arg" = fl_guest ]; then
			seen=1
		fi
	done
	printf '%s\n' "$out"
}

# run_inner: the inner QEMU, its arguments from ARGS; -no-reboot is left
# out when the guest is booted to survive a reset (reboot=on), as the runner
# does for a direct boot (scripts/suite.sh).
run_inner() {
	local append arg status=0
	append=$(inner_append)
	set --
	while IFS= read -r arg; do
		case " $append " in *" reboot=on "*) [ "$arg" = -no-reboot ] && continue ;; esac
		set -- "$@" "$arg"
	done <"$ARGS"
	say "inner QEMU starts"
	/qemu/lib/ld-linux-x86-64.so.2 --library-path /qemu/lib /qemu/qemu-system-x86_64 \
		-L /qemu/share "$@" -kernel "$GUEST" -append "$append" </dev/null || status=$?
	return "$status"
}

main() {
	local status=0
	boot_setup
	load_modules
	say "kvm loaded"
	if [ ! -c /dev/kvm ] || [ ! -f "$ARGS" ] || [ ! -f "$GUEST" ]; then
		echo "nested: no /dev/kvm, or no $ARGS or $GUEST (dmesg follows)"
		dmesg | tail -n 15
		/bin/debug-exit 127
		poweroff -f
	fi
	run_inner || status=$?
	finish "$status"
}

main
