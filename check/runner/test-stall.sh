#!/usr/bin/env bash
# run.sh's stall limit (FAULTLINE_STALL; 120 s under --accel nested-kvm): a
# boot that prints no line for that long is stopped long before --timeout,
# booted again once when no check had printed, else charged to its test.
# shellcheck source=check/runner/testlib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/testlib.sh"

# run_stall MODE ARGS...: the stall fake with FAKE_STALL=MODE, a 1 s stall
# limit and a 30 s timeout that no passing case may reach; sets R_SECONDS.
run_stall() {
	local mode=$1 start=$SECONDS
	shift
	FAKE_STALL=$mode FAULTLINE_STALL=1 run_fake stall guest --timeout 30 "$@"
	R_SECONDS=$((SECONDS - start))
}

test_first_boot_stalls() {
	run_stall first
	t_is "stall before the first line: exit status" "$R_STATUS" 0
	t_has_line "stall before the first line: the retry is reported" "$R_OUT" \
		"    # boot 1 stalled: no console line for 1 s; booting again in a fresh VM (boot 2)"
	t_is "stall before the first line: booted again from the same test" "$(cat "$R_ARGS")" \
		$'accel=tcg append=from=1\naccel=tcg append=from=1'
	t_has_line "stall before the first line: the second boot's verdicts" "$R_OUT" "    ok 3 - gamma: fine [C-1]"
	t_ok "stall before the first line: over in well under --timeout ($R_SECONDS s)" test "$R_SECONDS" -lt 15
}

test_every_boot_stalls() {
	run_stall always
	t_is "every boot stalls: exit status" "$R_STATUS" 1
	t_has_line "every boot stalls: a diagnosed failure" "$R_OUT" \
		"    not ok 1 - boot: stalled: no console line for 1 s"
	t_is "every boot stalls: two boots, no more" "$(wc -l <"$R_ARGS")" 2
	t_ok "every boot stalls: over in well under --timeout ($R_SECONDS s)" test "$R_SECONDS" -lt 15
}

test_stall_after_a_check() {
	run_stall mid
	t_is "stall after a check: exit status" "$R_STATUS" 1
	t_has_line "stall after a check: charged to the running test" "$R_OUT" \
		"    not ok 3 - beta.stalls: VM crashed (stalled: no console line for 1 s)"
	t_lacks "stall after a check: not booted again from the same test (no verdict twice)" "$R_OUT" \
		"booting again in a fresh VM"
	t_is "stall after a check: resumed after the test" "$(cat "$R_ARGS")" \
		$'accel=tcg append=from=1\naccel=tcg append=from=3'
	t_has_line "stall after a check: the next test runs" "$R_OUT" "    ok 4 - gamma: fine [C-1]"
}

test_no_limit_by_default() {
	FAKE_STALL=always run_fake stall guest --timeout 2
	t_has_line "no stall limit by default: only --timeout ends the boot" "$R_OUT" \
		"    not ok 1 - boot: timeout after 2 s"
	FAULTLINE_STALL=x run_fake stall guest
	t_is "FAULTLINE_STALL not a number: usage error" "$R_STATUS" 2
}

test_first_boot_stalls
test_every_boot_stalls
test_stall_after_a_check
test_no_limit_by_default
t_done
