#!/usr/bin/env bash
# faultline-results (results/) on canned TAP, one TAP line per check: the
# run in check/report/ and the edge cases in check/results/ (a crashed and a
# hung VM, directives, nested, empty and unnamed subtests, ID lists and check
# numbers, garbage and a truncated last line, an empty file).  report.md,
# junit.xml and report.html must equal their .want files byte for byte: the
# awk report this program replaced wrote them, so they pin its behaviour.
# Truncated and random input must not crash it (make check runs this on the
# ASan+UBSan build: FAULTLINE_RESULTS).  Needs no VM.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=scripts/util.sh
source scripts/util.sh
# shellcheck source=scripts/build.sh
source scripts/build.sh

CASES=check/results
CATALOG=check/report/catalog.txt
n=0 bad=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/faultline-results.XXXXXX")
trap 'rm -rf -- "$tmp"' EXIT

# shellcheck source=check/steptap.sh
source check/steptap.sh

# report TAP ENV OUT: the three files of TAP into OUT.{md,junit,html}.
report() {
	"$BIN" report "$1" "$CATALOG" "$2" "$3.md" "$3.junit" "$3.html"
}

# same DESC GOT WANT: passes when the files are equal, else shows the diff.
same() {
	if diff -u -- "$3" "$2" >"$tmp/diff" 2>&1; then
		pass "$1"
	else
		fail "$1" "$tmp/diff"
	fi
}

# want_case NAME TAP ENV MD JUNIT HTML: the outputs of TAP against the wants.
want_case() {
	local name=$1 out=$tmp/$1
	if ! report "$2" "$3" "$out" 2>"$tmp/err" || [[ -s $tmp/err ]]; then
		fail "$name: exit 0 and nothing on stderr" "$tmp/err"
		return
	fi
	same "$name: report.md as wanted" "$out.md" "$4"
	same "$name: junit.xml as wanted" "$out.junit" "$5"
	same "$name: report.html as wanted" "$out.html" "$6"
}

canned() {
	want_case canned check/report/results.tap check/report/environment.txt \
		check/report/report.md.want check/report/junit.xml.want check/report/report.html.want
	local f name
	for f in "$CASES"/*.tap; do
		name=$(basename -- "$f" .tap)
		want_case "$name" "$f" /dev/null "$CASES/$name.md.want" "$CASES/$name.junit.want" \
			"$CASES/$name.html.want"
	done
}

# survives DESC TAP: the program exits 0 on TAP, with all three files written.
survives() {
	local status=0
	report "$2" /dev/null "$tmp/s" >"$tmp/err" 2>&1 || status=$?
	if ((status == 0)) && [[ -s $tmp/s.md && -s $tmp/s.junit && -s $tmp/s.html ]]; then
		return 0
	fi
	printf 'exit status %d\n' "$status" >>"$tmp/err"
	fail "$1" "$tmp/err"
	return 1
}

# Every file cut short at six points (an ASan run takes a quarter second):
# a run killed mid-line must still give a report.
truncated() {
	local f size cut count=0
	for f in check/report/results.tap "$CASES"/*.tap; do
		size=$(stat -c %s -- "$f")
		for ((cut = size / 7; cut > 0 && cut < size; cut += size / 7 + 1)); do
			head -c "$cut" -- "$f" >"$tmp/cut.tap"
			survives "$f cut after $cut bytes: no crash" "$tmp/cut.tap" || return 0
			count=$((count + 1))
		done
	done
	pass "$count truncated files: no crash, three files written"
}

# 256 KiB of pseudo-random bytes (fixed seed), then lines that look like
# TAP with noise between them.
random_bytes() {
	awk 'BEGIN { srand(13); for (i = 0; i < 262144; i++) printf "%c", int(rand() * 256) }' >"$tmp/noise"
	cp -- "$tmp/noise" "$tmp/random.tap"
	for ((i = 0; i < 200; i++)); do
		printf '    not ok %d - x [A-%d,B] # WARN\n    #   d\n# Subtest: s%d\n' "$i" "$i" "$((i % 7))"
		head -c $((i * 13)) -- "$tmp/noise" | tail -c 97
	done >>"$tmp/random.tap"
	if survives "random bytes: no crash" "$tmp/random.tap"; then
		pass "random bytes: no crash, three files written"
	fi
}

compare() {
	local status=0
	"$BIN" compare "$CASES/crash.tap" "$CASES/skip.tap" >"$tmp/compare.out" 2>&1 || status=$?
	if ((status == 1)); then
		pass "compare: exit 1 on a new failure"
	else
		fail "compare: exit 1 on a new failure (got $status)" "$tmp/compare.out"
	fi
	same "compare crash.tap skip.tap: as wanted" "$tmp/compare.out" "$CASES/compare-crash-skip.want"
}

# usage DESC STATUS ARGS...: the program exits STATUS and says why on stderr.
usage() {
	local desc=$1 want=$2 status=0
	shift 2
	"$BIN" "$@" >"$tmp/usage.out" 2>"$tmp/usage.err" || status=$?
	if ((status == want)) && [[ -s $tmp/usage.err ]]; then
		pass "$desc: exit $want with a message"
	else
		fail "$desc: exit $want with a message (got $status)" "$tmp/usage.err"
	fi
}

errors() {
	usage "no arguments" 2
	usage "an unknown command" 2 frobnicate a b
	usage "report: no results.tap" 2 report "$tmp/none.tap" /dev/null /dev/null "$tmp/a" "$tmp/b" "$tmp/c"
	usage "report: an output it cannot write" 2 report "$CASES/crash.tap" /dev/null /dev/null \
		"$tmp/no/such/dir/report.md" "$tmp/b" "$tmp/c"
	usage "compare: no second results.tap" 2 compare "$CASES/crash.tap" "$tmp/none.tap"
}

main() {
	BIN=$(results_bin "$PWD") || {
		fail "faultline-results builds"
		printf '1..%d\n' "$n"
		return 1
	}
	canned
	truncated
	random_bytes
	compare
	errors
	printf '1..%d\n' "$n"
	return "$bad"
}

main "$@"
