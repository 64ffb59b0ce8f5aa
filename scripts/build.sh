# shellcheck shell=bash
# Building the guest images and faultline-results.  Needs util.sh.

# build_guest ROOT TARGET [results]: "make -s TARGET" (the guest of an
# architecture) in ROOT, with the runner's vmrun and, given "results",
# faultline-results in the same make (a make costs about 50 ms): then
# FAULTLINE_RESULTS names it for report-files.sh, which makes none.  make's
# output goes to stderr because stdout is the TAP stream.  Returns 2 (setup
# error) on failure.
build_guest() {
	local root=$1 target=$2
	local -a targets=("$target")
	# FAULTLINE_VMRUN, FAULTLINE_RESULTS: built already (by make check).
	[[ -n ${FAULTLINE_VMRUN:-} ]] || targets+=(build/runner/vmrun)
	if [[ ${3:-} == results && -z ${FAULTLINE_RESULTS:-} ]]; then
		targets+=(build/results/faultline-results)
	fi
	if ! make -s -C "$root" "${targets[@]}" >&2; then
		warn "build failed: make -s $target (see the errors above)"
		return 2
	fi
	if [[ ${targets[-1]} == build/results/faultline-results ]]; then
		export FAULTLINE_RESULTS=$root/build/results/faultline-results
	fi
}

# build_vmrun ROOT: vmrun alone, for a run that builds no guest.
build_vmrun() {
	[[ -z ${FAULTLINE_VMRUN:-} ]] || return 0
	if ! make -s --no-print-directory -C "$1" build/runner/vmrun >&2; then
		warn "build failed: make -s build/runner/vmrun (see the errors above)"
		return 2
	fi
}

# results_bin ROOT: prints the path of faultline-results (results/), made
# first unless FAULTLINE_RESULTS names one (make check: the ASan+UBSan
# build).  make's output goes to stderr.  Returns 2 when it cannot be built.
results_bin() {
	if [[ -n ${FAULTLINE_RESULTS:-} ]]; then
		printf '%s\n' "$FAULTLINE_RESULTS"
		return 0
	fi
	if ! make -s --no-print-directory -C "$1" build/results/faultline-results >&2; then
		warn "build failed: make -s results (see the errors above)"
		return 2
	fi
	printf '%s\n' "$1/build/results/faultline-results"
}
