#!/usr/bin/env bash
# Runs the conformance suite against every mutant of the reference model
# (model-suite --list-mutants) and checks that each is killed: its run prints
# a `not ok` or `# WARN` line that the faithful run under the same setting
# does not print.  Twice: by the examples alone (fuzz=off), and by the
# random sequences alone (filter=sequences.random, reset.sequences.random too: the mutant is the device,
# the faithful model the oracle), at the guest's own default budget (the one
# every ./run.sh spends: seed 1, 192 steps, 16 sequences of 12, so that each
# of the 16 openings of fuzz/plan.c runs once).  One TAP line per mutant,
# then "mutants: K killed of N by examples, S by sequences" with the median
# length of the sequences' minimal reproducers, and the survivors.  Exit
# status 0 only when the examples and the sequences each kill every mutant
# (FAULTLINE_SEQ_BUDGET="fuzz=SEED,STEPS": another budget, to explore).
#   spec-checks/mutants.sh build/spec-checks/model-suite
set -euo pipefail

bin=${1:?usage: mutants.sh MODEL-SUITE}
out=$(dirname "$bin")/mutants
run_timeout=60
jobs=$(nproc 2>/dev/null || echo 2)
# The sequences' budget on the model: none given, the guest's default.
read -r -a SEQ_BUDGET <<<"${FAULTLINE_SEQ_BUDGET-}"

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
			spawn "${base[k$setting]}" --choice "$setting" fuzz=off
			spawn "${base[k$setting]}.seq" --choice "$setting" 'filter=sequences.random' ${SEQ_BUDGET[@]+"${SEQ_BUDGET[@]}"}
		fi
		spawn "$name" --mutant "$name" fuzz=off
		spawn "$name.seq" --mutant "$name" 'filter=sequences.random' ${SEQ_BUDGET[@]+"${SEQ_BUDGET[@]}"}
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

# killer RUN FAITHFUL IDS: the first line RUN prints that FAITHFUL does not
# and that names one of IDS; status 1 and the reason when there is none.
killer() {
	local run=$1 faithful=$2 ids=$3 rc base_rc new named
	read -r rc <"$out/$run.rc"
	read -r base_rc <"$out/$faithful.rc"
	if [ "$base_rc" -gt 1 ] || [ "$rc" -gt 1 ]; then
		printf 'model-suite exited with status %s: %s\n' "$rc" "$(tail -n 1 "$out/$run.tap")"
		return 1
	fi
	new=$(comm -13 "$out/$faithful.v" "$out/$run.v")
	if [ -z "$new" ]; then
		printf 'survived\n'
		return 1
	fi
	named=$(naming "$ids" "$new")
	if [ -z "$named" ]; then
		# Caught, but by checks of other statements: nothing tests these.
		printf 'killed only by checks of other statements: %s\n' "${new%%$'\n'*}"
		return 1
	fi
	printf '%s\n' "${named%%$'\n'*}"
}

# minimal RUN LINE: the length of the minimal reproducer reported after LINE.
minimal() {
	local line=$2
	awk -v want="${line#* - }" '
		index($0, want) { found = 1 }
		found && /#   minimal \(/ { sub(/.*minimal \(/, ""); print $1 + 0; exit }' "$out/$1.tap"
}

# judge N NAME SETTING IDS DESC: one TAP line; returns 1 unless killed both ways.
lengths=()
seq_killed=0
judge() {
	local n=$1 name=$2 ids=$4 desc=$5 faithful=${base[k$3]} ex sq len status=0
	ex=$(killer "$name" "$faithful" "$ids") || status=1
	sq=$(killer "$name.seq" "$faithful.seq" "$ids") || status=$((status + 2))
	if [ $((status & 2)) -eq 0 ]; then
		seq_killed=$((seq_killed + 1))
		len=$(minimal "$name.seq" "$sq")
		lengths+=("${len:-0}")
		sq="$sq (minimal: ${len:-?} steps)"
	fi
	if [ $((status & 1)) -ne 0 ]; then
		printf 'not ok %d - mutant %s [%s]: %s\n' "$n" "$name" "$ids" "$desc"
	elif [ "$status" -ne 0 ]; then
		printf 'not ok %d - mutant %s [%s]: not found by the sequences: %s\n' \
			"$n" "$name" "$ids" "$desc"
	else
		printf 'ok %d - mutant %s [%s] killed\n' "$n" "$name" "$ids"
	fi
	printf '#   by examples: %s\n#   by sequences: %s\n' "$ex" "$sq"
	[ $((status & 1)) -eq 0 ] && ex_killed=$((ex_killed + 1))
	return "$status"
}

# median: of the numbers in "${lengths[@]}".
median() {
	[ "${#lengths[@]}" -gt 0 ] || { printf '-'; return; }
	printf '%s\n' "${lengths[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

ex_killed=0
main() {
	local n=0 name setting ids desc start=${EPOCHREALTIME/./}
	local -a survivors=() seq_survivors=()
	rm -rf "$out"
	mkdir -p "$out"
	"$bin" --list-mutants >"$out/list"
	run_all
	while IFS=$'\t' read -r name setting ids desc; do
		setting=${setting#-}
		n=$((n + 1))
		judge "$n" "$name" "$setting" "$ids" "$desc" || case $? in
			1 | 3) survivors+=("$name") ;;
			*) seq_survivors+=("$name") ;;
		esac
	done <"$out/list"
	printf '1..%d\n' "$n"
	printf 'mutants: %d killed of %d by examples, %d by sequences (median minimal reproducer: %s steps) in %s s\n' \
		"$ex_killed" "$n" "$seq_killed" "$(median)" "$(elapsed "$start")"
	if [ "${#seq_survivors[@]}" -gt 0 ]; then
		printf 'not found by the sequences: %s\n' "${seq_survivors[*]}"
		[ "${#survivors[@]}" -gt 0 ] || return 1
	fi
	if [ "${#survivors[@]}" -gt 0 ]; then
		printf 'survivors: %s\n' "${survivors[*]}"
		return 1
	fi
}

main "$@"
