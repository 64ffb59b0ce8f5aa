#!/usr/bin/env bash
# check/expect.sh's normalisation of a run into per-variant verdict lines,
# and its comparison with an expectations file, on canned files.
# shellcheck source=check/runner/testlib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/testlib.sh"
# shellcheck source=check/expect.sh
source "$T_ROOT/check/expect.sh"

TAP=$T_TMP/results.tap
cat >"$TAP" <<'EOF2'
TAP version 13
# accel: tcg (requested)
# Subtest: default
    # qemu: q -device virtio-iommu-pci
    # test 1 alpha.x
    ok 1 - alpha: x [A-1] # INFO observed bypass=1
    not ok 2 - alpha: y [A-2]
    #   observed: S_OK
    ok 3 - ok 1 - default
    1..3
not ok 1 - default
# Subtest: no-boot-bypass
    ok 1 - alpha: x [A-1] # INFO observed bypass=0
    ok 2 - alpha: y [A-2]
    not ok 3 - beta.crash: VM crashed (QEMU killed by signal SIGSEGV)
    1..3
not ok 2 - no-boot-bypass
ok 3 - host-tests # SKIP not built yet
1..3
EOF2

# A failure keeps what was observed; a check line like a parent line stays.
test_verdicts() {
	t_is "verdicts: per variant, numbers and parent lines dropped" "$(verdicts "$TAP")" \
		"default: ok - alpha: x [A-1] # INFO observed bypass=1
default: not ok - alpha: y [A-2] (observed: S_OK)
default: ok - ok 1 - default
no-boot-bypass: ok - alpha: x [A-1] # INFO observed bypass=0
no-boot-bypass: ok - alpha: y [A-2]
no-boot-bypass: not ok - beta.crash: VM crashed (QEMU killed by signal SIGSEGV)
ok - host-tests # SKIP not built yet"
}

test_compare() {
	local want=$T_TMP/want.txt got=$T_TMP/got.txt out status
	verdicts "$TAP" >"$got"
	{
		printf '# header\n#\n'
		cat "$got"
	} >"$want"
	out=$(compare "$want" "$got") && status=0 || status=$?
	t_is "compare: the same verdicts: status 0" "$status" 0
	t_is "compare: the same verdicts, all ok" "$(grep -c '^ok ' <<<"$out")" 7
	t_ok "compare: nothing failed" test "$(grep -c '^not ok ' <<<"$out")" -eq 0
	t_ok "compare: an expected skip is still reported as a skip" \
		grep -qE '^ok [0-9]+ - expected: .* # SKIP not built yet$' <<<"$out"
	sed -i 's/^no-boot-bypass: ok - alpha: x .*/no-boot-bypass: ok - alpha: x [A-1] # INFO observed bypass=1/' "$want"
	out=$(compare "$want" "$got") && status=0 || status=$?
	t_is "compare: a changed verdict: status 1" "$status" 1
	t_ok "compare: a verdict changed in one variant: missing" \
		grep -qxF 'not ok 4 - expected: no-boot-bypass: ok - alpha: x [A-1] (#) INFO observed bypass=1' <<<"$out"
	t_ok "compare: a verdict changed in one variant: unexpected" \
		grep -qxF 'not ok 8 - unexpected: no-boot-bypass: ok - alpha: x [A-1] (#) INFO observed bypass=0' <<<"$out"
	t_is "compare: the plan" "$(tail -n 1 <<<"$out")" "1..8"
}

# The Linux driver's counts of MAPs and UNMAPs vary from boot to boot: whether
# any breaks a statement, or whether any takes in unmapped addresses, does not.
test_driver_counts() {
	local tap=$T_TMP/driver.tap
	printf '%s\n' '# Subtest: linux-driver' \
		'    ok 6 - L: mmio [DRV-MAP-4] # WARN 3 of 586 MAPs break it (SHOULD)' \
		'    #   observed: 3 of 586 MAPs break it' \
		'    ok 11 - L: unmapped [DRV-UNMAP-3] # INFO observed 0 of 493 UNMAPs' >"$tap"
	t_is "verdicts: the linux-driver subtest's counts of MAPs and UNMAPs" "$(verdicts "$tap")" \
		"linux-driver: ok - L: mmio [DRV-MAP-4] # WARN some of the MAPs break it (SHOULD) (observed: some of the MAPs break it)
linux-driver: ok - L: unmapped [DRV-UNMAP-3] # INFO observed none of the UNMAPs"
}

test_verdicts
test_compare
test_driver_counts
t_done
