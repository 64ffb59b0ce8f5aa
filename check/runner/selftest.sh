#!/usr/bin/env bash
# run.sh against the real selftest guest under the real QEMU (TCG): a pass, a
# failure, a hang, an exception and a triple fault, each followed by a test
# that must still run.  Skips only when build/guest/selftest.flat is missing.
# QEMU=PATH picks the QEMU binary (default: qemu-system-x86_64 on PATH).
# shellcheck source=check/runner/testlib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/testlib.sh"

IMAGE=$T_ROOT/build/guest/selftest.flat
if [[ ! -f $IMAGE ]]; then
	printf 'ok 1 - selftest # SKIP selftest image not built\n1..1\n'
	exit 0
fi

# like DESC REGEX TEXT: passes if TEXT matches the extended REGEX.
like() {
	if [[ $3 =~ $2 ]]; then
		t_pass "$1"
	else
		t_fail "$1" "got:  $3" "want: /$2/"
	fi
}

run_selftest() {
	local qemu start=$SECONDS
	qemu=${QEMU:-$(command -v qemu-system-x86_64)} || qemu=
	R_DIR=$T_TMP/out
	R_OUT=$T_TMP/stdout
	R_STATUS=0
	FAULTLINE_GUEST_IMAGE=$IMAGE XDG_CACHE_HOME=$T_TMP/cache \
		"$T_ROOT/run.sh" guest --qemu "${qemu:-qemu-system-x86_64}" --accel tcg --timeout 3 \
		--out "$R_DIR" >"$R_OUT" 2>"$T_TMP/stderr" || R_STATUS=$?
	R_SECONDS=$((SECONDS - start))
}

check_verdicts() {
	local -a checks
	mapfile -t checks < <(grep -E '^(not )?ok ' "$R_OUT")
	t_is "eight verdicts" "${#checks[@]}" 8
	like "1 selftest.pass passes" '^ok 1 - ' "${checks[0]:-}"
	like "2 selftest.fail fails" '^not ok 2 - ' "${checks[1]:-}"
	t_is "3 selftest.hang: timeout" "${checks[2]:-}" \
		"not ok 3 - selftest.hang: VM crashed (timeout after 3 s)"
	like "4 selftest.after_hang passes in a fresh VM" '^ok 4 - ' "${checks[3]:-}"
	like "5 selftest.exception: bailed out, #UD" \
		'^not ok 5 - selftest\.exception: VM crashed \(guest bailed out: exception 6 \(#UD\).*\)$' \
		"${checks[4]:-}"
	like "6 selftest.after_exception passes" '^ok 6 - ' "${checks[5]:-}"
	t_is "7 selftest.triple_fault: reset" "${checks[6]:-}" \
		"not ok 7 - selftest.triple_fault: VM crashed (guest reset or triple fault)"
	like "8 selftest.after_triple_fault passes" '^ok 8 - ' "${checks[7]:-}"
}

# next_line_is_diag REGEX: the line after the first match of REGEX is a "#" line.
next_line_is_diag() {
	grep -A1 -m1 -E -- "$1" "$R_OUT" | tail -n 1 | grep -q "^#"
}

check_diagnosis() {
	local name status
	t_ok "selftest.fail has diagnostics" next_line_is_diag "^not ok 2 - "
	for status in 124 5 0; do
		t_ok "crash diagnosis shows QEMU status $status" \
			grep -Eq "^#   qemu exit status: $status \\(boot [0-9]+, console-[0-9]+\\.log\\)$" "$R_OUT"
	done
	t_ok "the last console lines are shown" grep -q '^#   last [0-9]* console lines:$' "$R_OUT"
	for name in pass fail hang after_hang exception after_exception triple_fault after_triple_fault; do
		t_ok "test line for selftest.$name" grep -Eq "^# test [1-8] selftest\\.$name\$" "$R_OUT"
	done
	t_ok "four boots, four console logs" test -f "$R_DIR/console-4.log" -a ! -e "$R_DIR/console-5.log"
}

run_selftest
t_is "exit status 1" "$R_STATUS" 1
check_verdicts
check_diagnosis
like "final line" '^4 passed, 4 failed, 0 skipped \(0 warnings, 0 info\) in [0-9]+\.[0-9] s$' \
	"$(tail -n 1 "$R_OUT")"
t_ok "bounded: ${R_SECONDS} s" test "$R_SECONDS" -le 20
if ((T_FAILS > 0)); then
	sed 's/^/# stdout: /' "$R_OUT"
	sed 's/^/# stderr: /' "$T_TMP/stderr"
fi
t_done
