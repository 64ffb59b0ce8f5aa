#!/usr/bin/env bash
# Runs every check/runner/test-*.sh and merges their TAP into one stream,
# each check renumbered and prefixed with its script's name.  Exits 1 if any
# check failed, a script exited non-zero, or a script's plan does not match
# its checks.  selftest.sh is not run here: it needs the built selftest
# image and the real QEMU, and check/run-checks.sh runs it as its own step.
set -euo pipefail

HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/tap.sh
source "$HERE/../../scripts/tap.sh"

# emit_check LINE: one check line into the merged stream, counted.
emit_check() {
	tap_classify "$1"
	tap_renumber "$1" $((TAP_CHECKS + 1))
	tap_count "$TAP_CLASS"
	printf '%s\n' "$TAP_LINE"
}

# run_script FILE: runs one test script and merges its output.
run_script() {
	local file=$1 name line status=0 checks=0 plan='' out
	name=$(basename -- "$file" .sh)
	out=$(mktemp)
	printf '# %s\n' "$name"
	"$file" >"$out" 2>&1 || status=$?
	while IFS= read -r line; do
		tap_classify "$line"
		if tap_is_check "$TAP_CLASS"; then
			checks=$((checks + 1))
			# "ok 3 - x" becomes "ok N - name: x".
			emit_check "$(sed -E "s/^((not )?ok)( [0-9]+)?( -)? ?/\\1 - $name: /" <<<"$line")"
		elif [[ $TAP_CLASS == plan ]]; then
			plan=${line%%[!0-9.]*}
		else
			printf '%s\n' "$line"
		fi
	done <"$out"
	rm -f -- "$out"
	if ((status != 0)); then
		emit_check "not ok - $name: exited with status $status"
	fi
	if [[ $plan != "1..$checks" ]]; then
		emit_check "not ok - $name: plan '${plan:-none}' but $checks checks"
	fi
}

main() {
	local file start=$SECONDS
	printf 'TAP version 13\n'
	for file in "$HERE"/test-*.sh; do
		run_script "$file"
	done
	printf '1..%d\n' "$TAP_CHECKS"
	tap_summary $((SECONDS - start))
	((TAP_FAILED == 0))
}

main "$@"
