#!/usr/bin/env bash
# The report files (scripts/report-files.sh) on canned TAP (check/report/):
# junit.xml is well-formed and valid against check/report/junit.xsd (xmllint),
# report.html is well-formed, self-contained, and renders in headless
# Chromium with the verdict matrix in its DOM and a screenshot of it.
# One TAP line per check; needs no VM.  "check/report.sh --run DIR" checks
# instead the files of a real run (make check: the guest expectations run).
# FAULTLINE_REPORT_KEEP=DIR keeps the
# files (and report.png) in DIR to look at.
set -euo pipefail

cd "$(dirname "$0")/.."
FIX=check/report
n=0 bad=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/faultline-report.XXXXXX")
trap 'rm -rf -- "$tmp"' EXIT
out=${FAULTLINE_REPORT_KEEP:-$tmp/out}
mkdir -p -- "$out"

FAIL_SHOW="tail"
# shellcheck source=check/steptap.sh
source check/steptap.sh

# check DESC CMD...: passes when CMD succeeds; its output is the diagnostic.
check() {
	local desc=$1
	shift
	if "$@" >"$tmp/cmd.log" 2>&1; then
		pass "$desc"
	else
		fail "$desc" "$tmp/cmd.log"
	fi
}

# xpath EXPR FILE: the string value of EXPR in FILE.
xpath() {
	xmllint --xpath "$1" "$2" 2>/dev/null
}

# chromium_run ARGS...: headless Chromium, offline, with a fresh profile.
chromium_run() {
	local profile
	profile=$(mktemp -d "$tmp/profile.XXXXXX")
	timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$profile" "$@"
}

# png_size FILE: "WIDTHxHEIGHT" from the PNG header.
png_size() {
	local w h
	read -r w h < <(od -An -tu1 -j16 -N8 -- "$1" |
		awk '{ printf "%d %d\n", (($1*256+$2)*256+$3)*256+$4, (($5*256+$6)*256+$7)*256+$8 }')
	printf '%sx%s\n' "$w" "$h"
}

# real_run DIR: the report files run.sh --out wrote for a real run: JUnit
# valid and holding every check of results.tap, the HTML self-contained and
# rendering the matrix with one row per catalog statement.
real_run() {
	local dir=$1 checks tests rows want f
	for f in results.tap junit.xml report.md report.html; do
		if [[ ! -s $dir/$f ]]; then
			fail "$dir/$f was written"
			printf '1..%d\n' "$n"
			return 1
		fi
	done
	check "$dir/junit.xml is valid against check/report/junit.xsd" \
		xmllint --noout --schema "$FIX/junit.xsd" "$dir/junit.xml"
	checks=$(grep -cE '^ *(not )?ok [0-9]+ ' "$dir/results.tap") || checks=0
	checks=$((checks - $(grep -cE '^(not )?ok [0-9]+ ' "$dir/results.tap")))
	tests=$(xpath 'string(/testsuites/@tests)' "$dir/junit.xml") || tests=
	if [[ $tests == "$checks" ]]; then
		pass "junit.xml has a testcase for each of the run's $checks checks"
	else
		fail "junit.xml has a testcase for each of the run's $checks checks (got '$tests')"
	fi
	check "$dir/report.html is well-formed" xmllint --noout "$dir/report.html"
	if ! command -v chromium >/dev/null 2>&1; then
		skip "Chromium renders $dir/report.html" "chromium not installed"
	elif chromium_run --dump-dom "file://$(realpath -- "$dir/report.html")" >"$tmp/run-dom.html" \
		2>"$tmp/chromium.log"; then
		rows=$(tr -d '\n' <"$tmp/run-dom.html" | grep -o '<tr id="[^"]*"><td class="id">' | wc -l)
		want=$(awk -F'\t' '!/^#/ && NF >= 5' spec-checks/catalog.txt | wc -l)
		if ((rows >= want)); then
			pass "Chromium renders $dir/report.html: $rows statement rows (catalog: $want)"
		else
			fail "Chromium renders $dir/report.html: $rows statement rows (catalog: $want)"
		fi
	else
		fail "Chromium renders $dir/report.html" "$tmp/chromium.log"
	fi
	printf '1..%d\n' "$n"
	return "$bad"
}

