#!/usr/bin/env bash
# ./run.sh --compare DIR1 DIR2 (scripts/compare.sh): new failures, fixed
# ones, changed verdicts, new and lost coverage, exit 1 only on a new
# failure, renumbering is no change, usage errors.
# shellcheck source=check/runner/testlib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/testlib.sh"

FIX=$T_ROOT/check/report

# run_compare DIR1 DIR2: ./run.sh --compare; sets R_STATUS, R_OUT, R_ERR.
run_compare() {
	R_OUT=$T_TMP/compare.stdout R_ERR=$T_TMP/compare.stderr R_STATUS=0
	"$T_ROOT/run.sh" --compare "$@" >"$R_OUT" 2>"$R_ERR" || R_STATUS=$?
}

# run_dir NAME SED-SCRIPT: $T_TMP/NAME/results.tap, the canned run edited.
run_dir() {
	mkdir -p -- "$T_TMP/$1"
	sed -e "$2" "$FIX/results.tap" >"$T_TMP/$1/results.tap"
}

want() {
	cat >"$T_TMP/$1.want"
	printf '%s\n' "$T_TMP/$1.want"
}

test_same() {
	run_dir a ''
	run_compare "$T_TMP/a" "$T_TMP/a"
	t_is "same run: exit 0" "$R_STATUS" 0
	t_has_line "same run: nothing changed" "$R_OUT" \
		'0 new failures, 0 fixed, 0 changed, 0 newly covered, 0 no longer covered'
}

test_changes() {
	run_dir a ''
	# DEV-ATT-1's failure fixed, DEV-FEAT-1 fails in no-boot-bypass, the
	# WARN becomes an INFO, XTRA-1 becomes XTRA-2 (new and lost coverage).
	run_dir b '
		s/^    not ok 3 - attach: ATTACH with reserved 01/    ok 3 - attach: ATTACH with reserved 01/
		/^# Subtest: no-boot-bypass/,/^ok 2/s/^    ok 1 - features/    not ok 1 - features/
		s/ # WARN observed S_OK, expected S_RANGE/ # INFO observed S_OK/
		s/\[XTRA-1\]/[XTRA-2]/'
	run_compare "$T_TMP/a" "$T_TMP/b"
	t_is "changes: exit 1 (a new failure)" "$R_STATUS" 1
	sed "s|$T_TMP|TMP|g" "$R_OUT" >"$R_OUT.norm"
	t_same_text "changes: output" "$R_OUT.norm" "$(want changes <<'END'
compare: TMP/a/results.tap (15 checks) -> TMP/b/results.tap (15 checks)
new failures: 1
  not ok  no-boot-bypass: features: device offers MAP_UNMAP [DEV-FEAT-1]  (was pass)
fixed: 1
  pass  default: attach: ATTACH with reserved 01 is rejected with S_INVAL [DEV-ATT-1]  (was not ok)
changed verdicts: 1
  warn -> info  default: map: misaligned start is rejected [DEV-MAP-1]
new coverage (statement IDs): 1
  XTRA-2  (default)
lost coverage (statement IDs): 1
  XTRA-1
new checks: 1
  pass  default: extra: a statement the catalog lacks [XTRA-2]
checks gone: 1
  pass  default: extra: a statement the catalog lacks [XTRA-1]
1 new failures, 1 fixed, 1 changed, 1 newly covered, 1 no longer covered
END
)"
	run_compare "$T_TMP/b" "$T_TMP/a"
	t_is "the other way round: exit 1 (DEV-ATT-1 fails again)" "$R_STATUS" 1
	t_ok "the other way round: DEV-ATT-1 is a new failure" \
		grep -q '^  not ok  default: attach: .*\[DEV-ATT-1\]  (was pass)$' "$R_OUT"
	"$T_ROOT/scripts/compare.sh" "$T_TMP/a" "$T_TMP/b" >"$T_TMP/direct.out" 2>&1 || true
	run_compare "$T_TMP/a" "$T_TMP/b"
	t_same_text "scripts/compare.sh alone prints the same" "$T_TMP/direct.out" "$R_OUT"
}

test_fixed_only() {
	run_dir a ''
	run_dir fixed 's/^    not ok \([0-9]*\) - /    ok \1 - /'
	run_compare "$T_TMP/a" "$T_TMP/fixed"
	t_is "only fixes: exit 0" "$R_STATUS" 0
	t_has_line "only fixes: both listed" "$R_OUT" 'fixed: 2'
}

test_renumbered() {
	run_dir a ''
	# Every check numbered 10 higher: nothing changes.
	mkdir -p -- "$T_TMP/renum"
	awk 'match($0, /^    (not )?ok [0-9]+ /) {
		p = substr($0, 1, RLENGTH); n = p; gsub(/[^0-9]/, "", n); sub(/[0-9]+ $/, n + 10 " ", p)
		$0 = p substr($0, RLENGTH + 1)
	} { print }' \
		"$FIX/results.tap" >"$T_TMP/renum/results.tap"
	run_compare "$T_TMP/a" "$T_TMP/renum"
	t_is "renumbered: exit 0" "$R_STATUS" 0
	t_has_line "renumbered: no change" "$R_OUT" \
		'0 new failures, 0 fixed, 0 changed, 0 newly covered, 0 no longer covered'
	t_has_line "renumbered: no new check" "$R_OUT" 'new checks: 0'
}

test_new_failing_check() {
	run_dir a ''
	run_dir newfail '/^    1\.\.8$/{s/.*/    not ok 9 - brand: new check [NEW-1]\n    1..9/;}'
	run_compare "$T_TMP/a" "$T_TMP/newfail"
	t_is "a new check that fails: exit 1" "$R_STATUS" 1
	t_has_line "a new check that fails: a new failure" "$R_OUT" \
		'  not ok  default: brand: new check [NEW-1]  (new check)'
}

test_usage() {
	run_compare "$T_TMP/a"
	t_is "--compare with one directory: exit 2" "$R_STATUS" 2
	run_compare "$T_TMP/a" "$T_TMP/no-such-dir"
	t_is "--compare with no results.tap: exit 2" "$R_STATUS" 2
	t_ok "--compare with no results.tap: says so" grep -q 'cannot read .*no-such-dir/results.tap' "$R_ERR"
}

test_same
test_changes
test_fixed_only
test_renumbered
test_new_failing_check
test_usage
t_done
