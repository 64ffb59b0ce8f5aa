#!/usr/bin/env bash
# Runs a suite and asserts that every verdict equals the one recorded in
# expectations/: a changed device or kernel and a broken test both show up,
# in either direction.  The guest suite against the reference device
# (Debian's QEMU), the host tests on the project's kernels (7.2, the default,
# and 6.12) and on Debian's.
#   check/expect.sh [guest|guest-aarch64|guest-release RELEASE|guest-aarch64-release RELEASE|guest-nested|host|host-6.12|host-quirks|host-quirks-6.12|host-debian] [--record]
# guest-aarch64: the aarch64 guest on virt (run.sh --arch aarch64), against
# expectations/aarch64-qemu-<version>.txt; a skip with the reason where
# Debian's cross compiler or qemu-system-arm cannot be had.
# guest-nested: the same QEMU with -accel kvm inside a TCG Linux VM
# (./run.sh --accel nested-kvm), the tests of fault reporting (--filter
# '*FAULT*'), its own file: what KVM changes is recorded.
# guest-release: the QEMU of a Debian release (scripts/qemu-release.sh, 7.2,
# 10.0, 11.1), fetched into the cache when missing; a release the archive
# cannot provide is a skip with the reason.
# --record rewrites the file from this run (its header is kept).
# check/runner sources it to test verdicts and compare.
set -euo pipefail

qemu=${FAULTLINE_QEMU:-qemu-system-x86_64}

qemu_version() {
	"$qemu" --version | sed -nE '1s/.*version ([0-9]+\.[0-9]+).*/\1/p'
}

# The random sequences (sequences.*) are held like every other test: the
# guest runs in virtual time (-icount), a default run is bounded by steps
# and replays, never by a clock, and takes seconds, well inside the VM's
# limit, so the same seed gives the same lines.
# unmap_counts LINE: sets COUNTED to LINE with "observed N of M UNMAPs" as "observed some of the
# UNMAPs" (or "none of"): how many UNMAPs the Linux driver sends depends on
# when its lazy IOTLB flush runs (a timer), whether any takes in unmapped
# addresses does not.
unmap_counts() {
	local re='(.*observed )([0-9]+) of [0-9]+ UNMAPs(.*)' some=none
	COUNTED=$1
	if [[ $1 =~ $re ]]; then
		((BASH_REMATCH[2] == 0)) || some=some
		COUNTED="${BASH_REMATCH[1]}$some of the UNMAPs${BASH_REMATCH[3]}"
	fi
}

# map_counts LINE: sets COUNTED to LINE with "N of M MAPs break it" as "some of the MAPs
# break it": the MAPs the Linux driver sends in a boot (M) vary with the
# timing of its lazy flushes and of the VFIO tests, and so does N (the BARs
# QEMU's vfio-pci maps for peer-to-peer, VFIO-QEMU-ASSIGN-: once when the
# inner firmware places them, again when the inner guest moves them);
# whether any breaks the statement does not.
map_counts() {
	local re='(.*) ([0-9]+) of [0-9]+ MAPs break it(.*)' some
	COUNTED=$1
	while [[ $COUNTED =~ $re ]]; do
		some=none
		((BASH_REMATCH[2] == 0)) || some=some
		COUNTED="${BASH_REMATCH[1]} $some of the MAPs break it${BASH_REMATCH[3]}"
	done
}

