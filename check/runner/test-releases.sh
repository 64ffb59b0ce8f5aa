#!/usr/bin/env bash
# QEMU releases and what a binary offers: --qemu-release's bad input, a
# binary without the devices the suite needs, variants the binary cannot
# boot.  Nothing is fetched: the cache is the scratch directory's.
# shellcheck source=check/runner/testlib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/testlib.sh"

VARIANTS2=$T_TMP/variants2.conf
printf 'default\ngranule-64k granule=64k\n' >"$VARIANTS2"

test_unknown_release() {
	run_fake pass guest --qemu-release 9.9
	# run_fake passes --qemu too; the release is checked first.
	t_is "unknown release: exit status" "$R_STATUS" 2
	t_has_line "unknown release: the known ones are listed" "$R_ERR" \
		"run.sh: unknown QEMU release '9.9' (known: 7.2 10.0 11.1, all)"
}

test_missing_device() {
	FAKE_DEVICES=virtio-iommu-pci run_fake pass guest
	t_is "no edu: exit status" "$R_STATUS" 2
	t_ok "no edu: names it" grep -q "lacks the device(s) the suite needs: edu" "$R_ERR"
	FAKE_DEVICES=edu run_fake pass guest
	t_ok "no virtio-iommu-pci: names it" grep -q "needs: virtio-iommu-pci (" "$R_ERR"
}

test_offered_variants() {
	FAULTLINE_VARIANTS=$VARIANTS2 run_fake pass guest
	t_is "variant not offered: exit status" "$R_STATUS" 0
	t_has_line "variant not offered: said once" "$R_OUT" \
		"# variants this QEMU cannot boot (a property it lacks): granule-64k"
	t_lacks "variant not offered: not booted" "$R_ARGS" "granule"
	FAULTLINE_VARIANTS=$VARIANTS2 run_fake pass guest --variant granule-64k
	t_is "variant not offered, asked for: exit status" "$R_STATUS" 2
	FAULTLINE_VARIANTS=$VARIANTS2 FAKE_PROPS="boot-bypass granule" run_fake pass guest
	t_ok "variant offered: booted" grep -q "iommu=granule=64k" "$R_ARGS"
}

test_release_list() {
	t_ok "qemu-release.sh list: one line per release" \
		test "$(XDG_CACHE_HOME=$T_TMP/cache "$T_ROOT/scripts/qemu-release.sh" list | grep -c '^release ')" = 3
	local status=0
	XDG_CACHE_HOME=$T_TMP/cache "$T_ROOT/scripts/qemu-release.sh" path 9.9 2>"$T_TMP/path.err" ||
		status=$?
	t_is "qemu-release.sh path of an unknown release: status" "$status" 2
	t_ok "qemu-release.sh path of an unknown release: lists the known ones" \
		grep -q "known: 7.2 10.0 11.1 all" "$T_TMP/path.err"
}

test_fresh_vm() {
	run_fake fresh guest
	t_is "fresh VM: exit status" "$R_STATUS" 0
	t_has_line "fresh VM: the runner says which test and why" "$R_OUT" \
		"    # test 2 runs in a fresh VM (boot 2): a domain outlived the device reset and DETACH"
	t_is "fresh VM: booted from 1, then from 2" "$(cat "$R_ARGS")" \
		$'accel=tcg append=from=1\naccel=tcg append=from=2'
	t_ok "fresh VM: every test ran once" grep -q '^3 passed, 0 failed' "$R_OUT"
	t_has_line "fresh VM: in the report" "$R_DIR/report.md" \
		"- default: test 2 runs in a fresh VM (boot 2): a domain outlived the device reset and DETACH"
	FAKE_FRESH=again run_fake fresh guest
	t_is "fresh VM asked again: exit status" "$R_STATUS" 1
	t_ok "fresh VM asked again: a failure, no loop" grep -q \
		"not ok .* - boot: test 2 asked for a fresh VM in a fresh VM" "$R_OUT"
}

test_unknown_release
test_fresh_vm
test_missing_device
test_offered_variants
test_release_list
t_done
