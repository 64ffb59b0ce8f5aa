#!/usr/bin/env bash
# scripts/bench.sh [RUNS]: where a run's time goes, RUNS times (default 3),
# each figure's minimum and median, with the machine's load (make bench,
# ./run.sh --bench).  Figures, all wall time:
#   guest build      make guest from clean (the images only)
#   qemu+boot        one guest VM started, booted and ended ("probe"), with
#                    the firmware run.sh picks (scripts/firmware.sh)
#   qemu+boot seabios  the same with QEMU's default firmware, when that is
#                    not the one picked
#   dma              one edu transfer: a boot of the dma.* tests less a probe
#                    boot, over their transfers (the guest's "# dma:" line)
#   guest suite      ./run.sh guest, every variant, -j 1 and -j (CPUs)
#   floor            boots x qemu+boot + transfers x dma, for -j 1, and the
#                    ratio of the -j 1 suite to it
#   -j 1 boots: ...  the -j 1 suite's boot time by kind (its boots.tsv):
#                    the example tests, the random sequences, the reset tests
#   host VMs         ./run.sh host (kernel cached) at the default -j (the CPUs
#                    and one more), -j (CPUs) and -j 1
#   host boot        one test VM booted to its /init and ended ("probe"); "fail"
#                    when it did not say so
#   QEMU R           ./run.sh guest --qemu-release R, every variant, for each
#                    cached release other than the QEMU on PATH (none is
#                    fetched: BENCH_RELEASES=off skips them), and its time
#                    over its variants
# Benchmarks, not tests: nothing here passes or fails.
set -euo pipefail

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${1:-3}
OUT=$(mktemp -d "${TMPDIR:-/tmp}/faultline-bench.XXXXXX")
trap 'rm -rf -- "$OUT"' EXIT
declare -A SAMPLES=()  # figure -> "ms ms ..."
ORDER=()
# shellcheck source=scripts/util.sh
source "$ROOT/scripts/util.sh"
# shellcheck source=scripts/qemu.sh
source "$ROOT/scripts/qemu.sh"
# shellcheck source=scripts/facts.sh
source "$ROOT/scripts/facts.sh"
# shellcheck source=scripts/hostvm.sh
source "$ROOT/scripts/hostvm.sh"
# shellcheck source=scripts/firmware.sh
source "$ROOT/scripts/firmware.sh"

# sample NAME MS: one measurement of a figure.
sample() {
	[[ -n ${SAMPLES[$1]+set} ]] || ORDER+=("$1")
	SAMPLES[$1]+="$2 "
}

# timed NAME CMD...: runs CMD (output to $OUT/NAME.log), samples its wall time.
timed() {
	local name=$1 start
	shift
	start=$(now_us)
	"$@" >"$OUT/$name.log" 2>&1 || :
	sample "$name" $((($(now_us) - start) / 1000))
}

# timed_ok NAME COMMAND...: timed, for a command that succeeds when it
# measured what it should: otherwise the sample is "fail" and stderr says so
# (a probe that found no archive ended at once: 0.1 s, not a boot).
timed_ok() {
	local name=$1 start
	shift
	start=$(now_us)
	if "$@" >"$OUT/$name.log" 2>&1; then
		sample "$name" $((($(now_us) - start) / 1000))
	else
		sample "$name" fail
		printf 'bench: %s failed; its output:\n' "$name" >&2
		tail -n 5 -- "$OUT/$name.log" >&2
	fi
}

# transfers DIR: edu transfers in a run's results.tap (the "# dma:" lines).
transfers() {
	grep -ho 'edu [0-9a-f:.]* [0-9]* transfers' "$1/results.tap" | awk '{n += $3} END {print n + 0}'
}

# boots DIR: VM boots in a run (its console logs).
boots() {
	wc -l <"$1/boots.tsv"
}

# boot_guest APPEND: one guest VM of the default variant, as run.sh boots
# it under TCG ("probe": it answers and exits at once).
boot_guest() {
	qemu_cmdline "$(command -v qemu-system-x86_64)" tcg "$ROOT/build/guest/faultline.flat" "$1" '' \
		"$(qemu_icount tcg "${BENCH_ICOUNT:-4}")"
	"${QEMU_CMD[@]}" </dev/null
}

# probe_host DIR: one host test VM with "probe", the kernel of run DIR.
probe_host() {
	local kernel initrd out
	kernel=$(sed -n 's/^    # kernel: //p' "$1/results.tap" | head -n 1)
	# The host-tests VM's own archive (per kernel tree, scripts/hostvm.sh).
	initrd=$(grep -o -- '-initrd [^ ]*/initramfs\.cpio' "$1/results.tap" | head -n 1) || :
	host_qemu_cmdline "$(command -v qemu-system-x86_64)" tcg "$kernel" "${initrd#-initrd }" host-tests probe
	out=$(timeout 60 "${QEMU_CMD[@]}" </dev/null) || :
	printf '%s\n' "$out"
	[[ $out == *faultline-probe\ ok* ]]
}

# boot_split DIR: the -j 1 suite's boot time by kind (boots.tsv): the
# example tests, the random sequences (GEN-1), the machine-reset tests.
boot_split() {
	awk -F '\t' '
		$7 ~ /reboot=on/ { k = "reset" } $7 !~ /reboot=on/ { k = ($5 ~ /^sequences\./) ? "seq" : "ex" }
		{ ms[k] += $3 }
		END { printf "%d %d %d\n", ms["ex"], ms["seq"], ms["reset"] }' "$1/boots.tsv"
}

