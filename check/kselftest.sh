#!/usr/bin/env bash
# make check's kselftest step: the host tests installed as a kselftest tree
# (make kselftest-install), run by the kernel's own run_kselftest.sh inside
# the test VM, and the output read by a real TAP consumer, Perl's prove.
# The VM is scripts/hostvm.sh's host-vfio configuration (edu behind
# virtio-iommu, the iommufd mock in the kernel), so every program has
# something to run; its /init, given "kselftest", runs the installed tree
# and nothing else (vm-images/init.sh).  Prints TAP; files in build/check/kselftest.
#   FAULTLINE_QEMU (default qemu-system-x86_64), FAULTLINE_ACCEL (default tcg)
# shellcheck source=check/runner/testlib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/runner/testlib.sh"
# shellcheck source=scripts/util.sh
source "$T_ROOT/scripts/util.sh"
# shellcheck source=scripts/hostvm.sh
source "$T_ROOT/scripts/hostvm.sh"

OUT=$T_ROOT/build/check/kselftest
# hostvm.sh's functions build in ROOT.
ROOT=$T_ROOT
INSTALL=$OUT/install
# Seconds the whole VM may take (about 1 minute under TCG on 2 busy cores).
VM_LIMIT=600
QEMU=${FAULTLINE_QEMU:-qemu-system-x86_64}
ACCEL=${FAULTLINE_ACCEL:-tcg}

# setup: the kernel (cached, or built: vm-images/kernel.sh), its tree, the
# test programs, the initramfs and the installed tree.  Exits 2 on failure.
setup() {
	KSRC=$("$T_ROOT/vm-images/kernel.sh" source) || exit 2
	KERNEL=$("$T_ROOT/vm-images/kernel.sh" build) || exit 2
	rm -rf -- "$OUT"
	mkdir -p -- "$OUT"
	# Built in a directory of their own: build/host-tests may hold programs
	# compiled against another kernel tree (hostvm.sh keeps one per tree).
	# The KVM selftests library's build is the one run.sh keeps in the cache.
	host_make "$KSRC" initramfs kselftest-install INSTALL_PATH="$INSTALL" \
		HB="$OUT/host-tests" VB="$OUT/vm-images" >&2 || exit 2
}

# programs: the programs statements.txt names, sorted.
programs() {
	grep -v '^#' "$T_ROOT/host-tests/statements.txt" | cut -f2 | LC_ALL=C sort -u
}

check_tree() {
	local sel=$KSRC/tools/testing/selftests f missing=() status
	t_ok "installed run_kselftest.sh is the kernel tree's, unchanged" cmp -s "$sel/run_kselftest.sh" "$INSTALL/run_kselftest.sh"
	t_ok "installed kselftest/runner.sh is the kernel tree's, unchanged" cmp -s "$sel/kselftest/runner.sh" "$INSTALL/kselftest/runner.sh"
	t_is "run_kselftest.sh --list: every program of statements.txt" \
		"$(sh "$INSTALL/run_kselftest.sh" --list | LC_ALL=C sort)" "$(programs | sed 's/^/faultline:/')"
	t_ok "the collection has its config fragment" test -s "$INSTALL/faultline/config"
	status=0
	"$T_ROOT/host-tests/kselftest-install.sh" "$T_TMP/bad" "$T_TMP" "$INSTALL/faultline/fault_read" 2>/dev/null || status=$?
	t_is "installing from a tree without run_kselftest.sh: exit 2" "$status" 2
	while IFS= read -r f; do
		grep -qxF -- "$f" "$(dirname -- "$KERNEL")/config" || missing+=("$f")
	done < <(grep '^CONFIG_' "$INSTALL/faultline/config")
	t_is "the test kernel has every option of the config fragment" "${missing[*]}" ""
}