# Verdict lines without their numbers: what a device answered, stably.  The
# check lines of a variant's subtest ("    ok 3 - x" after "# Subtest: v")
# become "v: ok - x"; a subtest's parent line ("ok 1 - v") only sums it up
# and is left out.  Check lines outside subtests stay "ok - x".  A failure
# keeps what was observed ("#   observed: S_OK" below it) as " (observed:
# S_OK)", so that a device failing differently shows up too.
verdicts() {
	local line variant='' held='' sub='^ {4}(not ok|ok) [0-9]+ (.*)$' top='^(not ok|ok) [0-9]+ (.*)$'
	local seen='^ *#   observed: (.*)$'
	while IFS= read -r line; do
		if [[ -n $held && $line =~ $seen ]]; then
			held+=" (observed: ${BASH_REMATCH[1]})"
			if [[ $variant == linux-driver ]]; then
				map_counts "$held"
				held=$COUNTED
			fi
			continue
		fi
		[[ $line =~ ^\ *#\ \  ]] && continue
		[[ -n $held ]] && printf '%s\n' "$held"
		held=''
		if [[ $line == '# Subtest: '* ]]; then
			variant=${line#'# Subtest: '}
		elif [[ $line =~ $sub ]]; then
			held="$variant: ${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"
			if [[ $variant == linux-driver ]]; then
				unmap_counts "$held"
				map_counts "$COUNTED"
				held=$COUNTED
			fi
		elif [[ $line =~ $top && ${BASH_REMATCH[2]} != "- $variant" ]]; then
			held="${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"
		fi
	done <"$1"
	[[ -z $held ]] || printf '%s\n' "$held"
}

expected() {
	grep -vE '^(#|$)' "$1"
}

# quoted LINE: sets QUOTED to a verdict line shown inside another check, its directive
# defused so that TAP readers do not take a matched SKIP for a skipped check.
quoted() {
	QUOTED=${1// # / (#) }
}

# compare WANT GOT: TAP, one check per expected or unexpected line; fails on
# any difference.
compare() {
	local want=$1 got=$2 n=0 line bad=0
	local -A seen=() have=()

	# GOT's lines in a table: a grep(1) per expected line was a process
	# each (~3 ms here), seconds for a release's 2000 lines.
	while IFS= read -r line; do
		[[ -z $line ]] || have[$line]=1
	done <"$got"
	while IFS= read -r line; do
		n=$((n + 1))
		seen[$line]=1
		if [[ -z ${have[$line]:-} ]]; then
			quoted "$line"
			printf 'not ok %d - expected: %s\n#   not in this run\n' "$n" "$QUOTED"
			bad=1
		elif [[ $line == *' # SKIP '* ]]; then
			# A skip that was expected is still a check that did not run.
			quoted "${line%%' # SKIP '*}"
			printf 'ok %d - expected: %s # SKIP %s\n' "$n" "$QUOTED" "${line#*' # SKIP '}"
		else
			quoted "$line"
			printf 'ok %d - expected: %s\n' "$n" "$QUOTED"
		fi
	done < <(expected "$want")
	while IFS= read -r line; do
		[[ -z $line || -n ${seen[$line]:-} ]] && continue
		n=$((n + 1))
		quoted "$line"
		printf 'not ok %d - unexpected: %s\n#   not in %s\n' "$n" "$QUOTED" "$want"
		bad=1
	done <"$got"
	printf '1..%d\n' "$n"
	return "$bad"
}

# run_suite SUITE OUT: runs SUITE into OUT (run.sh --out) and sets FILE to its
# expectations.  guest: the guest suite on this QEMU; host and host-6.12: the
# host tests on the kernel vm-images/kernel.config builds from linux-source-7.2
# and -6.12; host-debian: on Debian's own kernel.
run_suite() {
	local accel=${FAULTLINE_ACCEL:-auto} version
	local -a args
	case $1 in
	guest)
		version=$(qemu_version)
		FILE=expectations/qemu-$version.txt
		args=(guest --qemu "$qemu")
		;;
	guest-aarch64)
		version=$(qemu_version)
		FILE=expectations/aarch64-qemu-$version.txt
		args=(guest --arch aarch64 --qemu "$qemu")
		;;
	guest-nested)
		version=$(qemu_version)
		FILE=expectations/nested-kvm-qemu-$version.txt
		accel=nested-kvm
		# The default variant's tests of fault reporting (every statement ID
		# with FAULT: 16 tests, 108 checks): seconds of tests after the outer
		# VM's boot, where the whole variant takes minutes (README).
		args=(guest --qemu "$qemu" --variant default --filter '*FAULT*')
		;;
	guest-release)
		# The file is keyed by the version the binary reports, not the name.
		version=$(qemu_version)
		FILE=expectations/qemu-$version.txt
		args=(guest --qemu "$qemu")
		;;
	# A test VM takes about 5 s of CPU under TCG; three run at once, and on a
	# busy machine one outlasted run.sh's default 60 s without hanging.
	host)
		FILE=expectations/linux-7.2-faultline.txt
		args=(host --kernel-src 7.2 --timeout 180)
		;;
	host-6.12)
		FILE=expectations/linux-6.12-faultline.txt
		args=(host --kernel-src 6.12 --timeout 180)
		;;
	host-quirks)
		# The unusual virtio-iommu (vm-images/qemu-quirks.sh) in front of Linux 7.2
		# (and in front of 6.12 below: each kernel's driver is judged on its own).
		FILE=expectations/linux-7.2-quirks.txt
		export FAULTLINE_HOST_CONFIGS=host-vfio-quirks
		args=(host --kernel-src 7.2 --timeout 180)
		;;
	host-quirks-6.12)
		# The same device in front of Linux 6.12.
		FILE=expectations/linux-6.12-quirks.txt
		export FAULTLINE_HOST_CONFIGS=host-vfio-quirks
		args=(host --kernel-src 6.12 --timeout 180)
		;;
	host-debian)
		FILE=expectations/linux-6.12-debian.txt
		args=(host --kernel debian --timeout 180)
		;;
	*)
		printf 'usage: check/expect.sh [guest|guest-aarch64|guest-nested|guest-release RELEASE|host|host-6.12|host-quirks|host-quirks-6.12|host-debian] [--record]\n' >&2
		return 2
		;;
	esac
	./run.sh "${args[@]}" --accel "$accel" --out "$2" >"$2.log" 2>&1
}

