# shellcheck shell=bash
# A run's wall time by phase (setup, the guest's build, the VMs, the
# reports ...): where a slow run spent its time, on stderr at the end and in
# --out DIR/timings.tsv.  A phase named twice adds up (the VMs of a run
# whose host VMs wait for the kernel's build run in two rounds).  Needs
# util.sh (now_set).

PHASE_NAMES=()
declare -A PHASE_US=()
PHASE_NOW=''
PHASE_T0=0

# phase_begin NAME: ends the phase under way, if any, and begins NAME.
phase_begin() {
	phase_end
	PHASE_NOW=$1 PHASE_T0=$NOW_US
	[[ -n ${PHASE_US[$1]+set} ]] || PHASE_NAMES+=("$1") PHASE_US[$1]=0
}

# phase_end: ends the phase under way (none after it).  Sets NOW_US.
phase_end() {
	now_set
	[[ -n $PHASE_NOW ]] || return 0
	PHASE_US[$PHASE_NOW]=$((PHASE_US[$PHASE_NOW] + NOW_US - PHASE_T0))
	PHASE_NOW=''
}

# phase_ms NAME: sets PHASE_MS to NAME's milliseconds so far, the phase
# under way's included (no fork: this runs in the run's own shell).
phase_ms() {
	local us=${PHASE_US[$1]:-0}
	if [[ $1 == "$PHASE_NOW" ]]; then
		now_set
		us=$((us + NOW_US - PHASE_T0))
	fi
	PHASE_MS=$((us / 1000))
}

# phase_line: "setup 0.31 s, VMs 3.62 s, ..." of the phases so far.
phase_line() {
	local name cs out=''
	for name in ${PHASE_NAMES[@]+"${PHASE_NAMES[@]}"}; do
		phase_ms "$name"
		cs=$((PHASE_MS / 10))
		out+="${out:+, }$name $((cs / 100)).$((cs % 100 / 10))$((cs % 10)) s"
	done
	printf '%s\n' "$out"
}

# phase_write FILE: the phases so far as "phase<TAB>ms" lines.
phase_write() {
	local name
	{
		printf 'phase\tms\n'
		for name in ${PHASE_NAMES[@]+"${PHASE_NAMES[@]}"}; do
			phase_ms "$name"
			printf '%s\t%s\n' "$name" "$PHASE_MS"
		done
	} >"$1"
}
