#!/usr/bin/env bash
# driver-stream's checks can fail: each canned trace in check/driver-stream/
# breaks one DRV statement, and only that row may turn (the model's kill
# rule); good.trace, a stream that breaks nothing, turns none.
# usage: check/driver-stream.sh DRIVER-STREAM-BINARY
set -euo pipefail

bin=$1
dir=$(dirname -- "${BASH_SOURCE[0]}")/driver-stream
ram=0-0x1fffffff
n=0 failed=0

# The trace, then the rows it turns, in output order, each ID:fail (a MUST)
# or ID:warn (a SHOULD).  No PROBE at all also means no PROBE before ATTACH.
# input-range-aw39 is QEMU 10's config line (aw-bits=39, the domain range
# printed unsigned).
# The reboot-* traces break the boot after a reboot (QEMU's system reset
# after the driver's requests): the row of the whole stream turns, and the
# row of the reboot, named after the same statement, turns after it.
CASES='input-range DRV-OPS-4:fail
input-range-aw39 DRV-OPS-4:fail
domain-range DRV-OPS-5:fail
map-order DRV-MAP-3:fail
map-flags DRV-MAP-1:warn
map-mmio-unoffered DRV-MAP-7:fail
map-mmio-missing DRV-MAP-4:warn
map-two-types DRV-MAP-5:warn
unmap-cuts DRV-UNMAP-4:fail
unmap-nothing DRV-UNMAP-2:warn
map-no-read DRV-MAP-6:fail
unmap-bypass DRV-UNMAP-2:warn DRV-UNMAP-5:warn
map-msi DRV-RESV-1:warn
attach-unprobed DRV-INIT-2:warn
attach-bypass-unflagged DRV-ATT-3:warn
attach-translated-flagged DRV-ATT-4:warn
no-probe DRV-INIT-2:warn DRV-FEAT-1:warn
bypass-value DRV-CFG-3:fail
reboot-unprobed DRV-INIT-2:warn DRV-INIT-2:warn
reboot-no-probe DRV-INIT-2:warn DRV-FEAT-1:warn DRV-INIT-2:warn DRV-FEAT-1:warn
reboot-stale-unmap DRV-UNMAP-2:warn DRV-UNMAP-2:warn'

verdict() { # TAP line -> fail, warn or pass
	case $1 in
	'not ok'*) echo fail ;;
	*'# WARN'*) echo warn ;;
	*) echo pass ;;
	esac
}

t() { # ok? description
	n=$((n + 1))
	if [[ $1 == 1 ]]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

# turned OUTPUT: "ID:verdict" for every row that is not a pass, space-separated.
turned() {
	local line v ids=()
	while IFS= read -r line; do
		[[ $line == ok* || $line == 'not ok'* ]] || continue
		v=$(verdict "$line")
		[[ $v == pass ]] && continue
		line=${line##*[}
		ids+=("${line%%]*}:$v")
	done <<<"$1"
	echo "${ids[*]}"
}

out=$("$bin" --driver test --ram "$ram" "$dir/good.trace") && status=0 || status=$?
t "$([[ $status == 0 && -z $(turned "$out") ]] && echo 1)" "good.trace: every row passes"
while read -r name want; do
	out=$("$bin" --driver test --ram "$ram" "$dir/$name.trace") && status=0 || status=$?
	got=$(turned "$out")
	t "$([[ $got == "$want" ]] && echo 1)" "$name.trace: turns $want, nothing else (got: ${got:-nothing})"
	want_status=0
	[[ $want == *:fail* ]] && want_status=1
	t "$([[ $status == "$want_status" ]] && echo 1)" "$name.trace: exit status $want_status (got $status)"
done <<<"$CASES"
# The same trace as two QEMU processes (split at the system reset): a new
# process is no reboot, so the reboot rows skip; the stream's own row still turns.
tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT
awk -v dir="$tmp" '/^virtio_iommu_system_reset/ { n++ } { print >(dir "/" (n < 2 ? 1 : 2) ".trace") }' \
	"$dir/reboot-unprobed.trace"
out=$("$bin" --driver test --ram "$ram" "$tmp/1.trace" "$tmp/2.trace") && status=0 || status=$?
got=$(turned "$out")
t "$([[ $got == DRV-INIT-2:warn && $out == *"before its ATTACH [DRV-INIT-2] # SKIP"* ]] && echo 1)" \
	"reboot-unprobed.trace split into two processes: no reboot rows turn (got: ${got:-nothing})"
"$bin" --driver test /nonexistent/trace >/dev/null 2>&1 && status=0 || status=$?
t "$([[ $status == 2 ]] && echo 1)" "a missing trace: exit status 2 (got $status)"
printf '1..%d\n' "$n"
[[ $failed == 0 ]]
