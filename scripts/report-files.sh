#!/usr/bin/env bash
# scripts/report-files.sh DIR: writes DIR/junit.xml, DIR/report.md and
# DIR/report.html (self-contained: inline CSS, no external resource) from
# DIR/results.tap, the statement catalog and DIR/environment.txt when run.sh
# wrote one.  run.sh --out DIR calls it; run it alone to regenerate.
#   FAULTLINE_CATALOG=FILE   the catalog (default spec-checks/catalog.txt;
#                            without one the matrix lists only the IDs seen)
# Exit status: 0 written, 2 usage error or unreadable results.
set -euo pipefail

HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)

main() {
	if (($# != 1)) || [[ $1 == -* ]]; then
		printf 'usage: %s DIR   (reads DIR/results.tap)\n' "$0" >&2
		return 2
	fi
	local dir=$1 catalog env
	if [[ ! -r $dir/results.tap ]]; then
		printf 'report-files: cannot read %s/results.tap\n' "$dir" >&2
		return 2
	fi
	catalog=${FAULTLINE_CATALOG:-$HERE/../spec-checks/catalog.txt}
	[[ -r $catalog ]] || catalog=/dev/null
	env=$dir/environment.txt
	[[ -r $env ]] || env=/dev/null
	# Written beside, then renamed: a reader never sees half a file.
	LC_ALL=C awk -v ENVFILE="$env" -v CATALOG="$catalog" \
		-v MD="$dir/.report.md.tmp" -v JUNIT="$dir/.junit.xml.tmp" -v HTML="$dir/.report.html.tmp" \
		-f "$HERE/report-files.awk" "$env" "$catalog" "$dir/results.tap"
	mv -f -- "$dir/.report.md.tmp" "$dir/report.md"
	mv -f -- "$dir/.junit.xml.tmp" "$dir/junit.xml"
	mv -f -- "$dir/.report.html.tmp" "$dir/report.html"
}

main "$@"
