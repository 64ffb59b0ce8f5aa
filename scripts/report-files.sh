#!/usr/bin/env bash
# scripts/report-files.sh DIR: writes DIR/junit.xml, DIR/report.md and
# DIR/report.html (self-contained: inline CSS, no external resource) from
# DIR/results.tap, the statement catalog and DIR/environment.txt when run.sh
# wrote one.  run.sh --out DIR calls it; run it alone to regenerate.  The
# work is faultline-results' (results/), made first when needed.
#   FAULTLINE_CATALOG=FILE   the catalog (default spec-checks/catalog.txt;
#                            without one the matrix lists only the IDs seen)
#   FAULTLINE_RESULTS=FILE   the faultline-results to use (make check's)
# Exit status: 0 written, 2 usage error, unreadable results or no program.
set -euo pipefail

HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/util.sh
source "$HERE/util.sh"
# shellcheck source=scripts/build.sh
source "$HERE/build.sh"

main() {
	if (($# != 1)) || [[ $1 == -* ]]; then
		printf 'usage: %s DIR   (reads DIR/results.tap)\n' "$0" >&2
		return 2
	fi
	local dir=$1 catalog env bin
	if [[ ! -r $dir/results.tap ]]; then
		printf 'report-files: cannot read %s/results.tap\n' "$dir" >&2
		return 2
	fi
	catalog=${FAULTLINE_CATALOG:-$HERE/../spec-checks/catalog.txt}
	[[ -r $catalog ]] || catalog=/dev/null
	env=$dir/environment.txt
	[[ -r $env ]] || env=/dev/null
	bin=$(results_bin "$HERE/..") || return 2
	# Written beside, then renamed: a reader never sees half a file.
	"$bin" report "$dir/results.tap" "$catalog" "$env" \
		"$dir/.report.md.tmp" "$dir/.junit.xml.tmp" "$dir/.report.html.tmp" || return 2
	mv -f -- "$dir/.report.md.tmp" "$dir/report.md"
	mv -f -- "$dir/.junit.xml.tmp" "$dir/junit.xml"
	mv -f -- "$dir/.report.html.tmp" "$dir/report.html"
}

main "$@"
