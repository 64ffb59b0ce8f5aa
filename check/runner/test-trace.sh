#!/usr/bin/env bash
# spec-checks/trace.sh can fail: on a copy of the tree with one fault put in
# at a time (an unknown ID, a misspelt family, a statement with neither test
# nor reason, a stale reason, a statement no mutant breaks), the check that
# guards against it turns red, and names the culprit.
set -euo pipefail
# shellcheck source=check/runner/testlib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/testlib.sh"

# copy_tree DIR: what trace.sh reads, under DIR.
copy_tree() {
	mkdir -p -- "$1/spec-checks" "$1/guest-driver"
	cp -r -- "$T_ROOT/guest-driver/tests" "$1/guest-driver/"
	cp -r -- "$T_ROOT/host-tests" "$T_ROOT/expectations" "$1/"
	cp -r -- "$T_ROOT/spec-checks/model" "$T_ROOT/spec-checks/driver-stream" "$1/spec-checks/"
	cp -- "$T_ROOT"/spec-checks/{catalog.txt,untested.txt,no-mutant.txt,trace.sh} "$1/spec-checks/"
}

# trace_with NAME EDIT...: runs trace.sh on a fresh copy after `EDIT...` ran
# in it; sets OUT and STATUS.
trace_with() {
	local dir=$T_TMP/trace-$1
	shift
	copy_tree "$dir"
	(cd -- "$dir" && "$@")
	STATUS=0
	OUT=$("$dir/spec-checks/trace.sh" 2>&1) || STATUS=$?
}

# red NAME CHECK CULPRIT EDIT...: the fault fails CHECK and names CULPRIT.
red() {
	local name=$1 check=$2 culprit=$3
	shift 3
	trace_with "$name" "$@"
	t_is "$name: exit 1" "$STATUS" 1
	t_ok "$name: fails '$check'" grep -qE "^not ok [0-9]+ - $check" <<<"$OUT"
	t_ok "$name: names $culprit" grep -qF -- "$culprit" <<<"$OUT"
}

trace_with clean true
t_is "the tree as it is: exit 0" "$STATUS" 0
t_ok "the tree as it is: nothing fails" test "$(grep -c '^not ok' <<<"$OUT")" -eq 0

red "unknown ID" "guest tests" "DEV-ATT-99" \
	sed -i '1a /* DEV-ATT-99 */' guest-driver/tests/attach.c
red "misspelt family" "every ID-shaped name" "IOMMU-ALLOC-1" \
	sed -i '1a /* IOMMU-ALLOC-1 */' host-tests/fault_alloc.c
red "no test, no reason" "every testable statement has a test" "DEV-CFG-5" \
	sh -c 'sed -i s/DEV-CFG-5/DEV-CFG-4/g guest-driver/tests/*.[ch]'
red "a reason for a tested statement" "every reason in" "DEV-ATT-1 has a test now" \
	sh -c 'printf "DEV-ATT-1\tstale\n" >>spec-checks/untested.txt'
red "no mutant, no reason" "every testable device statement has a mutant" "DEV-FEAT-3" \
	sed -i '/"feat-both-bypass", "DEV-FEAT-3"/d' spec-checks/model/mutants.h

t_done
