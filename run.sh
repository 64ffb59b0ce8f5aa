#!/usr/bin/env bash
# faultline's entry point: installs what is missing, builds the guest, boots
# it under QEMU and merges every result into one TAP stream.
set -euo pipefail

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/util.sh
source "$ROOT/scripts/util.sh"
# shellcheck source=scripts/deps.sh
source "$ROOT/scripts/deps.sh"
# shellcheck source=scripts/tap.sh
source "$ROOT/scripts/tap.sh"
# shellcheck source=scripts/report.sh
source "$ROOT/scripts/report.sh"
# shellcheck source=scripts/qemu.sh
source "$ROOT/scripts/qemu.sh"
# shellcheck source=scripts/variants.sh
source "$ROOT/scripts/variants.sh"
# shellcheck source=scripts/accel.sh
source "$ROOT/scripts/accel.sh"
# shellcheck source=scripts/build.sh
source "$ROOT/scripts/build.sh"
# shellcheck source=scripts/suite.sh
source "$ROOT/scripts/suite.sh"
# shellcheck source=scripts/hostvm.sh
source "$ROOT/scripts/hostvm.sh"

usage() {
	cat <<'EOF'
usage: ./run.sh [all|guest|host] [options]

  all            the guest suite, then the host tests (default)
  guest          the guest suite: build/guest/faultline.flat under QEMU, once
                 per device variant (scripts/variants.conf), each a TAP subtest
  host           the host tests

options:
  --qemu PATH        QEMU binary, i.e. the device implementation under test
                     (default: qemu-system-x86_64 from PATH)
  --accel MODE       auto (default: KVM if a 2 s probe boot works, else TCG),
                     kvm (error if it does not work) or tcg
  --variant NAME     run only device variant NAME (repeatable, or a comma
                     list; default: every variant, in the file's order)
  --filter PATTERN   run only the tests whose name or statement ID matches
                     PATTERN (a glob if it has * or ?, else a substring),
                     in every variant
  --list             print the variants ("variant NAME [OPTIONS]") and the
                     guest's test list ("INDEX NAME [IDs]"), and exit
  --out DIR          also write DIR/results.tap and each boot's console,
                     DIR/console-<variant>-<boot>.log
                     and, from them, DIR/junit.xml, DIR/report.md and
                     DIR/report.html (scripts/report-files.sh DIR remakes them)
  --timeout S        seconds one VM may run before it counts as hung (default 60)
  --kernel PATH      boot this bzImage in the host tests' VMs instead of the one
                     built from vm-images/kernel.config (KERNEL_SRC=DIR: build
                     from that tree instead of Debian's linux-source-6.12);
                     a PATH of <root>/boot/vmlinuz-<v> brings its modules from
                     <root>/lib/modules/<v>.  "--kernel debian": Debian's own
                     linux-image-6.12-amd64, fetched and unpacked in the cache
  --compare DIR1 DIR2
                     compare two --out directories instead of running: new
                     failures, fixed ones, changed verdicts, statements newly
                     covered; exit 1 when DIR2 has a failure DIR1 did not
  --help             this text

The merged TAP stream goes to stdout; the last line counts the results.
Exit status: 0 nothing failed, 1 something failed, 2 usage or setup error.
Missing packages are installed with apt-get when root; otherwise the exact
install command is printed.

developer options (environment):
  FAULTLINE_GUEST_IMAGE=FILE  boot FILE instead of building and booting
                              build/guest/faultline.flat, e.g.
                              build/guest/selftest.flat to test this runner
  FAULTLINE_VARIANTS=FILE     read the device variants from FILE instead
                              of scripts/variants.conf
  FAULTLINE_HOST_CONFIGS=LIST boot only these host-test VMs (space-separated:
                              host-tests host-vfio host-vfio-vtd)
  FAULTLINE_KVM_DEV=FILE      the KVM device that "auto" checks (/dev/kvm)
  XDG_CACHE_HOME              the KVM probe's outcome is cached in
                              ${XDG_CACHE_HOME:-~/.cache}/faultline/, per QEMU
                              binary and host boot
EOF
}

# usage_error MSG: exits 2 with MSG and a pointer to --help.
usage_error() {
	printf 'run.sh: %s\ntry ./run.sh --help\n' "$*" >&2
	exit 2
}

# parse_args ARGS...: sets the OPT_* globals.
parse_args() {
	OPT_MODE=all OPT_QEMU='' OPT_ACCEL=auto OPT_FILTER='' OPT_LIST=0 OPT_OUT='' OPT_TIMEOUT=60
	OPT_VARIANTS=() OPT_KERNEL=''
	local mode_given=0
	while (($# > 0)); do
		case $1 in
		all | guest | host)
			((mode_given == 0)) || usage_error "more than one mode: $1"
			mode_given=1
			OPT_MODE=$1
			;;
		--qemu | --accel | --variant | --filter | --out | --timeout | --kernel)
			(($# >= 2)) || usage_error "$1 needs a value"
			parse_option "$1" "$2"
			shift
			;;
		--qemu=* | --accel=* | --variant=* | --filter=* | --out=* | --timeout=* | --kernel=*)
			parse_option "${1%%=*}" "${1#*=}"
			;;
		--compare)
			(($# >= 3)) || usage_error "--compare needs two directories"
			exec "$ROOT/scripts/compare.sh" "$2" "$3"
			;;
		--list) OPT_LIST=1 ;;
		-h | --help)
			usage
			exit 0
			;;
		*) usage_error "unknown argument: $1" ;;
		esac
		shift
	done
}

# parse_option NAME VALUE: one option with a value, checked.
parse_option() {
	local name=$1 value=$2
	case $name in
	--qemu)
		[[ -n $value ]] || usage_error "--qemu needs a path"
		OPT_QEMU=$value
		;;
	--accel)
		[[ $value == auto || $value == kvm || $value == tcg ]] ||
			usage_error "--accel must be auto, kvm or tcg, not '$value'"
		OPT_ACCEL=$value
		;;
	--variant)
		# Names are checked against the variants file once it is read.
		[[ $value =~ ^[^[:space:],]+(,[^[:space:],]+)*$ ]] ||
			usage_error "--variant needs a name or a comma list of names, not '$value'"
		OPT_VARIANTS+=("$value")
		;;
	--filter)
		# The guest splits its arguments on spaces.
		[[ -n $value && $value != *[[:space:]]* ]] ||
			usage_error "--filter needs a pattern without spaces"
		OPT_FILTER=$value
		;;
	--out)
		[[ -n $value ]] || usage_error "--out needs a directory"
		OPT_OUT=$value
		;;
	--kernel)
		[[ -n $value ]] || usage_error "--kernel needs a path, or debian"
		OPT_KERNEL=$value
		;;
	--timeout)
		[[ $value =~ ^[0-9]+(\.[0-9]+)?$ && $value =~ [1-9] ]] ||
			usage_error "--timeout needs a positive number of seconds, not '$value'"
		OPT_TIMEOUT=$value
		;;
	esac
}

