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

# start_script FILE OUT: runs one test script into OUT, its exit status
# into OUT.status when it is over.
start_script() {
	local status=0
	"$1" >"$2" 2>&1 || status=$?
	printf '%d\n' "$status" >"$2.status"
}

# run_script FILE OUT: waits for one test script and merges its output.
run_script() {
	local file=$1 out=$2 name line status checks=0 plan=''
	local re='^((not )?ok)( [0-9]+)?( -)? ?'
	name=$(basename -- "$file" .sh)
	printf '# %s\n' "$name"
	while [[ ! -s $out.status ]]; do
		sleep 0.2
	done
	status=$(<"$out.status")
	while IFS= read -r line; do
		tap_classify "$line"
		if tap_is_check "$TAP_CLASS"; then
			checks=$((checks + 1))
			# "ok 3 - x" becomes "ok N - name: x" (no sed(1) a line: a process
			# costs ~3 ms here).
			if [[ $line =~ $re ]]; then
				# the prefix only: a byte that is not UTF-8 would fail .*
				line="${BASH_REMATCH[1]} - $name: ${line:${#BASH_REMATCH[0]}}"
			fi
			emit_check "$line"
		elif [[ $TAP_CLASS == plan ]]; then
			plan=${line%%[!0-9.]*}
		else
			printf '%s\n' "$line"
		fi
	done <"$out"
	rm -f -- "$out" "$out.status"
	if ((status != 0)); then
		emit_check "not ok - $name: exited with status $status"
	fi
	if [[ $plan != "1..$checks" ]]; then
		emit_check "not ok - $name: plan '${plan:-none}' but $checks checks"
	fi
}

# The scripts run RUNNER_JOBS at a time (default 1: some of them bound a
# run in wall-clock time, which a busy machine stretches; make check runs
# two), each in its own scratch directory; their output is merged in their
# order.
main() {
	local file start=$SECONDS i=0 dir
	local -a files outs
	dir=$(mktemp -d)
	files=("$HERE"/test-*.sh)
	printf 'TAP version 13\n'
	for file in "${files[@]}"; do
		outs+=("$dir/$i.out")
		while (($(jobs -rp | wc -l) >= ${RUNNER_JOBS:-1})); do
			wait -n || :
		done
		start_script "$file" "$dir/$i.out" &
		i=$((i + 1))
	done
	for i in "${!files[@]}"; do
		run_script "${files[i]}" "${outs[i]}"
	done
	wait
	rmdir -- "$dir"
	printf '1..%d\n' "$TAP_CHECKS"
	tap_summary $((SECONDS - start))
	((TAP_FAILED == 0))
}

main "$@"
