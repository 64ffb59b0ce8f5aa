#!/usr/bin/env bash
# faultline's entry point: installs what is missing, builds the guest, boots
# it under QEMU and merges every result into one TAP stream.
set -euo pipefail

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/usage.sh
source "$ROOT/scripts/usage.sh"
# shellcheck source=scripts/util.sh
source "$ROOT/scripts/util.sh"
# shellcheck source=scripts/phases.sh
source "$ROOT/scripts/phases.sh"
# shellcheck source=scripts/deps.sh
source "$ROOT/scripts/deps.sh"
# shellcheck source=scripts/tap.sh
source "$ROOT/scripts/tap.sh"
# shellcheck source=scripts/report.sh
source "$ROOT/scripts/report.sh"
# shellcheck source=scripts/qemu.sh
source "$ROOT/scripts/qemu.sh"
# shellcheck source=scripts/facts.sh
source "$ROOT/scripts/facts.sh"
# shellcheck source=scripts/variants.sh
source "$ROOT/scripts/variants.sh"
# shellcheck source=scripts/accel.sh
source "$ROOT/scripts/accel.sh"
# shellcheck source=scripts/build.sh
source "$ROOT/scripts/build.sh"
# shellcheck source=scripts/settings.sh
source "$ROOT/scripts/settings.sh"
# shellcheck source=scripts/progress.sh
source "$ROOT/scripts/progress.sh"
# shellcheck source=scripts/schedule.sh
source "$ROOT/scripts/schedule.sh"
# shellcheck source=scripts/driverstream.sh
source "$ROOT/scripts/driverstream.sh"
# shellcheck source=scripts/outdir.sh
source "$ROOT/scripts/outdir.sh"
# shellcheck source=scripts/hostvm.sh
source "$ROOT/scripts/hostvm.sh"
# shellcheck source=scripts/offers.sh
source "$ROOT/scripts/offers.sh"
# shellcheck source=scripts/release-run.sh
source "$ROOT/scripts/release-run.sh"
# shellcheck source=scripts/arch.sh
source "$ROOT/scripts/arch.sh"
# shellcheck source=scripts/monitor.sh
source "$ROOT/scripts/monitor.sh"
# shellcheck source=scripts/nested.sh
source "$ROOT/scripts/nested.sh"
# shellcheck source=scripts/firmware.sh
source "$ROOT/scripts/firmware.sh"
# shellcheck source=scripts/args.sh
source "$ROOT/scripts/args.sh"

