#!/usr/bin/env bash
# Proof that no verdict depends on the tests run before it: each test's
# verdicts run alone (--filter =NAME, a VM of its own) equal its verdicts in
# the full run, per QEMU release, in the default variant.
#   check/isolation.sh [--all] [RELEASE...]
# Without --all it runs a sample: the tests whose verdicts changed with the
# tests before them on a device whose reset kept domains (QEMU 10.0, 11.1).
# Releases default to every one scripts/qemu-release.sh knows; one that
# cannot be fetched is a skip with the reason.  The "isolation:" checks are
# the device's findings about the clean state between tests, not a test's
# verdict: they are left out of the comparison.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

SAMPLE=(attach.flags attach.bypass_mismatch attach.attached detach.not_attached
	init.after_reset faults.unmapped_read bypass.detach)
N=0 BAD=0

# verdicts_by_test RESULTS: "NAME<TAB>verdict line" per check, numbers dropped.
verdicts_by_test() {
	awk '/^    # test [0-9]+ /{ name = $4; next }
	     /^    (not )?ok [0-9]+ - / {
		line = $0; sub(/^    /, "", line); sub(/ok [0-9]+ - /, "ok - ", line)
		if (line ~ /^(not )?ok - isolation: /) next
		print name "\t" line }' "$1"
}

tap() {
	N=$((N + 1))
	if [[ $1 == ok ]]; then
		printf 'ok %d - %s\n' "$N" "$2"
	else
		BAD=1
		printf 'not ok %d - %s\n' "$N" "$2"
		printf '%s\n' "${@:3}" | sed 's/^/#   /'
	fi
}

# one_release RELEASE ALL: the full run, then each test alone.
one_release() {
	local release=$1 all=$2 out=build/check/isolation-$1 name want got
	local -a names
	local -a run=(./run.sh guest --qemu-release "$release" --variant default --accel "${FAULTLINE_ACCEL:-auto}")
	if ! scripts/qemu-release.sh path "$release" >/dev/null 2>"$out.fetch"; then
		N=$((N + 1))
		printf 'ok %d - QEMU %s: verdicts alone equal verdicts in the full run # SKIP %s\n' \
			"$N" "$release" "$(tail -n 1 "$out.fetch")"
		return 0
	fi
	rm -rf "$out" && mkdir -p "$out"
	"${run[@]}" --out "$out/full" >"$out/full.log" 2>&1 || true
	verdicts_by_test "$out/full/results.tap" >"$out/full.txt"
	if ((all)); then
		mapfile -t names < <(cut -f1 "$out/full.txt" | uniq)
	else
		names=("${SAMPLE[@]}")
	fi
	for name in "${names[@]}"; do
		"${run[@]}" --filter "=$name" --out "$out/$name" >"$out/$name.log" 2>&1 || true
		want=$(awk -F'\t' -v n="$name" '$1 == n { print $2 }' "$out/full.txt")
		got=$(verdicts_by_test "$out/$name/results.tap" | cut -f2)
		if [[ -n $want && $want == "$got" ]]; then
			tap ok "QEMU $release: $name alone gives its verdicts of the full run"
		else
			tap bad "QEMU $release: $name alone gives its verdicts of the full run" \
				"full run:" "${want:-(no verdict)}" "alone:" "${got:-(no verdict)}"
		fi
	done
}

main() {
	local all=0 release
	local -a releases
	if [[ ${1:-} == --all ]]; then
		all=1
		shift
	fi
	if (($# > 0)); then
		releases=("$@")
	else
		mapfile -t releases < <(scripts/qemu-release.sh releases)
	fi
	mkdir -p build/check
	for release in "${releases[@]}"; do
		one_release "$release" "$all"
	done
	printf '1..%d\n' "$N"
	return "$BAD"
}

main "$@"
