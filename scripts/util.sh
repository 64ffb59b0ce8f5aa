# shellcheck shell=bash
# Small helpers shared by the runner's libraries: messages and the clock.

# warn MSG: a note for the person running the suite (stderr: stdout is TAP).
warn() {
	printf 'run.sh: %s\n' "$*" >&2
}

# die STATUS MSG: a usage or setup error.
die() {
	local status=$1
	shift
	printf 'run.sh: error: %s\n' "$*" >&2
	exit "$status"
}

# now_us: microseconds since the epoch, without forking date(1).
# EPOCHREALTIME's radix follows the locale, so keep the digits only.
now_us() {
	local t=$EPOCHREALTIME
	printf '%s\n' "${t//[!0-9]/}"
}

# now_set: sets NOW_US as now_us prints it, without the fork of $(now_us).
# shellcheck disable=SC2034 # read by the callers
now_set() {
	local t=$EPOCHREALTIME
	NOW_US=${t//[!0-9]/}
}

# elapsed_s START_US: seconds since START_US with one decimal ("1.3").
elapsed_s() {
	local tenths=$((($(now_us) - $1) / 100000))
	printf '%d.%d\n' $((tenths / 10)) $((tenths % 10))
}

# malloc_thp: glibc's malloc in every process the run starts (QEMU above
# all: a boot costs about 6200 page faults, a third of its start's CPU on a
# machine that is itself a VM) asks for transparent huge pages (madvise) for
# its heap, added to the user's GLIBC_TUNABLES unless it says otherwise.
# Only speed: one QEMU start 0.13 -> 0.11 s of CPU, `./run.sh guest` 4.7 ->
# 4.2 s (README, "Speed").  A C library without the tunable ignores it.
malloc_thp() {
	case ${GLIBC_TUNABLES:-} in *glibc.malloc.hugetlb=*) return 0 ;; esac
	export GLIBC_TUNABLES=${GLIBC_TUNABLES:+$GLIBC_TUNABLES:}glibc.malloc.hugetlb=1
}
