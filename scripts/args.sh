# shellcheck shell=bash
# run.sh's command line: parse_args sets the OPT_* globals run.sh reads
# (scripts/usage.sh has the text of --help); --compare, --verify and
# --bench exec their scripts under ROOT.  Needs usage.sh.
# shellcheck disable=SC2034 # OPT_* are read by run.sh

# usage_error MSG: exits 2 with MSG and a pointer to --help.
usage_error() {
	printf 'run.sh: %s\ntry ./run.sh --help\n' "$*" >&2
	exit 2
}

# parse_args ARGS...: sets the OPT_* globals.
parse_args() {
	OPT_MODE=all OPT_QEMU='' OPT_ACCEL=auto OPT_FILTER='' OPT_LIST=0 OPT_OUT='' OPT_TIMEOUT=60
	OPT_VARIANTS=() OPT_KERNEL='' OPT_JOBS=${FAULTLINE_JOBS:-} OPT_ICOUNT=4 OPT_KERNEL_SRC='' OPT_FUZZ=() OPT_RELEASE=''
	OPT_ARCH=x86_64 OPT_FIRMWARE=auto
	local mode_given=0
	while (($# > 0)); do
		case $1 in
		all | guest | host | fuzz)
			((mode_given == 0)) || usage_error "more than one mode: $1"
			mode_given=1
			OPT_MODE=$1
			;;
		--seed | --steps | --time | --dma)
			[[ ${2:-} =~ ^[0-9]+$ ]] || usage_error "$1 needs a number"
			OPT_FUZZ+=("$1=$2")
			shift
			;;
		--qemu | --accel | --variant | --filter | --out | --timeout | --kernel | --kernel-src | -j | --jobs | \
			--icount | --qemu-release | --arch | --firmware)
			(($# >= 2)) || usage_error "$1 needs a value"
			parse_option "$1" "$2"
			shift
			;;
		--qemu=* | --accel=* | --variant=* | --filter=* | --out=* | --timeout=* | --kernel=* | --kernel-src=* | \
			--jobs=* | --icount=* | --qemu-release=* | --arch=* | --firmware=*)
			parse_option "${1%%=*}" "${1#*=}"
			;;
		--compare)
			(($# >= 3)) || usage_error "--compare needs two directories"
			exec "$ROOT/scripts/compare.sh" "$2" "$3"
			;;
		--verify)
			(($# >= 2)) || usage_error "--verify needs a directory"
			exec "$ROOT/scripts/bundle.sh" verify "$2"
			;;
		--bench) exec "$ROOT/scripts/bench.sh" ;;
		--list) OPT_LIST=1 ;;
		-h | --help)
			usage
			exit 0
			;;
		*) usage_error "unknown argument: $1" ;;
		esac
		shift
	done
	[[ -z $OPT_JOBS || $OPT_JOBS =~ ^[1-9][0-9]*$ ]] ||
		usage_error "FAULTLINE_JOBS needs a positive number, not '$OPT_JOBS'"
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
		[[ $value =~ ^(auto|kvm|tcg|nested-kvm)$ ]] ||
			usage_error "--accel must be auto, kvm, tcg or nested-kvm, not '$value'"
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
	--kernel-src)
		[[ $value =~ ^[0-9]+\.[0-9]+$ ]] ||
			usage_error "--kernel-src needs a series like 7.2 or 6.12, not '$value'"
		OPT_KERNEL_SRC=$value
		;;
	--arch)
		arch_known "$value" || [[ $value == all ]] ||
			usage_error "--arch must be x86_64, aarch64 or all, not '$value'"
		OPT_ARCH=$value
		;;
	--qemu-release)
		[[ -n $value ]] || usage_error "--qemu-release needs a release, a comma list or all"
		OPT_RELEASE=$value
		;;
	--timeout)
		[[ $value =~ ^[0-9]+(\.[0-9]+)?$ && $value =~ [1-9] ]] ||
			usage_error "--timeout needs a positive number of seconds, not '$value'"
		OPT_TIMEOUT=$value
		;;
	-j | --jobs)
		[[ $value =~ ^[1-9][0-9]*$ ]] || usage_error "$name needs a positive number, not '$value'"
		OPT_JOBS=$value
		;;
	--firmware)
		[[ $value =~ ^(auto|qboot|seabios)$ ]] ||
			usage_error "--firmware must be auto, qboot or seabios, not '$value'"
		OPT_FIRMWARE=$value
		;;
	--icount)
		[[ $value =~ ^([0-9]|10|auto|off)$ ]] ||
			usage_error "--icount needs a shift 0-10, auto or off, not '$value'"
		OPT_ICOUNT=$value
		;;
	esac
}
