#!/usr/bin/env bash
# Under --accel nested-kvm the console also carries the outer VM's kernel
# (settings key outer, scripts/suite.sh): its crash names no statement and,
# before the running test's first check, runs that test again in a fresh VM,
# once.  A direct boot's console has no outer kernel: the same lines change
# nothing there.
# shellcheck source=check/runner/testlib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/testlib.sh"

# run_outer MODE [OUTER]: scripts/subtest.sh on a settings file that boots
# the outer fake with FAKE_OUTER=MODE, outer=OUTER (1 unless given); bounded,
# as a runner that reruns without end would never return.
run_outer() {
	local dir=$T_TMP/outer-$1-${2-1}
	mkdir -p "$dir"
	R_OUT=$dir/stdout R_ARGS=$dir/args R_STATUS=0
	: >"$R_ARGS"
	{
		printf '%s\n' name=default log=default "log_dir=$dir" "pidfile=$dir/run.pid" timeout=30 stall=0 \
			filter= append= "outer=${2-1}"
		printf 'arg=%s\n' "$T_DIR/fake-qemu-outer.sh" -accel tcg -no-reboot -serial stdio \
			-device isa-debug-exit,iobase=0xf4,iosize=0x4
	} >"$dir/settings"
	FAKE_OUTER=$1 FAKE_ARGS_LOG=$R_ARGS timeout 20 "$T_ROOT/scripts/subtest.sh" "$dir/settings" >"$R_OUT" 2>&1 ||
		R_STATUS=$?
}

test_rerun() {
	run_outer once
	t_is "outer crash before a check: the test booted again from itself" "$(cat "$R_ARGS")" \
		$'accel=tcg append=from=1\naccel=tcg append=from=2'
	t_has_line "outer crash before a check: the rerun is said, with the oops" "$R_OUT" \
		"    # boot 1: the outer VM's kernel crashed in test 2 beta.outer before its first check (Oops: int3: 0000 [#1] PREEMPT SMP NOPTI); running it again in a fresh VM (boot 2)"
	t_lacks "outer crash before a check: no failure" "$R_OUT" "not ok"
	t_has_line "outer crash before a check: the rerun's verdicts" "$R_OUT" "    ok 2 - beta: after the rerun [B-1]"
	t_has_line "outer crash before a check: the tests after it" "$R_OUT" "    ok 3 - gamma: fine [C-1]"
}

test_twice() {
	run_outer always
	t_has_line "outer crash twice: a failure naming the outer kernel, no statement" "$R_OUT" \
		"    not ok 2 - beta.outer: VM crashed (the outer VM's kernel crashed: Oops: int3: 0000 [#1] PREEMPT SMP NOPTI)"
	t_is "outer crash twice: run again once, then resumed after it" "$(cat "$R_ARGS")" \
		$'accel=tcg append=from=1\naccel=tcg append=from=2\naccel=tcg append=from=3'
}

test_after_a_check() {
	run_outer mid
	t_has_line "outer crash after a check: the failure" "$R_OUT" \
		"    not ok 3 - beta.outer: VM crashed (the outer VM's kernel crashed: Oops: int3: 0000 [#1] PREEMPT SMP NOPTI)"
	t_is "outer crash after a check: not run again (no verdict twice)" "$(cat "$R_ARGS")" \
		$'accel=tcg append=from=1\naccel=tcg append=from=3'
}

test_before_any_test() {
	run_outer first
	t_is "outer crash before any test: booted twice" "$(wc -l <"$R_ARGS")" 2
	t_has_line "outer crash before any test: the retry is said" "$R_OUT" \
		"    # boot 1: the outer VM's kernel crashed before the first test (Oops: int3: 0000 [#1] PREEMPT SMP NOPTI); booting again in a fresh VM (boot 2)"
	t_has_line "outer crash before any test: then a diagnosed failure" "$R_OUT" \
		"    not ok 1 - boot: the outer VM's kernel crashed: Oops: int3: 0000 [#1] PREEMPT SMP NOPTI"
}

test_direct_boot() {
	run_outer once ''
	t_has_line "no outer VM: the reset is the test's, with its statements" "$R_OUT" \
		"    not ok 2 - beta.outer: VM crashed (guest reset or triple fault) [B-1]"
	t_lacks "no outer VM: not run again" "$R_OUT" "running it again"
}

test_bug_line() {
	run_outer bug
	t_has_line "a BUG: line alone: the guest's reset is the test's, with its statements" "$R_OUT" \
		"    not ok 2 - beta.outer: VM crashed (guest reset or triple fault) [B-1]"
	t_lacks "a BUG: line alone: not run again" "$R_OUT" "running it again"
}

test_deferred() {
	run_outer deferred
	t_is "outer crash in a deferred test: its boot run again, once" "$(grep -c 'reboot=on' "$R_ARGS")" 2
	t_has_line "outer crash in a deferred test: the rerun's verdict" "$R_OUT" \
		"    ok 3 - reset: kept across the reset [R-1]"
	t_lacks "outer crash in a deferred test: the outer VM keeps -no-reboot, no failure" "$R_OUT" "not ok"
}

test_ignored_from() {
	run_outer alternate
	t_has_line "a guest that ignores from=: stopped, not run again without end" "$R_OUT" \
		"    not ok 4 - boot: guest ran test 2 although from=3"
	t_is "a guest that ignores from=: two boots" "$(wc -l <"$R_ARGS")" 2
}

test_rerun
test_ignored_from
test_bug_line
test_deferred
test_twice
test_after_a_check
test_before_any_test
test_direct_boot
t_done
