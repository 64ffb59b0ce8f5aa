#!/usr/bin/env bash
# The conformance suite against the faithful reference model, once per
# allowed setting (model-suite --sweep: the defaults, each other value of each
# knob, a few whole-device combinations).  A setting passes when the run has
# no `not ok` and no `# WARN` line, except WARNs on the statements a
# non-conforming configuration breaks on purpose (listed by --sweep).
#   spec-checks/faithful.sh build/spec-checks/model-suite
set -euo pipefail

bin=${1:?usage: faithful.sh MODEL-SUITE}
out=$(dirname "$bin")/faithful
jobs=$(nproc 2>/dev/null || echo 2)

# ids_allowed IDS ALLOWED: every ID of the comma list IDS is in ALLOWED.
ids_allowed() {
	local id
	for id in ${1//,/ }; do
		[[ ",$2," == *",$id,"* ]] || return 1
	done
}

# offending TAP ALLOWED: the verdict lines a faithful model must not cause.
offending() {
	local line ids
	while IFS= read -r line; do
		if [[ $line == "not ok "* ]]; then
			printf '%s\n' "$line"
		elif [[ $line =~ \[([^]]*)\]\ \#\ WARN ]]; then
			ids=${BASH_REMATCH[1]}
			ids_allowed "$ids" "$2" || printf '%s\n' "$line"
		fi
	done < <(grep -E '^not ok |# WARN' "$1" || true)
}

count() {
	awk -v re="$1" '$0 ~ re { n++ } END { print n + 0 }' "$2"
}

# elapsed START: seconds since START (microseconds), to the millisecond.
elapsed() {
	local us=$((${EPOCHREALTIME/./} - $1))
	printf '%d.%03d' "$((us / 1000000))" "$((us / 1000 % 1000))"
}

# run N SETTING: the suite under one setting, into $out/N.tap and N.rc.
run() {
	local status=0
	"$bin" --choice "$2" >"$out/$1.tap" 2>&1 || status=$?
	printf '%d\n' "$status" >"$out/$1.rc"
}

# judge N SETTING ALLOWED: one TAP line for one setting.
judge() {
	local n=$1 setting=$2 allowed=$3 tap="$out/$1.tap" status bad
	read -r status <"$out/$n.rc"
	bad=$(offending "$tap" "$allowed")
	if [ "$status" -gt 1 ] || ! grep -q '^1\.\.' "$tap"; then
		bad+=$'\n'"model-suite exited with status $status: $(tail -n 3 "$tap")"
	fi
	if [ -n "$bad" ]; then
		printf 'not ok %d - faithful model [%s]\n' "$n" "${setting:-defaults}"
		printf '%s\n' "$bad" | sed '/^$/d; s/^/#   /'
		return 1
	fi
	printf 'ok %d - faithful model [%s]: %d tests, %d skipped, %d info%s\n' "$n" \
		"${setting:-defaults}" "$(count '^(not )?ok [0-9]' "$tap")" \
		"$(count '# SKIP' "$tap")" "$(count '# INFO' "$tap")" \
		"${allowed:+, WARN allowed on $allowed}"
}

main() {
	local n=0 failed=0 running=0 setting allowed start=${EPOCHREALTIME/./}
	rm -rf "$out"
	mkdir -p "$out"
	"$bin" --sweep >"$out/settings"	# "-" is the defaults
	while IFS=$'\t' read -r setting allowed; do
		n=$((n + 1))
		if [ "$running" -ge "$jobs" ]; then
			wait -n || true
			running=$((running - 1))
		fi
		run "$n" "${setting#-}" &
		running=$((running + 1))
	done <"$out/settings"
	wait
	n=0
	while IFS=$'\t' read -r setting allowed; do
		n=$((n + 1))
		judge "$n" "${setting#-}" "$allowed" || failed=$((failed + 1))
	done <"$out/settings"
	printf '# skipped with the defaults:\n'
	sed -nE 's/^ok [0-9]+ - (.*) # SKIP (.*)/#   \1: \2/p' "$out/1.tap"
	printf '# %d settings in %s s\n1..%d\n' "$n" "$(elapsed "$start")" "$n"
	[ "$failed" -eq 0 ]
}

main "$@"