# boot: the host-vfio VM with the tree added to its initramfs (a second
# archive, unpacked over the first) and "kselftest" on the command line.
boot() {
	local start status=0
	mkdir -p -- "$OUT/stage"
	cp -R -- "$INSTALL" "$OUT/stage/kselftest_install"
	(cd -- "$OUT/stage" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc -R 0:0 --quiet) |
		gzip -n >"$OUT/kselftest.cpio.gz"
	cat -- "$OUT/vm-images/initramfs.cpio" "$OUT/kselftest.cpio.gz" >"$OUT/initramfs.cpio"
	host_qemu_cmdline "$QEMU" "$ACCEL" "$KERNEL" "$OUT/initramfs.cpio" host-vfio kselftest
	printf '# qemu: %s\n' "${QEMU_CMD[*]}"
	start=$(now_us)
	timeout "$VM_LIMIT" "${QEMU_CMD[@]}" </dev/null >"$OUT/console.log" 2>&1 || status=$?
	printf '# kselftest VM: %s s (run_kselftest.sh under %s)\n' "$(elapsed_s "$start")" "$ACCEL"
	# /init's finish 0 through isa-debug-exit: QEMU exits with (0 << 1) | 1.
	t_is "the VM ran /init to its end (QEMU status 1; 124: killed after $VM_LIMIT s)" "$status" 1
	tr -d '\r' <"$OUT/console.log" | sed -n '/^# kselftest begin/,/^# kselftest end/p' >"$OUT/marked"
	t_ok "the console has the run between /init's markers" grep -q '^# kselftest end' "$OUT/marked"
	sed '1d;$d' "$OUT/marked" >"$OUT/kselftest.tap"
}

# prove_ok DESC FILE...: prove parses every FILE and counts no failure.
prove_ok() {
	local desc=$1 status=0
	shift
	prove --exec cat "$@" >"$OUT/prove.out" 2>&1 || status=$?
	if ((status == 0)) && grep -q '^Result: PASS' "$OUT/prove.out" && ! grep -q 'Parse errors' "$OUT/prove.out"; then
		t_pass "$desc: $(grep '^Files=' "$OUT/prove.out" | cut -d, -f1,2)"
	else
		local -a lines
		mapfile -t lines <"$OUT/prove.out"
		t_fail "$desc (prove exit $status)" "${lines[@]}"
	fi
}

# prove_fails DESC FILE WANT: prove rejects FILE, saying WANT.
prove_fails() {
	local status=0
	prove --exec cat "$2" >"$OUT/prove-bad.out" 2>&1 || status=$?
	if ((status != 0)) && grep -q -- "$3" "$OUT/prove-bad.out"; then
		t_pass "$1"
	else
		t_fail "$1" "prove exit $status, no '$3' in:" "$(cat "$OUT/prove-bad.out")"
	fi
}

# check_output: the top level (one result per program), each program's own
# KTAP (its lines, "# "-prefixed by the runner), and prove on both.
check_output() {
	local prog n=0 line
	local -a own=()
	while IFS=: read -r _ prog; do
		n=$((n + 1))
		line=$(grep -E "^(not )?ok $n selftests: faultline: $prog( |$)" "$OUT/kselftest.tap") || line="(no result line)"
		if [[ $line == "ok $n "* ]]; then
			t_pass "run_kselftest.sh: $(t_shown "$line")"
		else
			t_fail "run_kselftest.sh: $prog: $(t_shown "$line")" \
				"$(sed -n "/^# selftests: faultline: $prog\$/,/ok $n selftests/p" "$OUT/kselftest.tap" | grep -v '^# # \(ok\|  *OK\|  *RUN\)')"
		fi
		# The program's own stream: its lines without the runner's prefix.
		sed -n "/^# selftests: faultline: $prog\$/,/ok $n selftests/p" "$OUT/kselftest.tap" |
			awk 'sub(/^# /, "") && !/^(selftests: |timeout set to )/' >"$OUT/$prog.tap"
		own+=("$OUT/$prog.tap")
	done <"$INSTALL/kselftest-list.txt"
	t_is "the plan counts every program" "$(grep -m 1 '^1\.\.' "$OUT/kselftest.tap")" "1..$n"
	prove_ok "prove parses run_kselftest.sh's output" "$OUT/kselftest.tap"
	prove_ok "prove parses each program's own KTAP" "${own[@]}"
}

# check_prove_fails: the consumer is not a rubber stamp: the same output with
# one result turned into a failure, or a wrong plan, is rejected.
check_prove_fails() {
	sed '0,/^ok [0-9]* selftests/s//not &/' "$OUT/kselftest.tap" >"$OUT/bad-result.tap.txt"
	prove_fails "prove fails the output with one result made 'not ok'" "$OUT/bad-result.tap.txt" 'Failed 1/'
	sed 's/^1\.\.\([0-9]*\)$/1..9\1/' "$OUT/kselftest.tap" >"$OUT/bad-plan.tap.txt"
	prove_fails "prove fails the output with a wrong plan" "$OUT/bad-plan.tap.txt" 'Bad plan'
}

setup
check_tree
boot
check_output
check_prove_fails
t_done
