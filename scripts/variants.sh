# shellcheck shell=bash
# Device variants: each name in scripts/variants.conf stands for options
# appended to "-device virtio-iommu-pci"; the guest suite runs once per
# variant.  Needs util.sh.
# Functions return their results in globals that their callers read.
# shellcheck disable=SC2034

VARIANT_NAMES=()            # every variant, in the file's order
declare -gA VARIANT_OPTS=() # NAME -> its options ('' for the defaults)
VARIANTS_SELECTED=()        # the variants this run boots, in the file's order

# variants_file ROOT: the variants file of the guest's architecture
# (GUEST_ARCH, arch.sh; FAULTLINE_VARIANTS lets tests stand in for it).
variants_file() {
	printf '%s\n' "${FAULTLINE_VARIANTS:-$1/$(arch_info variants)}"
}

# variants_check_line WHERE NAME OPTIONS EXTRA: one variant line is well formed.
variants_check_line() {
	local where=$1 name=$2 opts=$3 extra=$4
	if [[ ! $name =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]]; then
		warn "$where: bad variant name '$name' (letters, digits, '.', '_', '-')"
		return 2
	fi
	if [[ -n $extra ]]; then
		warn "$where: variant $name: the options must be one word, not '$opts $extra'"
		return 2
	fi
	if [[ -n ${VARIANT_OPTS[$name]+set} ]]; then
		warn "$where: variant $name is defined twice"
		return 2
	fi
}

# variants_load FILE: reads FILE ("NAME [OPTIONS]" lines, # comments) into
# VARIANT_NAMES and VARIANT_OPTS.  Returns 2 on a missing or malformed file.
variants_load() {
	local file=$1 line name opts extra n=0
	VARIANT_NAMES=()
	VARIANT_OPTS=()
	if [[ ! -f $file || ! -r $file ]]; then
		warn "cannot read the variants file $file"
		return 2
	fi
	while IFS= read -r line || [[ -n $line ]]; do
		n=$((n + 1))
		if [[ $line =~ ^[[:space:]]*(#|$) ]]; then
			continue
		fi
		read -r name opts extra <<<"$line"
		variants_check_line "$file:$n" "$name" "$opts" "$extra" || return 2
		VARIANT_NAMES+=("$name")
		VARIANT_OPTS[$name]=$opts
	done <"$file"
	if ((${#VARIANT_NAMES[@]} == 0)); then
		warn "$file defines no variant"
		return 2
	fi
}

# variants_select [SPEC...]: sets VARIANTS_SELECTED to the variants named in
# the SPECs (comma lists, from --variant), in the file's order; no SPEC: all.
# Returns 2 on an unknown name.
variants_select() {
	local spec name
	local -a names
	local -A wanted=()
	VARIANTS_SELECTED=()
	for spec in "$@"; do
		IFS=, read -r -a names <<<"$spec"
		for name in "${names[@]}"; do
			if [[ -z $name || -z ${VARIANT_OPTS[$name]+set} ]]; then
				warn "unknown variant '$name' (variants: ${VARIANT_NAMES[*]})"
				return 2
			fi
			wanted[$name]=1
		done
	done
	for name in "${VARIANT_NAMES[@]}"; do
		if (($# == 0)) || [[ -n ${wanted[$name]:-} ]]; then
			VARIANTS_SELECTED+=("$name")
		fi
	done
}

# variants_list: "variant NAME [OPTIONS]" for each selected variant.
variants_list() {
	local name
	for name in "${VARIANTS_SELECTED[@]}"; do
		printf 'variant %s%s\n' "$name" "${VARIANT_OPTS[$name]:+ ${VARIANT_OPTS[$name]}}"
	done
}
