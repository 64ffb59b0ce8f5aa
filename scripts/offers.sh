# shellcheck shell=bash
# What a QEMU binary offers: the devices the suite needs, and the
# virtio-iommu-pci properties that decide which device variants it can boot.
# Variants come from what the binary says (-device virtio-iommu-pci,help),
# never from its version number.  Needs util.sh, variants.sh and facts.sh.
# Functions return their results in globals that their callers read.
# shellcheck disable=SC2034

OFFERS_PROPS=() # virtio-iommu-pci's property names, from the binary
OFFERS_DROPPED='' # the variants dropped, space separated

# offers_read QEMU: checks QEMU has virtio-iommu-pci and edu (status 2 and
# what is missing otherwise) and sets OFFERS_PROPS.
offers_read() {
	local qemu=$1 props edu missing=''
	# "-device NAME,help" per device: a plain "-device help" loads every
	# module, and a private root's QEMU may find the host's older ones.
	# Read all of it: grep -q closing the pipe early would fail it.
	# Asked once per binary (scripts/facts.sh).
	qemu_ask "$qemu" iommu-help -machine none -device virtio-iommu-pci,help || :
	props=$QEMU_ANSWER
	qemu_ask "$qemu" edu-help -machine none -device edu,help || :
	edu=$QEMU_ANSWER
	[[ $props == *"virtio-iommu-pci options:"* ]] || missing+=' virtio-iommu-pci'
	[[ $edu == *"edu options:"* ]] || missing+=' edu'
	if [[ -n $missing ]]; then
		warn "$qemu lacks the device(s) the suite needs:$missing (-device NAME,help: not found)"
		return 2
	fi
	mapfile -t OFFERS_PROPS < <(sed -nE 's/^ *([A-Za-z0-9_.-]+)=<.*/\1/p' <<<"$props")
}

# offers_has PROP: whether the binary's virtio-iommu-pci has property PROP.
offers_has() {
	local p
	for p in "${OFFERS_PROPS[@]}"; do
		[[ $p == "$1" ]] && return 0
	done
	return 1
}

# offers_variant_ok OPTIONS: whether every property OPTIONS sets is offered.
offers_variant_ok() {
	local opt
	local -a opts
	IFS=, read -r -a opts <<<"$1"
	for opt in ${opts[@]+"${opts[@]}"}; do
		# reserved-regions[0]=...: an element of the array property; 7.2
		# lists only len-reserved-regions, the elements exist once it is set.
		opt=${opt%%=*}
		opt=${opt%%\[*}
		# machine.P: the machine's, which QEMU checks when it boots.
		[[ $opt != machine.* ]] || continue
		offers_has "$opt" || offers_has "len-$opt" || return 1
	done
}

# offers_filter_variants: drops from VARIANTS_SELECTED the variants whose
# properties the binary lacks, saying so; a variant named with --variant
# that the binary cannot boot is an error (status 2).
offers_filter_variants() {
	local name explicit=$1
	local -a kept=() dropped=()
	for name in "${VARIANTS_SELECTED[@]}"; do
		if offers_variant_ok "${VARIANT_OPTS[$name]}"; then
			kept+=("$name")
		else
			dropped+=("$name")
		fi
	done
	if ((${#dropped[@]} > 0)); then
		if ((explicit)); then
			warn "this QEMU's virtio-iommu-pci lacks the properties of variant(s): ${dropped[*]}"
			return 2
		fi
		OFFERS_DROPPED="${dropped[*]}"
	fi
	VARIANTS_SELECTED=("${kept[@]}")
}
