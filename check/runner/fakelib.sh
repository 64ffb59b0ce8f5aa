# shellcheck shell=bash
# Shared by the fake QEMUs: parses QEMU's arguments the way run.sh passes
# them and speaks the guest protocol (docs/guest-protocol.md), with CRLF line
# ends like the real guest.  A fake lists its tests in FAKE_TESTS, then:
#   fake_start "$@"
#   if fake_test 1 name; then fake_ok "..."; fi
#   ...
#   fake_end
# Environment:
#   FAKE_ARGS_LOG  file that gets one line per boot: the -accel and -append values,
#                  and iommu=OPTIONS when virtio-iommu-pci has options (a variant's)
#   FAKE_PROBE     how "probe" behaves: ok (default), hang, fail
#   FAKE_DATA_DIRS the data directories "-L help" lists (space separated; none by default)
set -euo pipefail
# A fake that kills itself with SIGSEGV must not leave a core file behind.
ulimit -c 0

FAKE_FROM=1 FAKE_FILTER='' FAKE_MODE=run FAKE_ACCEL='' FAKE_APPEND='' FAKE_CHECKS=0 FAKE_FAILED=0
# The options of -device virtio-iommu-pci,OPTIONS ('' for none).
FAKE_IOMMU='' FAKE_IOMMU_SEEN=0

fake_say() {
	printf '%s\r\n' "$@"
}

# fake_parse ARGS...: the values of -accel and -append, the latter's words,
# and virtio-iommu-pci's options.
fake_parse() {
	local arg word
	local -a words
	# The exit device: isa-debug-exit on q35, semihosting on virt (the same statuses).
	if [[ " $* " != *" -serial stdio "* ||
		(" $* " != *" -device isa-debug-exit,iobase=0xf4,iosize=0x4 "* && " $* " != *" -machine virt"*" -semihosting "*) ]]; then
		printf 'fake-qemu: missing -serial stdio or the exit device in: %s\n' "$*" >&2
		exit 1
	fi
	while (($# > 0)); do
		arg=$1
		shift
		case $arg in
		-accel) FAKE_ACCEL=$1 ;;
		-append) FAKE_APPEND=$1 ;;
		-device) fake_device "$1" ;;
		*) continue ;;
		esac
		shift
	done
	read -r -a words <<<"$FAKE_APPEND"
	for word in "${words[@]}"; do
		case $word in
		from=*) FAKE_FROM=${word#from=} ;;
		filter=*) FAKE_FILTER=${word#filter=} ;;
		list | probe) FAKE_MODE=$word ;;
		esac
	done
}

# fake_device VALUE: one -device value; exits 1 if it names virtio-iommu-pci twice.
fake_device() {
	case $1 in
	virtio-iommu-pci | virtio-iommu-pci,*)
		if ((FAKE_IOMMU_SEEN)); then
			printf 'fake-qemu: two virtio-iommu-pci devices\n' >&2
			exit 1
		fi
		FAKE_IOMMU_SEEN=1
		FAKE_IOMMU=${1#virtio-iommu-pci}
		FAKE_IOMMU=${FAKE_IOMMU#,}
		;;
	esac
}

# fake_log: one line for FAKE_ARGS_LOG.
fake_log() {
	if [[ -n ${FAKE_ARGS_LOG:-} ]]; then
		printf 'accel=%s append=%s%s\n' "$FAKE_ACCEL" "$FAKE_APPEND" "${FAKE_IOMMU:+ iommu=$FAKE_IOMMU}" \
			>>"$FAKE_ARGS_LOG"
	fi
}

# fake_probe: the "probe" boot.
fake_probe() {
	case ${FAKE_PROBE:-ok} in
	ok)
		fake_say 'faultline-probe ok'
		exit 1
		;;
	hang) exec sleep 30 ;;
	*)
		printf 'fake-qemu: failed to initialize kvm: Permission denied\n' >&2
		exit 1
		;;
	esac
}

# fake_list: the "list" boot, from FAKE_TESTS ("<index> <name> [IDs]").
fake_list() {
	local t
	fake_say 'TAP version 13'
	for t in "${FAKE_TESTS[@]}"; do
		fake_say "# list $t"
	done
	exit 1
}

# fake_help ARGS...: answers "-L help" with FAKE_DATA_DIRS, and
# "-machine none -device NAME,help" as QEMU does
# for the devices and virtio-iommu-pci properties of FAKE_DEVICES (default:
# virtio-iommu-pci and edu) and FAKE_PROPS (default: boot-bypass).
fake_help() {
	local dev prop
	# "-L help": QEMU's data directories, one a line (scripts/firmware.sh).
	if [[ $# == 2 && $1 == -L && $2 == help ]]; then
		# shellcheck disable=SC2086 # a list, split on spaces
		printf '%s\n' ${FAKE_DATA_DIRS:-}
		exit 0
	fi
	[[ $# == 4 && $1 == -machine && $3 == -device && $4 == *,help ]] || return 0
	dev=${4%,help}
	if [[ " ${FAKE_DEVICES:-virtio-iommu-pci edu} " != *" $dev "* ]]; then
		printf "qemu-system-x86_64: -device %s: Device '%s' not found\n" "$4" "$dev" >&2
		exit 1
	fi
	printf '%s options:\n' "$dev"
	if [[ $dev == virtio-iommu-pci ]]; then
		for prop in ${FAKE_PROPS:-boot-bypass}; do
			printf '  %s=<bool>  - on/off\n' "$prop"
		done
	fi
	exit 0
}

fake_start() {
	fake_help "$@"
	fake_parse "$@"
	fake_log
	case $FAKE_MODE in
	probe) fake_probe ;;
	list) fake_list ;;
	esac
	fake_say 'TAP version 13' "# faultline fake-qemu 0"
}

# fake_test INDEX NAME: announces the test and succeeds if it is to run.
fake_test() {
	if (($1 < FAKE_FROM)); then
		return 1
	fi
	if [[ -n $FAKE_FILTER && $2 != *"$FAKE_FILTER"* ]]; then
		return 1
	fi
	fake_say "# test $1 $2"
}

fake_ok() {
	FAKE_CHECKS=$((FAKE_CHECKS + 1))
	fake_say "ok $FAKE_CHECKS - $1"
}

fake_not_ok() {
	FAKE_CHECKS=$((FAKE_CHECKS + 1))
	FAKE_FAILED=$((FAKE_FAILED + 1))
	fake_say "not ok $FAKE_CHECKS - $1"
}

# fake_end: "# done", the plan, and isa-debug-exit's status.
fake_end() {
	fake_say '# done' "1..$FAKE_CHECKS"
	if ((FAKE_FAILED > 0)); then
		exit 3
	fi
	exit 1
}
