#!/usr/bin/env bash
# Proof that the host tests can fail: every kernel mutant of
# vm-images/kmutants/mutants.txt that applies to the test kernel's version
# is built on the kept baseline (vm-images/kernel-mutant.sh, seconds each)
# and boots only the host tests of its statements.  It is killed when its
# run prints a `not ok` or `# WARN` line naming one of its statements that
# the unmutated kernel's run does not print (spec-checks/mutants.sh's rule).
# One TAP line per mutant, then the counts and the median build and run
# seconds.  Exit status 0 when every mutant is killed except those listed in
# equivalent.txt (which must survive), and every statement has a mutant or a
# line in no-mutant.txt; 1 otherwise; 2 on a setup error.  Needs root (the
# builds mount overlays in a private mount namespace).
#   spec-checks/kernel-mutants.sh [--sample N] [NAME...]
# --sample N runs N mutants spread over the table (make check's step);
# NAMEs run those only.  Either skips the coverage check.
set -euo pipefail

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
KM=$ROOT/vm-images/kmutants
# Work files per kernel found (set in main), so two kernels can run at once.
OUT=
# A mutant may hang a test: the runner's limit per boot, check/expect.sh's for
# the host steps (at a load of 15 to 20 on 2 cores the unmutated VFIO VMs
# outlast 90 s; a hang costs only its own mutant that long).
# FAULTLINE_KMUT_TIMEOUT sets another.
RUN_TIMEOUT=${FAULTLINE_KMUT_TIMEOUT:-180}
# Every host-test VM: the unmutated kernel's full run boots them all.
ALL_VMS='host-tests host-vfio host-vfio-vtd host-dma-strict host-dma-passthrough host-vfio-quirks'
# shellcheck source=check/expect.sh
source "$ROOT/check/expect.sh"

die() {
	printf 'kernel-mutants: %s\n' "$*" >&2
	exit 2
}

# rows FILE: the table's rows for kernel VERSION (its second column lists
# it), without that column.
rows() {
	local name kernels rest
	while IFS=$'\t' read -r name kernels rest; do
		[[ -z $name || $name == '#'* || ",$kernels," != *",$VERSION,"* ]] ||
			printf '%s\t%s\n' "$name" "$rest"
	done <"$1"
}

# configs IDS PATCH: the host-test VMs that run IDS' tests, less those the
# patched driver is not in (virtio-iommu's VM or VT-d's).
configs() {
	local ids=$1 patch=$2 list=''
	[[ ,$ids, == *,IOMMUFD-* ]] && list+=' host-tests'
	if [[ ,$ids, == *,VFIO-* || ,$ids, == *,LINUX-VIOMMU-* ]]; then
		grep -q '^+++ b/drivers/iommu/intel/' "$patch" || list+=' host-vfio'
		grep -q '^+++ b/drivers/iommu/virtio-iommu.c' "$patch" || list+=' host-vfio-vtd'
	fi
	[[ ,$ids, == *,LINUX-QUIRK-* ]] && list+=' host-vfio-quirks'
	[[ ,$ids, == *,LINUX-VIOMMU-DMA-* ]] && list+=' host-dma-strict host-dma-passthrough'
	printf '%s\n' "${list# }"
}