main() {
	local html count dom flat
	cp -- "$FIX/results.tap" "$FIX/environment.txt" "$out/"
	check "report-files.sh writes junit.xml, report.md and report.html" \
		env FAULTLINE_CATALOG="$FIX/catalog.txt" scripts/report-files.sh "$out"
	check "junit.xml is well-formed XML" xmllint --noout "$out/junit.xml"
	check "junit.xml is valid against check/report/junit.xsd" \
		xmllint --noout --schema "$FIX/junit.xsd" "$out/junit.xml"
	count=$(xpath 'concat(/testsuites/@tests," ",/testsuites/@failures," ",/testsuites/@skipped," ",count(//testsuite)," ",count(//testcase/failure))' "$out/junit.xml") || count=
	if [[ $count == '15 2 2 3 2' ]]; then
		pass "junit.xml: 15 tests, 2 failures, 2 skipped, 3 suites"
	else
		fail "junit.xml: 15 tests, 2 failures, 2 skipped, 3 suites (got '$count')"
	fi
	check "report.html is well-formed (XHTML syntax)" xmllint --noout "$out/report.html"
	html=$out/report.html
	if grep -Eiq '(src|href)[[:space:]]*=|url\(|@import|<link|<script' "$html"; then
		fail "report.html loads nothing from outside (no src, href, url(), @import, link, script)"
	else
		pass "report.html loads nothing from outside (no src, href, url(), @import, link, script)"
	fi
	if ! command -v chromium >/dev/null 2>&1; then
		skip "Chromium renders report.html" "chromium not installed (scripts/deps.sh install-check)"
		skip "the rendered DOM has the verdict matrix" "chromium not installed"
		skip "screenshot of report.html" "chromium not installed"
		printf '1..%d\n' "$n"
		return "$bad"
	fi
	if chromium_run --dump-dom "file://$(realpath -- "$html")" >"$out/dom.html" 2>"$tmp/chromium.log" &&
		grep -q '<table id="matrix">' "$out/dom.html"; then
		pass "Chromium renders report.html (--dump-dom)"
	else
		fail "Chromium renders report.html (--dump-dom)" "$tmp/chromium.log"
	fi
	# Every statement is a row of the matrix: 11 in the catalog, 1 seen only.
	dom=$(tr -d '\n' <"$out/dom.html" | grep -o '<tr id="[^"]*"><td class="id">' | wc -l)
	if [[ $dom == 12 ]]; then
		pass "the rendered DOM has the verdict matrix: 12 statement rows"
	else
		fail "the rendered DOM has the verdict matrix: 12 statement rows (got $dom)"
	fi
	flat=$(tr -d '\n' <"$out/dom.html")
	if grep -q '<tr id="DEV-ATT-1">[^/]*</td><td[^>]*>[^<]*</td><td[^>]*>[^<]*</td><td class="v fail">fail</td>' <<<"$flat"; then
		pass "the rendered matrix shows DEV-ATT-1 failed in variant default"
	else
		fail "the rendered matrix shows DEV-ATT-1 failed in variant default"
	fi
	rm -f -- "$out/report.png"
	if chromium_run --screenshot="$out/report.png" --window-size=1280,2000 \
		"file://$(realpath -- "$html")" >"$tmp/chromium.log" 2>&1 &&
		[[ $(head -c 8 -- "$out/report.png" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] &&
		[[ $(png_size "$out/report.png") == 1280x2000 ]] &&
		(($(stat -c %s -- "$out/report.png") > 20000)); then
		pass "Chromium takes a 1280x2000 screenshot of report.html"
	else
		fail "Chromium takes a 1280x2000 screenshot of report.html" "$tmp/chromium.log"
	fi
	printf '1..%d\n' "$n"
	return "$bad"
}

if [[ ${1:-} == --run ]]; then
	real_run "${2:?--run DIR}"
else
	main "$@"
fi
