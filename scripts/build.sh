# shellcheck shell=bash
# Building the guest images and faultline-results.  Needs util.sh.

# build_guest ROOT [TARGET]: "make -s TARGET" (default guest, the x86_64
# guest) in ROOT, and the runner's vmrun in the same make (a make costs
# about 50 ms).  make's output goes to stderr because stdout is the TAP
# stream.  Returns 2 (setup error) on failure.
build_guest() {
	local target=${2:-guest}
	local -a targets=("$target")
	# FAULTLINE_VMRUN names a vmrun built already (make check: its ASan build).
	[[ -n ${FAULTLINE_VMRUN:-} ]] || targets+=(build/runner/vmrun)
	if ! make -s -C "$1" "${targets[@]}" >&2; then
		warn "build failed: make -s $target (see the errors above)"
		return 2
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