# other_releases: the cached QEMU releases (scripts/qemu-release.sh) but
# the one on PATH, whose suite the figures above already time.
other_releases() {
	local own
	[[ ${BENCH_RELEASES:-on} != off ]] || return 0
	own=$(qemu-system-x86_64 --version | sed -n '1s/.* version \([0-9]*\.[0-9]*\).*/\1/p')
	"$ROOT/scripts/qemu-release.sh" list | awk -v own="$own" '$5 == "cached" && $2 != own { print $2 }'
}

# release_round R ROUND: the guest suite on release R, and per variant; a
# run that ran no variant (its setup failed) is "fail", not a fast run.
release_round() {
	local dir=$OUT/qemu-$1-$2 variants ms start
	start=$(now_us)
	"$ROOT/run.sh" guest --qemu-release "$1" --out "$dir" >"$dir.log" 2>&1 || :
	ms=$((($(now_us) - start) / 1000))
	variants=$(grep -c '^# Subtest: ' "$dir/results.tap" 2>/dev/null) || variants=0
	if ((variants == 0)); then
		sample "QEMU $1 suite" fail
		sample "QEMU $1 per variant" fail
		printf 'bench: QEMU %s ran no variant; its output:\n' "$1" >&2
		tail -n 5 -- "$dir.log" >&2
		return 0
	fi
	sample "QEMU $1 suite" "$ms"
	sample "QEMU $1 per variant" $((ms / variants))
}

# last NAME: a figure's latest sample.
last() {
	local v=${SAMPLES[$1]% }
	printf '%s\n' "${v##* }"
}

one_round() {
	local r=$1 dmas boot_ms dma_ms floor ex seq reset rel
	# From clean, in a build directory of its own: the tree's stays as it is.
	timed "guest build" make -s -C "$ROOT" B="$OUT/build-$r" guest
	timed "guest suite -j 1" "$ROOT/run.sh" guest -j 1 --out "$OUT/g1-$r"
	timed "guest suite -j $(nproc)" "$ROOT/run.sh" guest --out "$OUT/gn-$r"
	timed "qemu+boot" boot_guest probe
	if [[ $FIRMWARE != seabios ]]; then
		QEMU_BIOS='' timed "qemu+boot seabios" boot_guest probe
	fi
	timed "dma tests" boot_guest "from=1 filter=dma."
	boot_ms=$(last "qemu+boot")
	dmas=$(grep -o 'edu [0-9a-f:.]* [0-9]* transfers' "$OUT/dma tests.log" | awk '{n += $3} END {print n + 0}')
	dma_ms=$((($(last "dma tests") - boot_ms) / (dmas > 0 ? dmas : 1)))
	sample "dma (per transfer)" "$dma_ms"
	dmas=$(transfers "$OUT/g1-$r")
	sample "transfers in the suite" "$dmas"
	sample "boots in the suite" "$(boots "$OUT/g1-$r")"
	read -r ex seq reset < <(boot_split "$OUT/g1-$r")
	sample "-j 1 boots: examples" "$ex"
	sample "-j 1 boots: sequences" "$seq"
	sample "-j 1 boots: reset tests" "$reset"
	floor=$(($(boots "$OUT/g1-$r") * boot_ms + dmas * dma_ms))
	sample "floor" "$floor"
	sample "suite -j 1 / floor (%)" $((100 * $(last "guest suite -j 1") / (floor > 0 ? floor : 1)))
	if [[ ${BENCH_HOST:-on} != off ]]; then
		# The default -j for host VMs (scripts/schedule.sh sched_jobs), and the CPUs'.
		timed "host VMs -j $(($(nproc) + 1))" "$ROOT/run.sh" host --out "$OUT/h-$r"
		timed "host VMs -j $(nproc)" "$ROOT/run.sh" host -j "$(nproc)" --out "$OUT/h2-$r"
		timed "host VMs -j 1" "$ROOT/run.sh" host -j 1 --out "$OUT/h1-$r"
		timed_ok "host boot" probe_host "$OUT/h-$r"
	fi
	for rel in "${RELEASES_OTHER[@]}"; do
		release_round "$rel" "$r"
	done
}

# stats NAME: "min median" of a figure's samples.
stats() {
	tr ' ' '\n' <<<"${SAMPLES[$1]}" | grep -E '^[0-9]+$' | sort -n |
		awk '{v[NR] = $1} END {if (NR) printf "%d %d\n", v[1], v[int((NR + 1) / 2)]; else print "- -"}'
}

main() {
	local r name
	malloc_thp # as run.sh does: the direct boots' floor is the runs'
	firmware_choose "$(command -v qemu-system-x86_64)" auto || exit 2
	printf '# bench: %d runs, %s CPUs, load %s\n' "$RUNS" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
	printf '# %s\n' "$FIRMWARE_LINE"
	mapfile -t RELEASES_OTHER < <(other_releases)
	printf '# QEMU releases besides the one on PATH: %s\n' "${RELEASES_OTHER[*]:-none cached}"
	for ((r = 1; r <= RUNS; r++)); do
		printf 'bench: round %d of %d (load %s)\n' "$r" "$RUNS" "$(cut -d' ' -f1 /proc/loadavg)" >&2
		one_round "$r"
	done
	printf '%-26s %10s %10s  %s\n' figure min median samples
	for name in "${ORDER[@]}"; do
		read -r min med < <(stats "$name")
		printf '%-26s %10s %10s  %s\n' "$name" "$min" "$med" "${SAMPLES[$name]}"
	done
	printf '# ms, except the counts; load at the end %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
}

main
