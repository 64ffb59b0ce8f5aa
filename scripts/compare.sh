#!/usr/bin/env bash
# scripts/compare.sh DIR1 DIR2 (also ./run.sh --compare DIR1 DIR2): what
# changed from the run in DIR1 to the run in DIR2, read off their
# results.tap.  A check is known by its subtest and its description (the
# directive left out), so renumbering does not count as a change.  Prints:
#   new failures      not ok in DIR2, and ok (or absent) in DIR1
#   fixed             not ok in DIR1, ok in DIR2
#   changed verdicts  other changes among pass, warn, info, skip
#   new coverage      statement IDs seen in DIR2 and not in DIR1
#   lost coverage     statement IDs seen in DIR1 and not in DIR2
#   new checks / checks gone
# then a count line.  The work is faultline-results compare (results/), so
# checks are read exactly as the report reads them.  Exit status: 1 when
# there is a new failure, 0 when not, 2 on a usage error or an unreadable
# results.tap.
set -euo pipefail

HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/util.sh
source "$HERE/util.sh"
# shellcheck source=scripts/build.sh
source "$HERE/build.sh"

main() {
	local a b f bin
	if (($# != 2)); then
		printf 'usage: %s DIR1 DIR2   (compares DIR1/results.tap with DIR2/results.tap)\n' "$0" >&2
		return 2
	fi
	a=$1/results.tap b=$2/results.tap
	for f in "$a" "$b"; do
		if [[ ! -r $f ]]; then
			printf 'compare: cannot read %s\n' "$f" >&2
			return 2
		fi
	done
	bin=$(results_bin "$HERE/..") || return 2
	"$bin" compare "$a" "$b"
}

main "$@"
