#!/usr/bin/env bash
# Subtests at once (-j): the report is the same as one at a time, in the
# variants file's order, a VM crash or a dead worker in one subtest leaves
# the others alone, and -j N really runs N VMs together.
# shellcheck source=check/runner/testlib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/testlib.sh"

VARIANTS=$T_TMP/variants.conf
cat >"$VARIANTS" <<'EOF2'
first
crashy  boot-bypass=off,x-fake-crash=on
third   boot-bypass=off
fourth
EOF2
# The fake lists the properties the variants set (scripts/offers.sh keeps only those).
export FAKE_PROPS="boot-bypass x-fake-crash x-fake-slow x-fake-kill-runner"

# same_runs DESC JOBS: the variants fake at -j 1 and at -j JOBS give the
# same stream and results.tap.
same_runs() {
	local desc=$1 jobs=$2
	FAULTLINE_VARIANTS=$VARIANTS run_fake variants guest -j 1
	t_normalize "$R_OUT" >"$T_TMP/j1.out"
	cp -- "$R_DIR/results.tap" "$T_TMP/j1.tap"
	sort "$R_ARGS" >"$T_TMP/j1.args"
	FAULTLINE_VARIANTS=$VARIANTS run_fake variants guest -j "$jobs"
	t_is "$desc: exit status" "$R_STATUS" 1
	t_normalize "$R_OUT" >"$T_TMP/jn.out"
	t_same_text "$desc: the same stream as -j 1" "$T_TMP/jn.out" "$T_TMP/j1.out"
	t_same_text "$desc: the same results.tap as -j 1" "$R_DIR/results.tap" "$T_TMP/j1.tap"
	sort "$R_ARGS" >"$T_TMP/jn.args"
	t_same_text "$desc: the same boots as -j 1" "$T_TMP/jn.args" "$T_TMP/j1.args"
}

test_order() {
	same_runs "-j 4, a VM crash in one subtest" 4
	t_is "-j 4: subtests in the file's order, the crash its own" \
		"$(grep -E '^(not )?ok ' "$R_OUT")" \
		$'ok 1 - first\nnot ok 2 - crashy\nok 3 - third\nok 4 - fourth'
	same_runs "-j 2" 2
}

test_together() {
	local file=$T_TMP/slow.conf events=$T_TMP/events
	printf 'a x-fake-slow=on\nb x-fake-slow=on,boot-bypass=off\n' >"$file"
	: >"$events"
	FAKE_EVENTS=$events FAULTLINE_VARIANTS=$file run_fake parallel guest -j 2
	t_is "-j 2: exit status" "$R_STATUS" 0
	t_is "-j 2: both VMs start before either ends" "$(cut -d' ' -f1 "$events" | tr '\n' ' ')" \
		"start start end end "
	: >"$events"
	FAKE_EVENTS=$events FAULTLINE_VARIANTS=$file run_fake parallel guest -j 1
	t_is "-j 1: one VM after the other" "$(cut -d' ' -f1 "$events" | tr '\n' ' ')" \
		"start end start end "
	: >"$events"
	FAULTLINE_JOBS=1 FAKE_EVENTS=$events FAULTLINE_VARIANTS=$file run_fake parallel guest
	t_is "FAULTLINE_JOBS=1: one VM after the other" "$(cut -d' ' -f1 "$events" | tr '\n' ' ')" \
		"start end start end "
	: >"$events"
	FAULTLINE_JOBS=1 FAKE_EVENTS=$events FAULTLINE_VARIANTS=$file run_fake parallel guest -j 2
	t_is "FAULTLINE_JOBS=1 -j 2: -j wins" "$(cut -d' ' -f1 "$events" | tr '\n' ' ')" \
		"start start end end "
}

test_worker_dies() {
	local file=$T_TMP/kill.conf
	printf 'a\nb x-fake-kill-runner=on\nc boot-bypass=off\n' >"$file"
	FAULTLINE_VARIANTS=$file run_fake parallel guest -j 3
	t_is "dead worker: exit status" "$R_STATUS" 1
	t_is "dead worker: its subtest fails, the others pass, in order" \
		"$(grep -E '^(not )?ok ' "$R_OUT")" $'ok 1 - a\nnot ok 2 - b\nok 3 - c'
	t_has_line "dead worker: said as a failed check after what it printed" "$R_OUT" \
		"    not ok 2 - b: the run ended early (scripts/subtest.sh exited with status 137)"
	t_has_line "dead worker: the subtest's plan counts it" "$R_OUT" "    1..2"
	t_ok "dead worker: count line" \
		grep -Eq '^5 passed, 1 failed, 0 skipped \(0 warnings, 0 info\) in [0-9]+\.[0-9] s$' "$R_OUT"
}

# The default count (scripts/schedule.sh sched_jobs): the CPUs, one more
# with host VMs among the subtests; -j's own wins.
test_jobs_default() {
	t_is "default, the guest's VMs alone: the CPUs" "$(sched_jobs '' 0)" "$(nproc)"
	t_is "default, host VMs among them: one more" "$(sched_jobs '' 5)" $(($(nproc) + 1))
	t_is "-j 7 wins, host VMs or not" "$(sched_jobs 7 5) $(sched_jobs 7 0)" "7 7"
}

test_jobs_option() {
	run_fake pass guest -j 0
	t_is "-j 0: usage error" "$R_STATUS" 2
	run_fake pass guest --jobs=x
	t_is "--jobs=x: usage error" "$R_STATUS" 2
	run_fake pass guest --jobs=3
	t_is "--jobs=3: runs" "$R_STATUS" 0
	FAULTLINE_JOBS=x run_fake pass guest
	t_is "FAULTLINE_JOBS=x: usage error" "$R_STATUS" 2
}

# shellcheck source=scripts/schedule.sh
source "$T_ROOT/scripts/schedule.sh"
test_order
test_together
test_worker_dies
test_jobs_option
test_jobs_default
t_done
