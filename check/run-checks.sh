#!/usr/bin/env bash
# Runs every check step, each printing TAP, and ends with the line CI reads:
# "N passed, N failed[, N skipped]".  A step that exits non-zero without a
# "not ok" line counts as one failure, so a crash of a step is never lost.
set -euo pipefail

cd "$(dirname "$0")/.."
logs=build/check/logs
mkdir -p "$logs"

passed=0 failed=0 skipped=0

# count REGEX FILE: lines matching (grep -c fails on none; this does not).
count() {
	awk -v re="$1" '$0 ~ re { n++ } END { print n + 0 }' "$2"
}

# step NAME COMMAND...: runs it, streams its output, adds up its verdicts.
step() {
	local name=$1 log="$logs/$1.log" status=0 ok bad skip
	shift
	printf '# step %s: %s\n' "$name" "$*"
	"$@" >"$log" 2>&1 || status=$?
	sed 's/^/    /' "$log"
	skip=$(count '^ok [0-9]+ .*# SKIP' "$log")
	ok=$(count '^ok [0-9]+' "$log")
	bad=$(count '^not ok [0-9]+' "$log")
	if [ "$status" -ne 0 ] && [ "$bad" -eq 0 ]; then
		printf '    not ok - step %s exited with status %d\n' "$name" "$status"
		bad=1
	fi
	passed=$((passed + ok - skip))
	skipped=$((skipped + skip))
	failed=$((failed + bad))
	printf '# step %s: %d passed, %d failed, %d skipped\n' "$name" "$((ok - skip))" "$bad" "$skip"
}

main() {
	local start=$SECONDS

	step unit build/check/unit-tests
	step model-build make --no-print-directory model-suite
	step model spec-checks/faithful.sh build/spec-checks/model-suite
	step mutants spec-checks/mutants.sh build/spec-checks/model-suite
	step trace spec-checks/trace.sh
	step shellcheck check/shellcheck.sh
	step runner check/runner/run-tests.sh
	step selftest check/runner/selftest.sh
	step report check/report.sh
	step expectations check/expect.sh guest
	step report-guest check/report.sh --run build/check/expect-guest
	step host-static check/host-static.sh
	step kmutants-static check/kmutants-static.sh
	# Builds the test kernel on first use (about 4 minutes, cached afterwards).
	step host check/expect.sh host
	# A sample of the kernel mutants, on the baseline the host step kept (about
	# 15 s each; make kernel-mutants runs them all).
	step kernel-mutants spec-checks/kernel-mutants.sh --sample 8
	step report-host check/report.sh --run build/check/expect-host
	# After the host tests: they unpack the kernel tree the ABI checks compare with.
	step abi-build make --no-print-directory abi-check
	step abi build/spec-checks/abi/abi-check
	# Fetches Debian's linux-image-6.12 (110 MB) on first use.
	step host-debian check/expect.sh host-debian
	printf '# make check took %d s\n' "$((SECONDS - start))"
	if [ "$skipped" -gt 0 ]; then
		printf '%d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"
	else
		printf '%d passed, %d failed\n' "$passed" "$failed"
	fi
	[ "$failed" -eq 0 ]
}

main "$@"
