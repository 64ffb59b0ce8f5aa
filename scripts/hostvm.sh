# shellcheck shell=bash
# The host tests: the iommufd fault-queue tests (host-tests/) in a Linux test
# VM (vm-images/).  The VM's /init speaks the guest protocol, so the guest
# suite's runner boots it, streams it, charges crashes and resumes with
# from=N; only the QEMU command line differs.  Nothing runs on the host's
# own devices.  Needs run.sh (ROOT, OPT_*, setup_qemu, PIDFILE, LOG_DIR),
# deps.sh, util.sh, report.sh, qemu.sh, accel.sh, suite.sh.
# shellcheck disable=SC2034 # SUITE_* and HOST_* are read by suite.sh and below

HOST_MEMORY=512M
# Kernel arguments before the protocol's: panic=-1 turns a panic into a
# reset (QEMU exits, the runner resumes) instead of a hang until the timeout.
HOST_KERNEL_ARGS='console=ttyS0 panic=-1 quiet'
# The VM configurations, one subtest each: the devices and kernel arguments
# each adds.  host-vfio and host-vfio-vtd put QEMU's edu behind virtio-iommu
# (q35: QEMU makes the ACPI VIOT) and behind VT-d (the DMAR table) for the
# VFIO tests, which /init runs on suite=vfio.  edu sits alone behind a PCIe
# root port so that vfio-pci can reset it (a secondary bus reset: edu has no
# FLR).  virtio-iommu has no interrupt remapping, so VFIO type1 and iommufd
# refuse the device there unless unsafe interrupts are allowed: acceptable in
# a throw-away VM whose one assigned device is emulated.  VT-d remaps them
# (intremap=on), so that VM allows nothing unsafe.  loglevel=3 keeps the
# drivers' fault messages (errors) off the console, between the TAP lines;
# the tests read them from /dev/kmsg.
# FAULTLINE_HOST_CONFIGS (space-separated) boots only those (vm-images/kernel-mutants.sh).
read -r -a HOST_CONFIGS <<<"${FAULTLINE_HOST_CONFIGS:-host-tests host-vfio host-vfio-vtd}"
HOST_EDU='-device pcie-root-port,id=rp0,chassis=1 -device edu,bus=rp0'
declare -A HOST_DEVICES=([host-tests]=''
	[host-vfio]="-device virtio-iommu-pci $HOST_EDU"
	[host-vfio-vtd]="-device intel-iommu,intremap=on $HOST_EDU")
declare -A HOST_ARGS=([host-tests]=''
	[host-vfio]='loglevel=3 vfio_iommu_type1.allow_unsafe_interrupts=1 iommufd.allow_unsafe_interrupts=1 suite=vfio'
	[host-vfio-vtd]='loglevel=3 intel_iommu=on suite=vfio')
# The configuration host_qemu_cmdline boots (set by host_suite).
HOST_CONFIG=host-tests

# host_qemu_cmdline QEMU ACCEL KERNEL APPEND: sets QEMU_CMD to the test VM's
# command line (qemu_cmdline's contract, for the runner's functions).
host_qemu_cmdline() {
	local qemu=$1 accel=$2 kernel=$3 append=$4 args=${HOST_ARGS[$HOST_CONFIG]}
	local -a devices
	read -r -a devices <<<"${HOST_DEVICES[$HOST_CONFIG]}"
	# The commas belong to QEMU option values.
	# shellcheck disable=SC2054
	QEMU_CMD=("$qemu" -machine q35 -accel "$accel" -m "$HOST_MEMORY" -nodefaults
		-no-reboot -display none -serial stdio -monitor none
		-device isa-debug-exit,iobase=0xf4,iosize=0x4 "${devices[@]}"
		-kernel "$kernel" -initrd "$HOST_INITRAMFS"
		-append "$HOST_KERNEL_ARGS ${args:+$args }$append")
}

# host_with_vm CMD...: runs CMD while the runner's qemu_cmdline builds the
# test VM's command line, then puts the guest's back.
host_with_vm() {
	local saved status=0
	saved=$(declare -f qemu_cmdline)
	# shellcheck disable=SC2317 # called by the runner's functions
	qemu_cmdline() { host_qemu_cmdline "$@"; }
	"$@" || status=$?
	eval "$saved"
	return "$status"
}

# The modules /init loads when the kernel has its drivers as modules (Debian's
# does); built-in or absent ones are left out (vm-images/modules.sh).
HOST_MODULES=(virtio_iommu vfio_pci vfio_iommu_type1 iommufd)

