#!/usr/bin/env bash
# make check step: the host tests in their VM (./run.sh host), printed as
# flat TAP so that check/run-checks.sh counts each test: the subtest's check
# lines, de-indented and numbered in order, with their diagnostics.  A kernel
# without the iommufd mock shows as skips with the reason, never as passes.
# The first run builds the test kernel (about 4 minutes, then cached).
set -euo pipefail

cd "$(dirname "$0")/.."
out=build/check/host

# flatten RESULTS: the checks inside the host-tests subtest, renumbered.
flatten() {
	awk '
		/^    (not )?ok [0-9]+ / {
			line = substr($0, 5)
			verdict = (line ~ /^not /) ? "not ok" : "ok"
			sub(/^(not )?ok [0-9]+/, "", line)
			printf "%s %d%s\n", verdict, ++n, line
			next
		}
		/^    #/ { print substr($0, 5) }
		END { printf "1..%d\n", n }
	' "$1"
}

main() {
	local status=0
	rm -rf -- "$out"
	mkdir -p -- "$out"
	./run.sh host --accel "${FAULTLINE_ACCEL:-auto}" --out "$out" >"$out.log" 2>&1 || status=$?
	if ((status > 1)) || [[ ! -s $out/results.tap ]]; then
		printf 'not ok 1 - ./run.sh host ran (status %d)\n' "$status"
		tail -n 20 "$out.log" | sed 's/^/#   /'
		printf '1..1\n'
		return 1
	fi
	tail -n 1 "$out.log" | sed 's/^/# run.sh: /'
	flatten "$out/results.tap"
	return "$status"
}

main "$@"