# filter IDS: /init's filter for exactly those IDs ("*ID" globs match the
# whole ID, so IOMMUFD-RESP-1 does not pick IOMMUFD-RESP-10).
filter() {
	local id list=''
	for id in ${1//,/ }; do list+=",*$id"; done
	printf '%s\n' "${list#,}"
}

# run_host KERNEL DIR CONFIGS [FILTER]: the host tests on KERNEL into DIR; its
# verdict lines (check/expect.sh's form) into DIR.v.
run_host() {
	local kernel=$1 dir=$2 configs=$3 filter=${4:-} status=0
	local -a args=(host --kernel "$kernel" --accel "${FAULTLINE_ACCEL:-auto}" --timeout "$RUN_TIMEOUT" --out "$dir")
	[[ -n $filter ]] && args+=(--filter "$filter")
	FAULTLINE_HOST_CONFIGS=$configs "$ROOT/run.sh" "${args[@]}" >"$dir.log" 2>&1 || status=$?
	((status <= 1)) || return 1
	verdicts "$dir/results.tap" >"$dir.v"
}

# bad_lines V: the not ok and WARN lines of a verdict file.
bad_lines() {
	grep -E '^[^:]*: (not ok|ok .* # WARN )' "$1" || true
}

# naming IDS LINES: the lines whose statement IDs include one of IDS.
naming() {
	local line named id
	while IFS= read -r line; do
		[[ -n $line ]] || continue
		named=${line%% # *}
		named=${named%% (observed: *}
		named=${named##*[}
		named=${named%%]*}
		for id in ${1//,/ }; do
			if [[ ",$named," == *",$id,"* ]]; then
				printf '%s\n' "$line"
				break
			fi
		done
	done <<<"$2"
}

# seconds START: seconds since START (microseconds), to a tenth.
seconds() {
	local us=$((${EPOCHREALTIME/./} - $1))
	printf '%d.%d\n' "$((us / 1000000))" "$((us / 100000 % 10))"
}

# median FILE: the median of the numbers in FILE, one per line.
median() {
	sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2); else print "-" }'
}

# patch_of NAME: NAME's patch for the tree under test, the first that applies
# of NAME.patch and its variants rebased onto later trees (NAME.vN.patch):
# what the tree holds picks the variant, never a version.
patch_of() {
	local p
	for p in "$KM/$1.patch" "$KM/$1".v*.patch; do
		if [[ -f $p ]] && "$ROOT/vm-images/kernel-mutant.sh" applies "$p"; then
			printf '%s\n' "$p"
			return 0
		fi
	done
	return 1
}

# build NAME: NAME's kernel as $OUT/NAME.bzImage, its seconds in NAME.build.
build() {
	local start=${EPOCHREALTIME/./} patch
	if ! patch=$(patch_of "$1"); then
		printf 'no variant of %s.patch applies to this tree\n' "$1" >"$OUT/$1.build.log"
		rm -f -- "$OUT/$1.bzImage"
		return 0
	fi
	printf '%s\n' "$patch" >"$OUT/$1.patch"
	if "$ROOT/vm-images/kernel-mutant.sh" build "$patch" "$OUT/$1.bzImage" \
		>/dev/null 2>"$OUT/$1.build.log"; then
		seconds "$start" >"$OUT/$1.build"
	else
		rm -f -- "$OUT/$1.bzImage"
	fi
}

# record NAME VERDICT WHY: one row of the results table (verdicts.tsv):
# kernel, mutant, verdict, build and run seconds, the check that killed it or
# why there is none.
record() {
	local build run
	build=$(cat -- "$OUT/$1.build" 2>/dev/null) || build=-
	run=$(cat -- "$OUT/$1.run" 2>/dev/null) || run=-
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$VERSION" "$1" "$2" "$build" "$run" "${3//$'\t'/ }" >>"$OUT/verdicts.tsv"
}

# judge N NAME IDS DESC: runs the mutant built last; one TAP line; sets
# VERDICT to killed, survived, equivalent or error, WHY to the check that
# killed it or why none did.
judge() {
	local n=$1 name=$2 ids=$3 desc=$4 start new named equiv
	equiv=$(rows "$KM/equivalent.txt" | awk -F '\t' -v n="$name" '$1 == n { print $2 }')
	if [[ ! -f $OUT/$name.bzImage ]]; then
		VERDICT=error WHY=$(tail -n 1 "$OUT/$name.build.log")
		printf 'not ok %d - mutant %s [%s]: its kernel did not build\n' "$n" "$name" "$ids"
		tail -n 5 "$OUT/$name.build.log" | sed 's/^/#   /'
		return
	fi
	start=${EPOCHREALTIME/./}
	if ! run_host "$OUT/$name.bzImage" "$OUT/$name" "$(configs "$ids" "$(cat -- "$OUT/$name.patch")")" "$(filter "$ids")"; then
		VERDICT=error WHY="run.sh failed"
		printf 'not ok %d - mutant %s [%s]: run.sh failed\n' "$n" "$name" "$ids"
		tail -n 5 "$OUT/$name.log" | sed 's/^/#   /'
		return
	fi
	seconds "$start" >"$OUT/$name.run"
	rm -f -- "$OUT/$name.bzImage"
	new=$(comm -13 <(bad_lines "$OUT/faithful.v" | sort) <(bad_lines "$OUT/$name.v" | sort))
	named=$(naming "$ids" "$new")
	if [[ -n $equiv && -z $named ]]; then
		VERDICT=equivalent WHY=$equiv
		printf 'ok %d - mutant %s [%s] survived, equivalent: %s # SKIP %s\n' "$n" "$name" "$ids" "$desc" "$equiv"
	elif [[ -n $equiv ]]; then
		VERDICT=survived WHY="listed as equivalent, killed by ${named%%$'\n'*}"
		quoted "${named%%$'\n'*}"
		printf 'not ok %d - mutant %s [%s] listed as equivalent, but killed by:\n#   %s\n' \
			"$n" "$name" "$ids" "$QUOTED"
	elif [[ -n $named ]]; then
		VERDICT=killed WHY=${named%%$'\n'*}
		quoted "${named%%$'\n'*}"
		printf 'ok %d - mutant %s [%s] killed by:\n#   %s\n' "$n" "$name" "$ids" "$QUOTED"
	else
		VERDICT=survived WHY="no check of its statements failed"
		printf 'not ok %d - mutant %s [%s] survived: %s\n' "$n" "$name" "$ids" "$desc"
		if [[ -n $new ]]; then
			quoted "${new%%$'\n'*}"
			printf '#   failed only checks of other statements: %s\n' "$QUOTED"
		fi
	fi
}

# coverage: one TAP line; every statement has a mutant or a no-mutant line.
coverage() {
	local n=$1 id missing=()
	local -A named=()
	while IFS=$'\t' read -r _ ids _; do
		for id in ${ids//,/ }; do named[$id]=1; done
	done < <(rows "$KM/mutants.txt")
	while IFS=$'\t' read -r id _; do named[$id]=1; done < <(rows "$KM/no-mutant.txt")
	while IFS=$'\t' read -r id _; do
		[[ -z $id || $id == '#'* || -n ${named[$id]:-} ]] || missing+=("$id")
	done <"$ROOT/host-tests/statements.txt"
	if ((${#missing[@]} == 0)); then
		printf 'ok %d - every statement of host-tests/statements.txt has a mutant for %s or a reason in no-mutant.txt\n' "$n" "$VERSION"
		return 0
	fi
	printf 'not ok %d - statements without a mutant for %s or a line in no-mutant.txt: %s\n' "$n" "$VERSION" "${missing[*]}"
	return 1
}

# selected_ids: the statement IDs of the mutants selected, a comma list.
selected_ids() {
	cut -f2 "$OUT/rows" | tr , "\n" | sort -u | paste -sd, -
}

# select_rows ARGS: the rows to run into $OUT/rows (all, a sample, or named).
select_rows() {
	local sample=0
	if [[ ${1:-} == --sample ]]; then
		sample=${2:?--sample needs a count}
		shift 2
	fi
	rows "$KM/mutants.txt" >"$OUT/all"
	if (($# > 0)); then
		printf '%s\n' "$@" | awk -F '\t' 'NR == FNR { want[$1] = 1; next } want[$1]' - "$OUT/all" >"$OUT/rows"
	elif ((sample > 0)); then
		awk -v k="$sample" -v n="$(wc -l <"$OUT/all")" 'int((NR - 1) * k / n) != int(NR * k / n)' "$OUT/all" >"$OUT/rows"
	else
		cp -- "$OUT/all" "$OUT/rows"
	fi
	[[ -s $OUT/rows ]] || die "no mutant selected for $VERSION"
	((sample == 0 && $# == 0))
}

main() {
	local start=${EPOCHREALTIME/./} n=0 full=0 name ids desc row pid baseline filter status=0 vms
	local -a list
	local -A count=([killed]=0 [survived]=0 [equivalent]=0 [error]=0)
	local -a survivors=()
	if ((EUID != 0)); then
		# make check (a sample) goes on without it; the full target cannot.
		[[ ${1:-} == --sample ]] || die "needs root: mutant kernels are built under overlay mounts"
		printf 'ok 1 - kernel mutants # SKIP needs root (overlay mounts)\n1..1\n'
		return 0
	fi
	VERSION=$("$ROOT/vm-images/kernel-mutant.sh" version) || exit 2
	OUT=$ROOT/build/kernel-mutants/$VERSION
	rm -rf -- "$OUT"
	mkdir -p -- "$OUT"
	select_rows "$@" && full=1
	printf 'TAP version 13\n# kernel %s: %d mutants\n' "$VERSION" "$(wc -l <"$OUT/rows")"
	# kernel.sh keeps its build directory: the baseline, unless it predates that.
	baseline=$("$ROOT/vm-images/kernel.sh" build) || exit 2
	"$ROOT/vm-images/kernel-mutant.sh" baseline >/dev/null || exit 2
	# The next mutant builds while the VMs run: the two cores do both.
	mapfile -t list <"$OUT/rows"
	build "${list[0]%%$'\t'*}" &
	pid=$!
	# A sample runs the unmutated kernel on its mutants' statements only, in
	# the VMs their tests run in.
	if ((full)); then
		filter='' vms=$ALL_VMS
	else
		filter=$(filter "$(selected_ids)")
		vms=$(configs "$(selected_ids)" /dev/null)
	fi
	run_host "$baseline" "$OUT/faithful" "$vms" "$filter" ||
		die "the unmutated kernel's run failed: $OUT/faithful.log"
	printf '# unmutated kernel: %d checks, %d failed\n' "$(wc -l <"$OUT/faithful.v")" \
		"$(bad_lines "$OUT/faithful.v" | wc -l)"
	for row in "${list[@]}"; do
		IFS=$'\t' read -r name ids desc <<<"$row"
		wait "$pid"
		if ((n + 1 < ${#list[@]})); then
			build "${list[n + 1]%%$'\t'*}" &
			pid=$!
		fi
		n=$((n + 1))
		judge "$n" "$name" "$ids" "$desc"
		record "$name" "$VERDICT" "$WHY"
		count[$VERDICT]=$((count[$VERDICT] + 1))
		[[ $VERDICT == killed || $VERDICT == equivalent ]] || survivors+=("$name")
	done
	if ((full)); then
		n=$((n + 1))
		coverage "$n" || status=1
	fi
	printf '1..%d\n' "$n"
	cat "$OUT"/*.build 2>/dev/null >"$OUT/build-seconds" || true
	cat "$OUT"/*.run 2>/dev/null >"$OUT/run-seconds" || true
	printf 'kernel-mutants %s: %d killed, %d survived, %d equivalent, %d broken of %d; median build %s s, run %s s; in %s s\n' \
		"$VERSION" "${count[killed]}" "${count[survived]}" "${count[equivalent]}" "${count[error]}" \
		"$(wc -l <"$OUT/rows")" "$(median "$OUT/build-seconds")" "$(median "$OUT/run-seconds")" "$(seconds "$start")"
	# The results table: verdicts.tsv, aligned.
	awk -F '\t' '{ printf "# %-32s %-10s %6s %6s  %s\n", $2, $3, $4, $5, substr($6, 1, 160) }' "$OUT/verdicts.tsv"
	if ((${#survivors[@]} > 0)); then
		printf 'survivors: %s\n' "${survivors[*]}"
		status=1
	fi
	return "$status"
}

# Run only when executed, not when sourced.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	main "$@"
fi