# wants_guest: whether this run boots the guest at all.
wants_guest() {
	((OPT_LIST)) || [[ $OPT_MODE != host ]]
}

# setup_variants: reads the variants file and selects --variant's.
setup_variants() {
	variants_load "$(variants_file "$ROOT")" || exit 2
	variants_select "${OPT_VARIANTS[@]}" || exit 2
}

# setup_deps: installs (or asks for) what this run needs.
setup_deps() {
	local -a cmds=(timeout sha256sum)
	if wants_guest; then
		if [[ -z ${FAULTLINE_GUEST_IMAGE:-} ]]; then
			cmds+=("${DEPS_BUILD_CMDS[@]}")
		fi
		if [[ -z $OPT_QEMU ]]; then
			cmds+=(qemu-system-x86_64)
		fi
	fi
	deps_ensure "${cmds[@]}" || exit 2
}

# setup_qemu: sets QEMU to the binary to run, checked.
setup_qemu() {
	local qemu=${OPT_QEMU:-qemu-system-x86_64}
	if [[ $qemu != */* ]]; then
		qemu=$(command -v -- "$qemu") || die 2 "--qemu: $qemu not found on PATH"
	fi
	[[ -f $qemu && -x $qemu ]] || die 2 "--qemu: $qemu is not an executable file"
	QEMU=$qemu
}

# setup_image: sets IMAGE, building it unless FAULTLINE_GUEST_IMAGE names one.
setup_image() {
	if [[ -n ${FAULTLINE_GUEST_IMAGE:-} ]]; then
		IMAGE=$FAULTLINE_GUEST_IMAGE
	else
		build_guest "$ROOT" || exit 2
		IMAGE=$ROOT/build/guest/faultline.flat
	fi
	[[ -f $IMAGE ]] || die 2 "guest image $IMAGE does not exist"
}

# setup_dirs: the scratch directory (removed on exit) and the --out directory.
setup_dirs() {
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/faultline.XXXXXX")
	PIDFILE=$WORK/qemu.pid
	trap cleanup EXIT
	# A signal ends the run through the EXIT trap, which stops the VM.
	trap 'exit 130' INT
	trap 'exit 143' TERM
	LOG_DIR=$WORK
	if [[ -n $OPT_OUT ]]; then
		mkdir -p -- "$OPT_OUT" || die 2 "--out: cannot create $OPT_OUT"
		LOG_DIR=$OPT_OUT
	fi
}

# write_reports DIR START_DATE: DIR/environment.txt (what the report files
# cannot read off the TAP stream), then the report files.  Their failure is
# reported, not fatal: results.tap is the record.
write_reports() {
	local dir=$1 version rev
	version=
	if [[ -n ${QEMU:-} ]]; then
		version=$(timeout 5 "$QEMU" --version 2>/dev/null | head -n 1) || true
	fi
	rev=$(git -C "$ROOT" describe --always --dirty 2>/dev/null) || rev=
	{
		printf 'qemu\t%s\n' "${QEMU:-}"
		printf 'qemu-version\t%s\n' "${version:-unknown}"
		printf 'accel\t%s\n' "${ACCEL:-}"
		printf 'machine\t%s\n' "$(uname -srvmo)"
		printf 'cpus\t%s\n' "$(nproc)"
		printf 'date\t%s\n' "$2"
		printf 'faultline\t%s\n' "$rev"
	} >"$dir/environment.txt"
	"$ROOT/scripts/report-files.sh" "$dir" || warn "could not write the report files in $dir"
}

cleanup() {
	qemu_stop "$PIDFILE"
	rm -rf -- "$WORK"
}

main() {
	local start date
	start=$(now_us)
	date=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
	parse_args "$@"
	if wants_guest; then
		setup_variants
	fi
	setup_deps
	setup_dirs
	if wants_guest; then
		setup_qemu
		setup_image
		accel_choose "$OPT_ACCEL" "$QEMU" "$IMAGE" "$PIDFILE" || exit 2
		SUITE_QEMU=$QEMU SUITE_ACCEL=$ACCEL SUITE_IMAGE=$IMAGE
		SUITE_TIMEOUT=$OPT_TIMEOUT SUITE_FILTER=$OPT_FILTER
		SUITE_LOG_DIR=$LOG_DIR SUITE_PIDFILE=$PIDFILE
	fi
	if ((OPT_LIST)); then
		# The list is the output: the accel note goes aside.
		warn "$ACCEL_LINE"
		variants_list
		suite_list "${VARIANTS_SELECTED[0]}" || exit 2
		exit 0
	fi
	report_open "$OPT_OUT"
	if wants_guest; then
		report_diag "$ACCEL_LINE"
		suite_variants "${VARIANTS_SELECTED[@]}"
	fi
	if [[ $OPT_MODE != guest ]]; then
		host_suite
	fi
	report_close "$(elapsed_s "$start")"
	if [[ -n $OPT_OUT ]]; then
		write_reports "$OPT_OUT" "$date"
	fi
	if ((TAP_FAILED > 0)); then
		exit 1
	fi
}

main "$@"
