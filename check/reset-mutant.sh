#!/usr/bin/env bash
# A device whose reset keeps domains (the model's init-attached-after-reset
# mutant) must change exactly the INF-INIT-1 checks of the suite, nothing
# else: the suite's isolation (tests/isolation.c) keeps that one behaviour
# from spilling into the verdicts of later tests.
#   check/reset-mutant.sh build/spec-checks/model-suite
set -euo pipefail

bin=${1:?usage: reset-mutant.sh MODEL-SUITE}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/faultline-reset.XXXXXX")
trap 'rm -rf -- "$tmp"' EXIT

# verdicts FILE: check lines without their numbers.
verdicts() {
	grep -E '^(not )?ok [0-9]+ ' "$1" | sed -E 's/^(not )?ok [0-9]+ /\1ok /' || true
}

"$bin" >"$tmp/base.tap" 2>&1 || true
"$bin" --mutant init-attached-after-reset >"$tmp/mutant.tap" 2>&1 || true
verdicts "$tmp/base.tap" >"$tmp/base.txt"
verdicts "$tmp/mutant.tap" >"$tmp/mutant.txt"
# Lines only in the mutant's run: what the kept domains changed.
grep -vxF -f "$tmp/base.txt" "$tmp/mutant.txt" >"$tmp/changed.txt" || true
grep -vxF -f "$tmp/mutant.txt" "$tmp/base.txt" >"$tmp/gone.txt" || true

n=0 bad=0
t() {
	n=$((n + 1))
	if [[ $1 == 0 ]]; then
		printf 'ok %d - %s\n' "$n" "$2"
	else
		bad=1
		printf 'not ok %d - %s\n' "$n" "$2"
		sed 's/^/#   /' "${3:-/dev/null}"
	fi
}

t "$(grep -qc . "$tmp/changed.txt"; echo $?)" \
	"reset keeps domains: some check tells (the mutant is seen)"
t "$(! grep -v '\[INF-INIT-1\] # WARN' "$tmp/changed.txt" | grep -q .; echo $?)" \
	"reset keeps domains: every changed verdict is an INF-INIT-1 warning" "$tmp/changed.txt"
t "$(! grep -v '\[INF-INIT-1[],]' "$tmp/gone.txt" | grep -q .; echo $?)" \
	"reset keeps domains: no other check's verdict moved" "$tmp/gone.txt"
t "$(cmp -s <(grep -c . "$tmp/base.txt") <(grep -vc 'isolation: ' "$tmp/mutant.txt"); echo $?)" \
	"reset keeps domains: the same checks ran, besides the one isolation finding"
printf '1..%d\n' "$n"
exit "$bad"