# aarch64_tools: whether the aarch64 guest can be built and run here;
# prints the skip line when not (scripts/deps.sh install-check tried to
# install them).
aarch64_tools() {
	local cmd
	for cmd in "$qemu" aarch64-linux-gnu-gcc aarch64-linux-gnu-ld aarch64-linux-gnu-objcopy; do
		if ! command -v "$cmd" >/dev/null; then
			printf 'ok 1 - aarch64 guest verdicts # SKIP no %s (Debian: qemu-system-arm, gcc-aarch64-linux-gnu, binutils-aarch64-linux-gnu)\n1..1\n' "$cmd"
			return 1
		fi
	done
}

# failure_diagnostics RESULTS: every failed check of the run with the lines
# that explain it, so that a changed verdict is actionable from the CI log.
failure_diagnostics() {
	awk '/^ *not ok [0-9]+ /{ on = 1; sub(/^ */, ""); print "# " $0; next }
	     on && /^ *# / { sub(/^ *# */, ""); print "#   " $0; next }
	     { on = 0 }' "$1"
}

main() {
	local suite=guest record='' out status=0 tag arch
	cd "$(dirname "${BASH_SOURCE[0]}")/.."
	case ${1:-} in guest | guest-aarch64 | guest-nested | host | host-6.12 | host-quirks | host-quirks-6.12 | host-debian) suite=$1 && shift ;; esac
	tag=$suite
	mkdir -p build/check
	if [[ $suite == guest-aarch64 ]]; then
		qemu=${FAULTLINE_QEMU_AARCH64:-qemu-system-aarch64}
		aarch64_tools || return 0
	fi
	if [[ ${1:-} == guest-release || ${1:-} == guest-aarch64-release ]]; then
		# guest-aarch64-release: the aarch64 guest on the release's qemu-system-arm.
		arch=x86_64 suite=$1 tag=guest-${2:-}
		if [[ $1 == guest-aarch64-release ]]; then
			arch=aarch64 suite=guest-aarch64 tag=guest-aarch64-${2:-}
			aarch64_tools || return 0
		fi
		if ! qemu=$(scripts/qemu-release.sh path "${2:-}" "$arch" 2>"build/check/$tag.fetch"); then
			printf 'ok 1 - QEMU %s verdicts # SKIP %s\n1..1\n' "${2:-}" \
				"$(tail -n 1 "build/check/$tag.fetch")"
			return 0
		fi
		shift 2
	fi
	[[ ${1:-} == --record ]] && record=1
	out=build/check/expect-$tag
	rm -rf "$out"
	run_suite "$suite" "$out" || status=$?
	if [ "$status" -gt 1 ]; then
		printf 'not ok 1 - run.sh %s ran (status %d)\n' "$suite" "$status"
		sed 's/^/#   /' "$out.log" | tail -20
		return 1
	fi
	verdicts "$out/results.tap" >"$out/verdicts.txt"
	if [ -n "$record" ]; then
		{ [ ! -f "$FILE" ] || sed -n '/^#/p' "$FILE"; cat "$out/verdicts.txt"; } >"$out/new.txt"
		mv "$out/new.txt" "$FILE"
		printf '# recorded %s\n' "$FILE"
		return 0
	fi
	if [ ! -f "$FILE" ]; then
		printf 'ok 1 - %s verdicts # SKIP no %s\n1..1\n' "$suite" "$FILE"
		return 0
	fi
	tail -n 1 "$out.log" | sed 's/^/# run.sh: /'
	if ! compare "$FILE" "$out/verdicts.txt" >"$out/compare.tap"; then
		# The run's own failures first: they say why lines are missing.
		failure_diagnostics "$out/results.tap"
		cat -- "$out/compare.tap"
		return 1
	fi
	cat -- "$out/compare.tap"
}

# Run only when executed, not when sourced.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	main "$@"
fi
