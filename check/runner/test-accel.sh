#!/usr/bin/env bash
# The accelerator choice: the KVM probe, its fallback to TCG, its cache, and
# forced modes.  FAULTLINE_KVM_DEV=/dev/null stands in for a usable /dev/kvm
# (a character device anyone can open) so that this runs without KVM.
# shellcheck source=check/runner/testlib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/testlib.sh"

# run_accel CACHE MODE [ARGS...]: run.sh guest with fake-qemu-pass.sh, the
# probe behaving as FAKE_PROBE says, the cache in $T_TMP/CACHE.
run_accel() {
	local cache=$1 mode=$2
	shift 2
	R_OUT=$T_TMP/accel.stdout
	R_ERR=$T_TMP/accel.stderr
	R_ARGS=$T_TMP/accel.args
	: >"$R_ARGS"
	R_STATUS=0
	local start=$SECONDS
	FAULTLINE_GUEST_IMAGE=$T_IMAGE FAKE_ARGS_LOG=$R_ARGS XDG_CACHE_HOME=$T_TMP/$cache \
		FAULTLINE_KVM_DEV=${FAULTLINE_KVM_DEV:-/dev/null} \
		"$T_ROOT/run.sh" guest --qemu "$T_DIR/fake-qemu-pass.sh" --accel "$mode" "$@" \
		>"$R_OUT" 2>"$R_ERR" || R_STATUS=$?
	R_SECONDS=$((SECONDS - start))
}

test_probe_timeout() {
	FAKE_PROBE=hang run_accel c-hang auto
	t_is "probe hangs: exit status" "$R_STATUS" 0
	t_has_line "probe hangs: falls back to tcg in one line" "$R_OUT" \
		"# accel: tcg (kvm probe timed out after 2 s)"
	t_ok "probe hangs: bounded (${R_SECONDS} s)" test "$R_SECONDS" -le 5
	t_is "probe hangs: probe then the suite under tcg" "$(cat "$R_ARGS")" \
		$'accel=kvm append=probe\naccel=tcg append=from=1'
	local probed=$R_SECONDS
	FAKE_PROBE=hang run_accel c-hang auto
	t_has_line "probe cached: said so" "$R_OUT" \
		"# accel: tcg (kvm probe timed out after 2 s) (cached)"
	t_is "probe cached: no probe boot" "$(cat "$R_ARGS")" "accel=tcg append=from=1"
	# The probe alone took 2 s of the first run.
	t_ok "probe cached: faster (${R_SECONDS} s) than with the probe ($probed s)" \
		test "$R_SECONDS" -lt "$probed"
}

test_probe_ok() {
	FAKE_PROBE=ok run_accel c-ok auto
	t_has_line "probe works: kvm" "$R_OUT" "# accel: kvm (kvm probe ok)"
	t_is "probe works: the suite runs under kvm" "$(tail -n 1 "$R_ARGS")" "accel=kvm append=from=1"
	FAKE_PROBE=ok run_accel c-ok kvm
	t_is "kvm forced, works: exit status" "$R_STATUS" 0
	t_has_line "kvm forced, works: cached" "$R_OUT" "# accel: kvm (kvm probe ok) (cached)"
}

test_probe_fails() {
	FAKE_PROBE=fail run_accel c-fail auto
	t_has_line "probe fails: tcg, with QEMU's message" "$R_OUT" \
		"# accel: tcg (kvm probe failed: QEMU status 1: fake-qemu: failed to initialize kvm: Permission denied)"
	FAKE_PROBE=fail run_accel c-fail kvm
	t_is "kvm forced, probe fails: exit status 2" "$R_STATUS" 2
	t_ok "kvm forced, probe fails: says why" grep -q 'KVM does not work: kvm probe failed' "$R_ERR"
}

test_no_kvm_dev() {
	FAULTLINE_KVM_DEV=$T_TMP/no-kvm run_accel c-none auto
	t_has_line "no KVM device: tcg without probing" "$R_OUT" "# accel: tcg ($T_TMP/no-kvm not usable)"
	t_is "no KVM device: no probe boot" "$(cat "$R_ARGS")" "accel=tcg append=from=1"
	FAULTLINE_KVM_DEV=$T_TMP/no-kvm run_accel c-none kvm
	t_is "kvm forced, no device: exit status 2" "$R_STATUS" 2
	t_ok "kvm forced, no device: says why" grep -q "$T_TMP/no-kvm is missing" "$R_ERR"
	t_is "kvm forced, no device: nothing booted" "$(wc -c <"$R_ARGS")" 0
}

test_tcg() {
	FAKE_PROBE=hang run_accel c-tcg tcg
	t_has_line "tcg requested: no probe" "$R_OUT" "# accel: tcg (requested)"
	t_is "tcg requested: one boot" "$(cat "$R_ARGS")" "accel=tcg append=from=1"
}

test_cache_key() {
	local qemu=$T_TMP/qemu-copy.sh
	cp "$T_DIR/fake-qemu-pass.sh" "$qemu"
	sed -i "s#\$(dirname -- \"\${BASH_SOURCE\[0\]}\")#$T_DIR#" "$qemu"
	FAKE_PROBE=hang run_accel c-key auto --qemu "$qemu"
	t_has_line "cache key: first probe of another binary" "$R_OUT" \
		"# accel: tcg (kvm probe timed out after 2 s)"
	touch -d '2001-01-01' "$qemu"
	FAKE_PROBE=ok run_accel c-key auto --qemu "$qemu"
	t_has_line "cache key: a changed binary is probed again" "$R_OUT" "# accel: kvm (kvm probe ok)"
}

test_probe_timeout
test_probe_ok
test_probe_fails
test_no_kvm_dev
test_tcg
test_cache_key
t_done
