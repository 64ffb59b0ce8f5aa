#!/usr/bin/env bash
# A run's wall time by phase (scripts/phases.sh): the sums on a fake clock,
# and run.sh --out writing timings.tsv (in the manifest) and the stderr line.
# shellcheck source=check/runner/testlib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/testlib.sh"
# shellcheck source=scripts/util.sh
source "$T_ROOT/scripts/util.sh"
# shellcheck source=scripts/phases.sh
source "$T_ROOT/scripts/phases.sh"

# The fake clock: now_set reads FAKE_US.
now_set() {
	NOW_US=$FAKE_US
}

# at US FUNCTION [ARGS...]: FUNCTION at fake time US (microseconds).
at() {
	FAKE_US=$1
	shift
	"$@"
}

# quiet CMD...: CMD without its output (its status only).
quiet() {
	"$@" >/dev/null 2>&1
}

test_sums() {
	at 1000000 phase_begin setup
	at 1250000 phase_begin VMs
	at 1300000 phase_begin setup
	at 1310000 phase_ms setup
	t_is "the phase under way counts until now" "$PHASE_MS" 260
	at 2300000 phase_end
	phase_ms setup
	t_is "a phase named twice adds up (250 + 1000 ms)" "$PHASE_MS" 1250
	phase_ms VMs
	t_is "a phase ends where the next begins" "$PHASE_MS" 50
	at 9000000 phase_ms setup
	t_is "after phase_end no phase grows" "$PHASE_MS" 1250
	t_is "the line: each phase once, in order of first use" "$(phase_line)" "setup 1.25 s, VMs 0.05 s"
	phase_write "$T_TMP/timings.tsv"
	t_is "timings.tsv: a header, then phase and ms" "$(cat "$T_TMP/timings.tsv")" \
		"$(printf 'phase\tms\nsetup\t1250\nVMs\t50')"
}

test_run() {
	local names sum start wall
	start=$EPOCHREALTIME
	run_fake pass guest
	wall=$(((${EPOCHREALTIME//[!0-9]/} - ${start//[!0-9]/}) / 1000))
	t_is "run.sh --out: exit 0" "$R_STATUS" 0
	names=$(sed 1d "$R_DIR/timings.tsv" | cut -f1 | paste -sd ' ')
	t_is "timings.tsv: the run's phases in order" "$names" "setup build accel VMs results"
	sum=$(awk -F '\t' 'NR > 1 {s += $2} END {print s + 0}' "$R_DIR/timings.tsv")
	t_ok "timings.tsv: the phases add up to a good part of the run's wall time ($sum of $wall ms)" \
		test "$sum" -le "$wall" -a $((3 * sum)) -ge "$wall"
	t_ok "timings.tsv is in the manifest" grep -q '  timings\.tsv$' "$R_DIR/MANIFEST.sha256"
	t_ok "the bundle verifies" quiet "$T_ROOT/scripts/bundle.sh" verify "$R_DIR"
	t_ok "stderr: the phases' line" grep -Eq '^run\.sh: wall time by phase: setup [0-9]+\.[0-9]{2} s, build ' "$R_ERR"
}

test_sums
test_run
t_done
