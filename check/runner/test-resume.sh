#!/usr/bin/env bash
# Resuming after a crash (scripts/suite.sh): no fresh VM when the crashed
# test was the last its boot would run ("# last-test"), the tests deferred
# to a boot of their own still booted, each once.
# shellcheck source=check/runner/testlib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/testlib.sh"

test_last_crashes() {
	# filter=e: beta.segv, then reset.keep (deferred): beta is the last to run.
	run_fake lastcrash guest --filter e
	t_is "last test crashes: exit status" "$R_STATUS" 1
	t_is "last test crashes: no fresh VM, the deferred test still booted alone" "$(cat "$R_ARGS")" \
		$'accel=tcg append=from=1 filter=e\naccel=tcg append=from=3 filter=reset.keep reboot=on'
	t_has_line "last test crashes: the crash is charged to it" "$R_OUT" \
		"    not ok 2 - beta.segv: VM crashed (QEMU killed by signal SIGSEGV)"
	t_has_line "last test crashes: says why no VM follows" "$R_OUT" \
		"    # no test left to run after test 2: no fresh VM"
	t_has_line "last test crashes: the deferred test ran" "$R_OUT" \
		"    ok 3 - reset: kept across the reset [R-1]"
	t_lacks "last test crashes: the guest's last-test line stays out of the stream" "$R_OUT" "    # last-test"
}

test_tests_left() {
	run_fake lastcrash guest
	t_is "tests left after the crash: a fresh VM for them, then the deferred one" "$(cat "$R_ARGS")" \
		$'accel=tcg append=from=1\naccel=tcg append=from=3\naccel=tcg append=from=3 filter=reset.keep reboot=on'
	t_is "tests left: the deferred test is listed once, though both boots named it" \
		"$(grep -c '^    # deferred 3 reset.keep$' "$R_OUT")" 1
	t_has_line "tests left: the test after the crash ran" "$R_OUT" "    ok 4 - gamma: fine [C-1]"
}

test_last_crashes
test_tests_left
t_done