# host_kernel: sets HOST_KERNEL to --kernel's bzImage (or Debian's, for
# "--kernel debian"), or the cached or freshly built one (vm-images/kernel.sh),
# and HOST_KSRC to the kernel tree the tests are built against.
host_kernel() {
	HOST_KSRC=$("$ROOT/vm-images/kernel.sh" source) || exit 2
	case ${OPT_KERNEL:-} in
	'') HOST_KERNEL=$("$ROOT/vm-images/kernel.sh" build) || exit 2 ;;
	debian) HOST_KERNEL=$("$ROOT/vm-images/debian-kernel.sh") || exit 2 ;;
	*)
		[[ -f $OPT_KERNEL ]] || die 2 "--kernel: $OPT_KERNEL is not a file"
		HOST_KERNEL=$OPT_KERNEL
		;;
	esac
}

# host_moddir: the module tree of HOST_KERNEL when it is <root>/boot/vmlinuz-<v>
# beside <root>/lib/modules/<v> (a package's layout, or the host's /boot).
host_moddir() {
	local name dir
	name=$(basename -- "$HOST_KERNEL")
	[[ $name == vmlinuz-* ]] || return 1
	dir=$(dirname -- "$HOST_KERNEL")/../lib/modules/${name#vmlinuz-}
	[[ -d $dir/kernel ]] && printf '%s\n' "$dir"
}

# host_modules: for a kernel with a module tree, the initramfs gets a second
# archive (the kernel unpacks both) with the modules HOST_MODULES needs.
host_modules() {
	local moddir overlay
	moddir=$(host_moddir) || return 0
	overlay=$ROOT/build/vm-images/modules-$(basename -- "$moddir").cpio.gz
	"$ROOT/vm-images/modules.sh" "$moddir" "$overlay" "${HOST_MODULES[@]}" || exit 2
	cat -- "$HOST_INITRAMFS" "$overlay" >"${overlay%.cpio.gz}-initramfs.cpio.gz"
	HOST_INITRAMFS=${overlay%.cpio.gz}-initramfs.cpio.gz
}

# host_build: the static test programs and the initramfs (make's output to
# stderr: stdout is the TAP stream).
host_build() {
	if ! make -s -C "$ROOT" initramfs KSRC="$HOST_KSRC" >&2; then
		warn "build failed: make initramfs (see the errors above)"
		exit 2
	fi
	HOST_INITRAMFS=$ROOT/build/vm-images/initramfs.cpio.gz
}

# host_setup: everything up to a bootable VM; exits 2 on a setup error.
host_setup() {
	deps_ensure "${DEPS_HOST_CMDS[@]}" timeout || exit 2
	deps_ensure_pkgs "${DEPS_HOST_PKGS[@]}" || exit 2
	host_kernel
	host_build
	host_modules
	if [[ -z ${QEMU:-} ]]; then
		deps_ensure qemu-system-x86_64 || exit 2
		setup_qemu
	fi
	if [[ -z ${ACCEL:-} ]]; then
		# The probe boots the test VM with "probe", which its /init answers.
		host_with_vm accel_choose "$OPT_ACCEL" "$QEMU" "$HOST_KERNEL" "$PIDFILE" || exit 2
	fi
}

# host_suite: runs the host tests into the merged report.  FAULTLINE_HOST_TESTS=off
# records them as one skipped check instead: the runner's own tests (fake
# QEMUs, check/runner/) must not build a kernel or boot one.
host_suite() {
	if [[ ${FAULTLINE_HOST_TESTS:-on} == off ]]; then
		report_ok "host-tests # SKIP FAULTLINE_HOST_TESTS=off"
		return 0
	fi
	host_setup
	if [[ $OPT_MODE == host ]]; then
		report_diag "$ACCEL_LINE"
	fi
	SUITE_QEMU=$QEMU SUITE_ACCEL=$ACCEL SUITE_IMAGE=$HOST_KERNEL
	SUITE_TIMEOUT=$OPT_TIMEOUT SUITE_FILTER=$OPT_FILTER
	SUITE_LOG_DIR=$LOG_DIR SUITE_PIDFILE=$PIDFILE
	for HOST_CONFIG in "${HOST_CONFIGS[@]}"; do
		host_config_suite
	done
}

# host_config_suite: the configuration HOST_CONFIG as one subtest.  Console
# logs are console-host-<boot>.log, console-host-vfio-<boot>.log and so on;
# the devices are HOST_DEVICES', not virtio-iommu variants.
host_config_suite() {
	SUITE_VARIANT=${HOST_CONFIG%-tests} SUITE_IOMMU_OPTS=''
	report_subtest_begin "$HOST_CONFIG"
	report_diag "kernel: $HOST_KERNEL"
	host_with_vm suite_guest
	report_subtest_end "$HOST_CONFIG"
}
