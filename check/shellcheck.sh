#!/usr/bin/env bash
# Every shell file of the project passes shellcheck (one TAP line per file).
set -euo pipefail

cd "$(dirname "$0")/.."
n=0 bad=0
while IFS= read -r f; do
	n=$((n + 1))
	if out=$(shellcheck -x "$f" 2>&1); then
		printf 'ok %d - shellcheck %s\n' "$n" "$f"
	else
		printf 'not ok %d - shellcheck %s\n' "$n" "$f"
		printf '%s\n' "$out" | sed 's/^/#   /'
		bad=1
	fi
done < <(git ls-files --cached --others --exclude-standard -- '*.sh' 'run.sh' '.ci/run' | sort -u)
printf '1..%d\n' "$n"
exit "$bad"