# fuzz_setup: fuzz mode is the guest's sequences only, with fuzz=SEED,STEPS,SECONDS,DMA.
fuzz_setup() {
	local seed=1 steps=192 time=0 dma=2 opt
	for opt in "${OPT_FUZZ[@]}"; do
		case $opt in
		--seed=*) seed=${opt#*=} ;;
		--steps=*) steps=${opt#*=} ;;
		--time=*) time=${opt#*=} steps=0 ;;
		--dma=*) dma=${opt#*=} ;;
		esac
	done
	[[ $OPT_MODE == fuzz ]] || { ((${#OPT_FUZZ[@]} == 0)) || usage_error "--seed, --steps, --time and --dma need the fuzz mode"; return 0; }
	OPT_MODE=guest
	# sequences.random1..4 and reset.sequences.random (a name part: no glob)
	OPT_FILTER=${OPT_FILTER:-sequences.random}
	SUITE_FUZZ="fuzz=$seed,$steps,$time,$dma"
	# Each part of the run is a test: it may take its share and its shrinking.
	OPT_TIMEOUT=$((${OPT_TIMEOUT%.*} + time / 4 + steps / 20 + 60))
}

# wants_guest: whether this run boots the guest at all.
wants_guest() {
	((OPT_LIST)) || [[ $OPT_MODE != host ]]
}

# wants_host: whether this run boots the test VMs of the host tests.
wants_host() {
	((OPT_LIST == 0)) && [[ $OPT_MODE != guest && ${FAULTLINE_HOST_TESTS:-on} != off ]]
}

# setup_variants: reads the variants file and selects --variant's.
setup_variants() {
	variants_load "$(variants_file "$ROOT")" || exit 2
	variants_select "${OPT_VARIANTS[@]}" || exit 2
}

# setup_deps: installs (or asks for) what this run needs.
setup_deps() {
	local -a cmds=(timeout sha256sum) pkgs=()
	if wants_guest; then
		if [[ -z ${FAULTLINE_GUEST_IMAGE:-} ]]; then
			mapfile -t -O ${#cmds[@]} cmds < <(arch_build_cmds)
		fi
		if [[ -z $OPT_QEMU ]]; then
			cmds+=("$(arch_info qemu)")
		fi
	fi
	# The test VMs' build tools too: one apt-get run for both on a fresh machine.
	if wants_host; then
		cmds+=("${DEPS_HOST_CMDS[@]}")
		pkgs+=("${DEPS_HOST_PKGS[@]}")
	fi
	deps_ensure_all "${cmds[*]}" "${pkgs[*]:-}" || exit 2
}

# setup_qemu: sets QEMU to the binary to run, checked.
setup_qemu() {
	local qemu=${OPT_QEMU:-$(arch_info qemu)}
	if [[ $qemu != */* ]]; then
		qemu=$(command -v -- "$qemu") || die 2 "--qemu: $qemu not found on PATH"
	fi
	[[ -f $qemu && -x $qemu ]] || die 2 "--qemu: $qemu is not an executable file"
	QEMU=$qemu
}

# setup_offers: the binary has the devices the suite needs; the variants
# are those whose properties it offers (scripts/offers.sh).
setup_offers() {
	offers_read "$QEMU" || exit 2
	offers_filter_variants $((${#OPT_VARIANTS[@]} > 0)) || exit 2
	((${#VARIANTS_SELECTED[@]} > 0)) || die 2 "no variant this QEMU can boot"
}

# setup_image: sets IMAGE, building it unless FAULTLINE_GUEST_IMAGE names one.
setup_image() {
	if [[ -n ${FAULTLINE_GUEST_IMAGE:-} ]]; then
		IMAGE=$FAULTLINE_GUEST_IMAGE
	else
		# With --out, faultline-results too (the report files).
		build_guest "$ROOT" "$(arch_info target)" ${OPT_OUT:+results} || exit 2
		IMAGE=$ROOT/$(arch_info image)
	fi
	[[ -f $IMAGE ]] || die 2 "guest image $IMAGE does not exist"
}

# setup_accel: sets ACCEL and ACCEL_LINE.  A guest of another architecture
# than the host's runs under TCG: KVM cannot run it, no probe needed.
setup_accel() {
	if arch_foreign; then
		[[ $OPT_ACCEL != kvm ]] || die 2 "--accel kvm: a $GUEST_ARCH guest cannot run under KVM on this $(uname -m) host"
		ACCEL=tcg
		ACCEL_LINE="accel: tcg ($GUEST_ARCH guest, $(uname -m) host: no KVM)"
		return 0
	fi
	accel_choose "$OPT_ACCEL" "$QEMU" "$PIDFILE" qemu_probe_cmdline "$QEMU" "$IMAGE" || exit 2
}

# setup_dirs: the scratch directory (removed on exit) and the --out directory.
setup_dirs() {
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/faultline.XXXXXX")
	PIDFILE=$WORK/qemu.pid
	trap cleanup EXIT
	# A signal ends the run through the EXIT trap, which stops the VMs.
	trap 'exit 130' INT
	trap 'exit 143' TERM
	LOG_DIR=$WORK
	# --list's output is the list: an earlier run's results stay.
	if [[ -n $OPT_OUT ]] && ((OPT_LIST == 0)); then
		LOG_DIR=$OPT_OUT
	fi
}

# guest_runs: one settings file per selected variant (scripts/settings.sh),
# their paths in GUEST_RUNS.  Under nested-kvm each boots the outer VM
# (scripts/nested.sh), with a limit of its own.
guest_runs() {
	local name file append=${SUITE_FUZZ:-} timeout=$OPT_TIMEOUT diag='' stall=${FAULTLINE_STALL:-0}
	local -a monitor=()
	GUEST_RUNS=()
	for name in "${VARIANTS_SELECTED[@]}"; do
		file=$WORK/run-guest-$name
		if [[ $ACCEL == nested-kvm ]]; then
			nested_cmdline "$name" "${VARIANT_OPTS[$name]}"
			append="${QEMU_CMD[-1]}${SUITE_FUZZ:+ $SUITE_FUZZ}" diag="nested: inner qemu $NESTED_INNER"
			timeout=$(nested_timeout "$OPT_TIMEOUT")
			stall=${FAULTLINE_STALL:-$NESTED_STALL_S}
			monitor=("monitor=$NESTED_MONITOR" outer=1)
		else
			qemu_cmdline "$QEMU" "$ACCEL" "$IMAGE" '' "${VARIANT_OPTS[$name]}" \
				"$(qemu_icount "$ACCEL" "$OPT_ICOUNT")"
		fi
		settings_write "$file" name="$name" log="$name" log_dir="$LOG_DIR" pidfile="$file.pid" \
			timeout="$timeout" stall="$stall" filter="$OPT_FILTER" append="$append" ${diag:+"diag=$diag"} \
			${monitor[@]+"${monitor[@]}"} \
			-- "${QEMU_CMD[@]:0:${#QEMU_CMD[@]}-2}" || exit 2
		GUEST_RUNS+=("$file")
	done
}

# cleanup: the EXIT trap: stops the workers (each stops its VM) and the
# probe's VM, waits for them, removes the scratch directory; the run's exit
# status stays whatever happens here.
cleanup() {
	local status=$?
	set +e
	sched_stop
	qemu_stop "$PIDFILE"
	host_prefetch_stop
	wait
	rm -rf -- "$WORK"
	exit "$status"
}

main() {
	local start date later=0
	local -a runs=()
	start=$(now_us)
	malloc_thp
	date=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
	parse_args "$@"
	[[ -z $OPT_OUT ]] || out_check "$OPT_OUT"
	fuzz_setup
	[[ ${FAULTLINE_STALL:-0} =~ ^[0-9]+$ ]] ||
		usage_error "FAULTLINE_STALL needs a whole number of seconds, not '$FAULTLINE_STALL'"
	if [[ $OPT_ARCH == all ]]; then
		arch_dispatch "$@"
	fi
	GUEST_ARCH=$OPT_ARCH
	if [[ -n $OPT_RELEASE ]]; then
		# One release: its wrapper is the --qemu; several: one run each.
		release_dispatch "$OPT_RELEASE" "$@"
	fi
	phase_begin setup
	if wants_guest; then
		setup_variants
	fi
	setup_deps
	setup_dirs
	# vmrun (runner/) comes with the guest's build (setup_image), else alone.
	if ! wants_guest || [[ -n ${FAULTLINE_GUEST_IMAGE:-} ]]; then
		phase_begin build
		build_vmrun "$ROOT" || exit 2
	fi
	# The test kernel builds while the guest suite is set up and runs.
	if wants_host && wants_guest; then
		host_prefetch
	fi
	if wants_guest; then
		setup_qemu
		firmware_choose "$QEMU" "$OPT_FIRMWARE" || exit 2
		setup_offers
		phase_begin build
		setup_image
		phase_begin accel
		if [[ $OPT_ACCEL == nested-kvm ]]; then
			[[ $OPT_MODE == guest ]] || usage_error "--accel nested-kvm runs the guest suite only: add guest"
			nested_choose
		else
			setup_accel
		fi
		guest_runs
	fi
	# Set up, and the host tests' own arguments checked: an earlier run's
	# files go now, before this run writes any.
	if wants_host; then
		host_args_check
	fi
	if [[ -n $OPT_OUT ]] && ((OPT_LIST == 0)); then
		out_clear "$OPT_OUT"
	fi
	if ((OPT_LIST)); then
		# The list is the output: the accel note goes aside.
		warn "$ACCEL_LINE"
		release_list
		variants_list
		"$ROOT/scripts/subtest.sh" "${GUEST_RUNS[0]}" list || exit 2
		exit 0
	fi
	if wants_guest; then
		runs+=("${GUEST_RUNS[@]}")
	fi
	# A kernel still building: the guest's subtests first, the VMs after it.
	if [[ $OPT_MODE != guest ]]; then
		if wants_guest && host_prefetch_busy; then
			later=1
		else
			phase_begin 'host setup'
			host_runs "$WORK"
			runs+=(${HOST_RUNS[@]+"${HOST_RUNS[@]}"})
		fi
	fi
	report_open "$OPT_OUT"
	if wants_guest || ((${#runs[@]} > 0)); then
		report_diag "$ACCEL_LINE"
	fi
	if wants_guest && [[ -n $FIRMWARE_LINE ]]; then
		report_diag "$FIRMWARE_LINE"
	fi
	if wants_guest && [[ -n ${OFFERS_DROPPED:-} ]]; then
		report_diag "variants this QEMU cannot boot (a property it lacks): $OFFERS_DROPPED"
	fi
	phase_begin VMs
	sched_run "$(sched_jobs "$OPT_JOBS" "${#HOST_RUNS[@]}")" ${runs[@]+"${runs[@]}"}
	if ((later)); then
		phase_begin 'host setup'
		host_runs "$WORK"
		phase_begin VMs
		sched_run "$(sched_jobs "$OPT_JOBS" "${#HOST_RUNS[@]}")" ${HOST_RUNS[@]+"${HOST_RUNS[@]}"}
	fi
	if [[ -n $OPT_FILTER && $OPT_MODE == guest ]] && ((TAP_PASSED + TAP_FAILED + TAP_SKIPPED == 0)); then
		# A green run of nothing would hide a typo.
		report_close "$(elapsed_s "$start")"
		die 2 "--filter '$OPT_FILTER' selects no test (./run.sh --list names them)"
	fi
	if [[ $OPT_MODE != guest ]]; then
		phase_begin 'driver traces'
		host_after_runs
	fi
	if [[ $OPT_MODE != guest && ${FAULTLINE_HOST_TESTS:-on} == off ]]; then
		report_ok "host-tests # SKIP FAULTLINE_HOST_TESTS=off"
	fi
	phase_begin results
	report_close "$(elapsed_s "$start")"
	if [[ -n $OPT_OUT ]]; then
		write_reports "$OPT_OUT" "$date"
	fi
	phase_end
	warn "wall time by phase: $(phase_line)"
	if ((TAP_FAILED > 0)); then
		exit 1
	fi
}

main "$@"
