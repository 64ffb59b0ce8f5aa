#!/usr/bin/env bash
# Runs the guest suite against the reference device (Debian's QEMU) and
# asserts that every verdict equals the one recorded in expectations/: a
# changed device and a broken test both show up, in either direction.
#   check/expect.sh [--record]   --record rewrites the file from this run
# check/runner sources it to test verdicts and compare.
set -euo pipefail

qemu=${FAULTLINE_QEMU:-qemu-system-x86_64}

qemu_version() {
	"$qemu" --version | sed -nE '1s/.*version ([0-9]+\.[0-9]+).*/\1/p'
}

# Verdict lines without their numbers: what a device answered, stably.  The
# check lines of a variant's subtest ("    ok 3 - x" after "# Subtest: v")
# become "v: ok - x"; a subtest's parent line ("ok 1 - v") only sums it up
# and is left out.  Check lines outside subtests stay "ok - x".
verdicts() {
	local line variant='' sub='^ {4}(not ok|ok) [0-9]+ (.*)$' top='^(not ok|ok) [0-9]+ (.*)$'
	while IFS= read -r line; do
		if [[ $line == '# Subtest: '* ]]; then
			variant=${line#'# Subtest: '}
		elif [[ $line =~ $sub ]]; then
			printf '%s: %s %s\n' "$variant" "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
		elif [[ $line =~ $top && ${BASH_REMATCH[2]} != "- $variant" ]]; then
			printf '%s %s\n' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
		fi
	done <"$1"
}

expected() {
	grep -vE '^(#|$)' "$1"
}

# quoted LINE: a verdict line shown inside another check, its directive
# defused so that TAP readers do not take a matched SKIP for a skipped check.
quoted() {
	printf '%s' "${1// # / (#) }"
}

compare() {
	local want=$1 got=$2 n=0 line
	local -A seen=()

	while IFS= read -r line; do
		n=$((n + 1))
		seen[$line]=1
		if grep -qxF -- "$line" "$got"; then
			printf 'ok %d - expected: %s\n' "$n" "$(quoted "$line")"
		else
			printf 'not ok %d - expected: %s\n#   not in this run\n' "$n" "$(quoted "$line")"
		fi
	done < <(expected "$want")
	while IFS= read -r line; do
		[ -n "${seen[$line]:-}" ] && continue
		n=$((n + 1))
		printf 'not ok %d - unexpected: %s\n#   not in %s\n' "$n" "$(quoted "$line")" "$want"
	done <"$got"
	printf '1..%d\n' "$n"
}

main() {
	local version file out status=0
	cd "$(dirname "${BASH_SOURCE[0]}")/.."
	version=$(qemu_version)
	file=expectations/qemu-$version.txt
	out=build/check/expect
	rm -rf "$out"
	./run.sh guest --qemu "$qemu" --accel "${FAULTLINE_ACCEL:-auto}" --out "$out" \
		>"$out.log" 2>&1 || status=$?
	if [ "$status" -gt 1 ]; then
		printf 'not ok 1 - run.sh guest ran (status %d)\n' "$status"
		sed 's/^/#   /' "$out.log" | tail -20
		return 1
	fi
	verdicts "$out/results.tap" >"$out/verdicts.txt"
	if [ "${1:-}" = --record ]; then
		{ [ ! -f "$file" ] || sed -n '/^#/p' "$file"; cat "$out/verdicts.txt"; } >"$out/new.txt"
		mv "$out/new.txt" "$file"
		printf '# recorded %s\n' "$file"
		return 0
	fi
	if [ ! -f "$file" ]; then
		printf 'ok 1 - guest verdicts # SKIP no expectations for QEMU %s\n1..1\n' "$version"
		return 0
	fi
	tail -n 1 "$out.log" | sed 's/^/# run.sh: /'
	compare "$file" "$out/verdicts.txt"
}

# Run only when executed, not when sourced.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	main "$@"
fi
