#!/usr/bin/env bash
# make check step for the kernel mutants that needs no kernel (TAP): the
# tables in vm-images/kmutants/ are well formed and agree with the patches
# and with host-tests/statements.txt, and every patch touches only files
# under drivers/ or virt/kvm/ (spec-checks/kernel-mutants.sh builds and runs them).
set -euo pipefail

cd "$(dirname "$0")/.."
KM=vm-images/kmutants
N=0 BAD=0

# check DESC PROBLEM...: ok when there are no problems.
check() {
	local desc=$1
	shift
	N=$((N + 1))
	if (($# == 0)); then
		printf 'ok %d - %s\n' "$N" "$desc"
		return
	fi
	BAD=1
	printf 'not ok %d - %s\n' "$N" "$desc"
	printf '#   %s\n' "$@"
}

rows() {
	grep -v -e '^#' -e '^$' "$1"
}

declare -A IDS=() MUTANTS=()
while IFS=$'\t' read -r id _; do IDS[$id]=1; done < <(rows host-tests/statements.txt)

# known_ids WHERE LIST: a problem for each ID of LIST not in statements.txt.
known_ids() {
	local id
	for id in ${2//,/ }; do
		[[ -n ${IDS[$id]:-} ]] || PROBLEMS+=("$1: unknown statement $id")
	done
}

kernels_ok() {
	[[ $1 =~ ^[0-9]+\.[0-9]+(,[0-9]+\.[0-9]+)*$ ]]
}

mutants_table() {
	local name kernels ids desc extra
	PROBLEMS=()
	while IFS=$'\t' read -r name kernels ids desc extra; do
		for_kernels "$kernels" "$ids"
		[[ $name =~ ^[a-z0-9-]+$ ]] || PROBLEMS+=("bad name '$name'")
		[[ -z ${MUTANTS[$name]:-} ]] || PROBLEMS+=("$name listed twice")
		MUTANTS[$name]=1
		kernels_ok "$kernels" || PROBLEMS+=("$name: bad kernels '$kernels'")
		[[ -n $desc && -z $extra ]] || PROBLEMS+=("$name: not four fields")
		known_ids "$name" "$ids"
		[[ -f $KM/$name.patch ]] || PROBLEMS+=("$name: no $KM/$name.patch")
	done < <(rows "$KM/mutants.txt")
	check "mutants.txt: ${#MUTANTS[@]} mutants, well formed, statements known" "${PROBLEMS[@]}"
}

patches() {
	local patch file name
	PROBLEMS=()
	for patch in "$KM"/*.patch; do
		# NAME.patch, or NAME.vN.patch: NAME rebased onto a later tree.
		name=$(basename "$patch" .patch)
		[[ -n ${MUTANTS[${name%.v[0-9]*}]:-} ]] || PROBLEMS+=("$patch has no row")
		while read -r file; do
			[[ $file == b/drivers/* || $file == b/virt/kvm/* ]] || PROBLEMS+=("$patch touches $file")
		done < <(sed -n 's/^+++ \([^[:space:]]*\).*/\1/p' "$patch")
		grep -q '^+++ ' "$patch" || PROBLEMS+=("$patch changes nothing")
	done
	check "every patch has a row and changes files under drivers/ or virt/kvm/ only" "${PROBLEMS[@]}"
}

# Per kernel the tables name (KERNELS), the statements with a mutant or a
# no-mutant line: COVERED["6.12 IOMMUFD-ALLOC-1"].
declare -A KERNELS=() COVERED=()

# for_kernels KERNELS IDS: IDS are covered on each of KERNELS.
for_kernels() {
	local k id
	for k in ${1//,/ }; do
		KERNELS[$k]=1
		for id in ${2//,/ }; do COVERED["$k $id"]=1; done
	done
}

# coverage: on every kernel a table names, every statement has a mutant or a
# line in no-mutant.txt saying why none can exist.
coverage() {
	local k id
	local -a missing
	PROBLEMS=()
	for k in "${!KERNELS[@]}"; do
		missing=()
		for id in "${!IDS[@]}"; do
			[[ -n ${COVERED["$k $id"]:-} ]] || missing+=("$id")
		done
		((${#missing[@]} == 0)) || PROBLEMS+=("$k: no mutant and no no-mutant line: $(printf '%s\n' "${missing[@]}" | sort | paste -sd ' ')")
	done
	check "every statement has a mutant or a no-mutant line on each kernel (${!KERNELS[*]})" "${PROBLEMS[@]}"
}

# side_table FILE KEY-KIND: equivalent.txt (mutant names) or no-mutant.txt
# (statement IDs), three fields each.
side_table() {
	local key kernels reason extra
	PROBLEMS=()
	while IFS=$'\t' read -r key kernels reason extra; do
		if [[ $2 == mutant ]]; then
			[[ -n ${MUTANTS[$key]:-} ]] || PROBLEMS+=("$key is not in mutants.txt")
		else
			known_ids "$1" "$key"
			for_kernels "$kernels" "$key"
		fi
		kernels_ok "$kernels" || PROBLEMS+=("$key: bad kernels '$kernels'")
		[[ -n $reason && -z $extra ]] || PROBLEMS+=("$key: not three fields")
	done < <(rows "$KM/$1")
	check "$1: well formed, every line names a known $2 and gives a reason" "${PROBLEMS[@]}"
}

mutants_table
patches
side_table equivalent.txt mutant
side_table no-mutant.txt statement
coverage
printf '1..%d\n' "$N"
exit "$BAD"
