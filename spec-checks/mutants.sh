#!/usr/bin/env bash
# Runs the conformance suite against every mutant of the reference model
# (model-suite --list-mutants) and checks that each is killed: its run prints
# a `not ok` or `# WARN` line that the faithful run under the same setting
# does not print.  One TAP line per mutant, then "mutants: K killed of N"
# and the survivors.  Exit status 0 only when every mutant is killed.
#   spec-checks/mutants.sh build/spec-checks/model-suite
set -euo pipefail

bin=${1:?usage: mutants.sh MODEL-SUITE}
out=$(dirname "$bin")/mutants
run_timeout=60
jobs=$(nproc 2>/dev/null || echo 2)

# verdicts TAP: the not ok and WARN lines, numbers stripped, sorted.
verdicts() {
	sed -nE 's/^(not ok|ok) [0-9]+ /\1 /p' "$1" | grep -E '^not ok|# WARN' | sort -u || true
}

# suite NAME ARGS...: runs model-suite into $out/NAME.tap, its verdicts into
# NAME.v and its exit status into NAME.rc.
suite() {
	local name=$1 status=0
	shift
	timeout "$run_timeout" "$bin" "$@" >"$out/$name.tap" 2>&1 || status=$?
	verdicts "$out/$name.tap" >"$out/$name.v"
	printf '%d\n' "$status" >"$out/$name.rc"
}

declare -A base=()	# "k" + setting -> file name of the faithful run under it
running=0

# spawn ARGS...: runs `suite ARGS...` in the background, $jobs at a time.
spawn() {
	if [ "$running" -ge "$jobs" ]; then
		wait -n || true
		running=$((running - 1))
	fi
	suite "$@" &
	running=$((running + 1))
}

run_all() {
	local name setting ids desc
	while IFS=$'\t' read -r name setting ids desc; do
		setting=${setting#-}
		if [ -z "${base[k$setting]:-}" ]; then
			base[k$setting]=faithful-${#base[@]}
			spawn "${base[k$setting]}" --choice "$setting"
		fi
		spawn "$name" --mutant "$name"
	done <"$out/list"
	wait
}

# elapsed START: seconds since START (microseconds), to the millisecond.
elapsed() {
	local us=$((${EPOCHREALTIME/./} - $1))
	printf '%d.%03d' "$((us / 1000000))" "$((us / 1000 % 1000))"
}

# naming IDS LINES: the lines whose statement IDs (the last [..] before any
# directive) include one of IDS (comma-separated).
naming() {
	local want=$1 line named id
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		named=${line%% # *}
		named=${named##*[}
		named=${named%]}
		for id in ${want//,/ }; do
			if [[ ",$named," == *",$id,"* ]]; then
				printf '%s\n' "$line"
				break
			fi
		done
	done <<<"$2"
}

# judge N NAME SETTING IDS DESC: one TAP line; returns 1 unless killed.
judge() {
	local n=$1 name=$2 setting=$3 ids=$4 desc=$5 faithful=${base[k$3]} rc base_rc new named
	read -r rc <"$out/$name.rc"
	read -r base_rc <"$out/$faithful.rc"
	if [ "$base_rc" -gt 1 ] || [ "$rc" -gt 1 ]; then
		printf 'not ok %d - mutant %s [%s]: model-suite exited with status %s\n' \
			"$n" "$name" "$ids" "$rc"
		tail -n 3 "$out/$name.tap" | sed 's/^/#   /'
		return 1
	fi
	new=$(comm -13 "$out/$faithful.v" "$out/$name.v")
	if [ -z "$new" ]; then
		printf 'not ok %d - mutant %s [%s] survived: %s\n' "$n" "$name" "$ids" "$desc"
		return 1
	fi
	named=$(naming "$ids" "$new")
	if [ -z "$named" ]; then
		# Caught, but by checks of other statements: nothing tests these.
		printf 'not ok %d - mutant %s [%s] killed only by checks of other statements: %s\n#   %s\n' \
			"$n" "$name" "$ids" "$desc" "${new%%$'\n'*}"
		return 1
	fi
	new=$named
	printf 'ok %d - mutant %s [%s] killed by:\n#   %s\n' "$n" "$name" "$ids" "${new%%$'\n'*}"
}

main() {
	local n=0 killed=0 name setting ids desc start=${EPOCHREALTIME/./}
	local -a survivors=()
	rm -rf "$out"
	mkdir -p "$out"
	"$bin" --list-mutants >"$out/list"
	run_all
	while IFS=$'\t' read -r name setting ids desc; do
		setting=${setting#-}
		n=$((n + 1))
		if judge "$n" "$name" "$setting" "$ids" "$desc"; then
			killed=$((killed + 1))
		else
			survivors+=("$name")
		fi
	done <"$out/list"
	printf '1..%d\n' "$n"
	printf 'mutants: %d killed of %d in %s s\n' "$killed" "$n" "$(elapsed "$start")"
	if [ "${#survivors[@]}" -gt 0 ]; then
		printf 'survivors: %s\n' "${survivors[*]}"
		return 1
	fi
}

main "$@"
