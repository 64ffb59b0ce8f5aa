# shellcheck shell=bash
# The guest's architecture (--arch): what differs between x86_64 on q35 and
# aarch64 on virt, in one table; everything else in the runner is the same.
# GUEST_ARCH is the architecture of this run (x86_64 when unset, so that
# scripts that never heard of --arch keep booting q35).  --arch all runs
# run.sh once per architecture, like --qemu-release does per release.
# Needs util.sh.
# Functions return their results in globals that their callers read.
# shellcheck disable=SC2034

ARCH_NAMES=(x86_64 aarch64)

# arch_known NAME: whether NAME is an architecture the guest has.
arch_known() {
	[[ " ${ARCH_NAMES[*]} " == *" $1 "* ]]
}

# arch_info KEY: one fact about GUEST_ARCH, by KEY:
#   qemu      the QEMU binary on PATH       image   the guest image, under ROOT
#   target    make's target for it          variants  the variants file, under ROOT
#   cc        the compiler the build needs (its package: deps_package)
arch_info() {
	case ${GUEST_ARCH:-x86_64}:$1 in
	x86_64:qemu) printf 'qemu-system-x86_64\n' ;;
	x86_64:image) printf 'build/guest/faultline.flat\n' ;;
	x86_64:target) printf 'guest\n' ;;
	x86_64:variants) printf 'scripts/variants.conf\n' ;;
	x86_64:cc) printf 'cc\n' ;;
	aarch64:qemu) printf 'qemu-system-aarch64\n' ;;
	aarch64:image) printf 'build/guest-aarch64/faultline.img\n' ;;
	aarch64:target) printf 'guest-aarch64\n' ;;
	aarch64:variants) printf 'scripts/variants-aarch64.conf\n' ;;
	aarch64:cc) printf 'aarch64-linux-gnu-gcc\n' ;;
	*) return 1 ;;
	esac
}

# arch_build_cmds: the commands building this architecture's guest needs.
arch_build_cmds() {
	case ${GUEST_ARCH:-x86_64} in
	aarch64) printf '%s\n' make aarch64-linux-gnu-gcc aarch64-linux-gnu-ld aarch64-linux-gnu-objcopy ;;
	*) printf '%s\n' cc make ld objcopy ;;
	esac
}

# arch_machine: QEMU's machine options, one per line.  q35 exits through
# isa-debug-exit; virt through semihosting (SYS_EXIT, arch/aarch64/reset.c),
# with the statuses isa-debug-exit gives, so qemu_why reads both alike.
# cortex-a57: virt's default CPU is a 32-bit one.
arch_machine() {
	case ${GUEST_ARCH:-x86_64} in
	aarch64) printf '%s\n' -machine virt -cpu cortex-a57 ;;
	*) printf '%s\n' -machine q35 ;;
	esac
}

# arch_exit_device: the device the guest's exit code leaves QEMU through.
arch_exit_device() {
	case ${GUEST_ARCH:-x86_64} in
	aarch64) printf '%s\n' -semihosting ;;
	*) printf '%s\n' -device isa-debug-exit,iobase=0xf4,iosize=0x4 ;;
	esac
}

# arch_edu: edu's -device value.  edu clamps every DMA address to its
# dma_mask, 28 bits unless set (hw/misc/edu.c; QEMU prints "EDU: clamping
# DMA ..."): that misses virt's RAM (from 1 GiB) and the IOVAs tests name
# on both machines (the MSI region, input_range's end).  All 64 bits.
arch_edu() {
	printf 'edu,dma_mask=0xffffffffffffffff\n'
}

# arch_foreign: whether the guest's architecture is not the host's, so
# that KVM cannot run it (the accel choice is then TCG without a probe).
arch_foreign() {
	local host
	host=$(uname -m)
	[[ ${GUEST_ARCH:-x86_64} != "$host" ]]
}

# arch_dispatch ARGS...: --arch all: run.sh once per architecture (ARGS
# are run.sh's own, without --arch and --out), with --out DIR/arch-A when
# --out DIR is given; DIR gets the matrix of every arch/variant
# (release_merge).  Exits with the worst status.
arch_dispatch() {
	local name status=0 one
	local -a args=() ran=()
	while (($# > 0)); do
		case $1 in
		--arch | --out) shift ;;
		--arch=* | --out=*) ;;
		*) args+=("$1") ;;
		esac
		shift
	done
	for name in "${ARCH_NAMES[@]}"; do
		printf '# arch %s\n' "$name"
		one=0
		"$ROOT/run.sh" "${args[@]}" --arch "$name" ${OPT_OUT:+--out "$OPT_OUT/arch-$name"} || one=$?
		((one > status)) && status=$one
		((one >= 2)) || ran+=("$name") # 2: its setup failed (release_merge)
	done
	if [[ -n $OPT_OUT ]]; then
		release_merge "$OPT_OUT" arch- ${ran[@]+"${ran[@]}"} ||
			warn "no arch matrix in $OPT_OUT (no architecture ran, or its report failed)"
	fi
	exit "$status"
}
