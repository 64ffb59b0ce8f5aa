#!/usr/bin/env bash
# run.sh's guest suite against fake QEMUs: verdicts, crash diagnosis,
# resumption in a fresh VM, renumbering, results.tap and the count line.
# shellcheck source=check/runner/testlib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/testlib.sh"

# want NAME: reads the expected normalized output from stdin into a file.
want() {
	cat >"$T_TMP/$1.want"
	printf '%s\n' "$T_TMP/$1.want"
}

test_all_pass() {
	run_fake pass guest
	t_expect_run "all pass" 0 "$(want pass <<'EOF'
TAP version 13
# accel: tcg (requested)
# firmware: seabios (QEMU's default; its data directories have no qboot.rom)
# Subtest: default
    # qemu: CMD
    # faultline fake-qemu 0
    # test 1 alpha.offered
    ok 1 - alpha: feature offered [A-1]
    ok 2 - alpha: config sane [A-2]
    # test 2 beta.should
    ok 3 - beta: fault reported promptly [B-1] # WARN took 2 ms
    ok 4 - beta: reserved field [B-2] # INFO device wrote 0
    # test 3 gamma.optional
    ok 5 - gamma: bypass [C-1] # SKIP feature not offered
    1..5
ok 1 - default
1..1
4 passed, 0 failed, 1 skipped (1 warnings, 1 info) in T s
EOF
)"
	t_has_line "all pass: the QEMU command line is shown once" "$R_OUT" \
		"    # qemu: $T_DIR/fake-qemu-pass.sh -machine q35 -accel tcg -icount shift=4,sleep=off -m 256M -nodefaults -no-reboot -display none -serial stdio -monitor none -device isa-debug-exit,iobase=0xf4,iosize=0x4 -device virtio-iommu-pci -device edu,dma_mask=0xffffffffffffffff -device virtio-rng-pci,iommu_platform=on,disable-legacy=on -kernel $T_IMAGE -append from=1"
	t_is "all pass: one boot, from=1" "$(cat "$R_ARGS")" "accel=tcg append=from=1"
	t_ok "all pass: the raw console is kept, CRs included" \
		grep -q $'^ok 1 - alpha: feature offered \\[A-1\\]\r$' "$R_DIR/console-default-1.log"
}

test_all_mode() {
	# The host tests stay out of the way: one skipped check, whatever they are.
	FAULTLINE_HOST_TESTS=off run_fake pass
	t_is "all (default): exit status" "$R_STATUS" 0
	t_is "all: host tests follow the guest subtest, numbered after it" "$(tail -n 4 "$R_OUT" | sed -n 1,3p | sed 's/ # SKIP .*/ # SKIP/')" \
		$'ok 1 - default\nok 2 - host-tests # SKIP\n1..2'
	t_ok "all: count line" grep -Eq '^4 passed, 0 failed, 2 skipped \(1 warnings, 1 info\) in [0-9]+\.[0-9] s$' "$R_OUT"
}

test_check_fails() {
	run_fake fail guest
	t_expect_run "one check fails" 1 "$(want fail <<'EOF'
TAP version 13
# accel: tcg (requested)
# firmware: seabios (QEMU's default; its data directories have no qboot.rom)
# Subtest: default
    # qemu: CMD
    # faultline fake-qemu 0
    # test 1 alpha.offered
    ok 1 - alpha: feature offered [A-1]
    # test 2 beta.config
    ok 2 - beta: config readable [B-1]
    not ok 3 - beta: page_size_mask has a bit set [B-2]
    #   sent: read page_size_mask
    #   expected: non-zero
    #   observed: 0x0
    # test 3 gamma.map
    ok 4 - gamma: map accepted [C-1]
    1..4
not ok 1 - default
1..1
3 passed, 1 failed, 0 skipped (0 warnings, 0 info) in T s
EOF
)"
	t_is "one check fails: no second boot" "$(cat "$R_ARGS")" "accel=tcg append=from=1"
}

test_hang() {
	local start=$SECONDS
	run_fake hang guest --timeout 2
	# The fake never ends by itself: ending at all shows the kill; the bound is
	# generous, so that a loaded machine does not fail it.
	t_ok "hang: the run ends within the timeout plus slack" test $((SECONDS - start)) -le 30
	t_expect_run "hang" 1 "$(want hang <<'EOF'
TAP version 13
# accel: tcg (requested)
# firmware: seabios (QEMU's default; its data directories have no qboot.rom)
# Subtest: default
    # qemu: CMD
    # faultline fake-qemu 0
    # test 1 alpha.ok
    ok 1 - alpha: fine [A-1]
    # test 2 beta.hang
    ok 2 - beta: before the hang [B-1]
    not ok 3 - beta.hang: VM crashed (timeout after 2 s)
    #   qemu exit status: 124 (boot 1, console-default-1.log)
    #   last 6 console lines:
    #   | TAP version 13
    #   | # faultline fake-qemu 0
    #   | # test 1 alpha.ok
    #   | ok 1 - alpha: fine [A-1]
    #   | # test 2 beta.hang
    #   | ok 2 - beta: before the hang [B-1]
    # resuming from test 3 in a fresh VM (boot 2)
    # faultline fake-qemu 0
    # test 3 gamma.ok
    ok 4 - gamma: fine [C-1]
    # test 4 delta.ok
    ok 5 - delta: fine [D-1]
    1..5
not ok 1 - default
1..1
4 passed, 1 failed, 0 skipped (0 warnings, 0 info) in T s
EOF
)"
	t_is "hang: resumed with from=3" "$(cat "$R_ARGS")" \
		$'accel=tcg append=from=1\naccel=tcg append=from=3'
	t_ok "hang: each boot has its console log" test -s "$R_DIR/console-default-2.log"
	t_is "hang: boots.tsv has each boot's log, status, first and last test and append" \
		"$(cut -f 1,2,4- "$R_DIR/boots.tsv")" \
		$'default\t1\t124\talpha.ok\tbeta.hang\tfrom=1\ndefault\t2\t1\tgamma.ok\tdelta.ok\tfrom=3'
	t_ok "hang: boots.tsv gives the hung boot at least its 2 s limit" \
		test "$(cut -f 3 "$R_DIR/boots.tsv" | head -n 1)" -ge 2000
}

test_stubborn() {
	run_fake stubborn guest --timeout 1
	t_is "QEMU ignoring SIGTERM: exit status" "$R_STATUS" 1
	t_has_line "QEMU ignoring SIGTERM: killed, still a timeout" "$R_OUT" \
		"    not ok 2 - beta.stuck: VM crashed (timeout after 1 s)"
	t_has_line "QEMU ignoring SIGTERM: status 137 shown" "$R_OUT" \
		"    #   qemu exit status: 137 (boot 1, console-default-1.log)"
	t_has_line "QEMU ignoring SIGTERM: the next test runs" "$R_OUT" "    ok 3 - gamma: fine [C-1]"
}

test_segv() {
	run_fake segv guest
	t_expect_run "SIGSEGV" 1 "$(want segv <<'EOF'
TAP version 13
# accel: tcg (requested)
# firmware: seabios (QEMU's default; its data directories have no qboot.rom)
# Subtest: default
    # qemu: CMD
    # faultline fake-qemu 0
    # test 1 alpha.ok
    ok 1 - alpha: fine [A-1]
    # test 2 beta.segv
    ok 2 - beta: before the crash [B-1]
    not ok 3 - beta.segv: VM crashed (QEMU killed by signal SIGSEGV)
    #   qemu exit status: 139 (boot 1, console-default-1.log)
    #   the last step sent to the device: probe ep=0x10 in=260
    #   last 7 console lines:
    #   | TAP version 13
    #   | # faultline fake-qemu 0
    #   | # test 1 alpha.ok
    #   | ok 1 - alpha: fine [A-1]
    #   | # test 2 beta.segv
    #   | ok 2 - beta: before the crash [B-1]
    #   | # sending: probe ep=0x10 in=260
    # resuming from test 3 in a fresh VM (boot 2)
    # faultline fake-qemu 0
    # test 3 gamma.ok
    ok 4 - gamma: fine [C-1]
    1..4
not ok 1 - default
1..1
3 passed, 1 failed, 0 skipped (0 warnings, 0 info) in T s
EOF
)"
}

# The outer VM of --accel nested-kvm ends with 255 after naming the inner
# QEMU's status: the verdict is the inner one's, as for a direct boot.
test_nested_status() {
	run_fake nested guest
	t_has_line "nested: the inner status read back" "$R_OUT" \
		"    not ok 2 - beta.abort: VM crashed (QEMU killed by signal SIGABRT)"
	t_has_line "nested: the inner status shown" "$R_OUT" \
		"    #   qemu exit status: 134 (boot 1, console-default-1.log)"
	t_has_line "nested: the next test runs" "$R_OUT" "    ok 3 - gamma: fine [C-1]"
	FAKE_INNER_STATUS=2 run_fake nested guest
	t_has_line "nested: an inner QEMU error (status 2) is named" "$R_OUT" \
		"    not ok 2 - beta.abort: VM crashed (QEMU exited with status 2)"
}

# The archive appended to the outer VM's initramfs starts at a multiple of 4
# bytes, whatever the compressed part's size: the kernel unpacks an
# uncompressed archive only there (scripts/nested.sh).
test_nested_initrd_aligned() {
	local size at
	for size in 5 6 7 8; do
		at=$(
			die() { echo "die: $*" >&2; exit 2; }
			# shellcheck source=scripts/nested.sh
			source "$T_ROOT/scripts/nested.sh"
			IMAGE=$T_TMP/guest.flat NESTED_INITRAMFS=$T_TMP/part.gz
			printf 'image' >"$IMAGE"
			head -c "$size" /dev/urandom | tr '0\\000' 'xy' >"$NESTED_INITRAMFS"
			mkdir -p "$T_TMP/nd/nested"
			printf '-m\n' >"$T_TMP/nd/nested/qemu-args"
			nested_initrd "$T_TMP/nd" "$T_TMP/initrd"
			grep -oba 070701 "$T_TMP/initrd" | head -n 1 | cut -d: -f1
		)
		t_ok "nested: after $size bytes compressed, the archive starts at $at, a multiple of 4" \
			test -n "$at" -a $((at % 4)) -eq 0 -a "$at" -ge "$size"
	done
}

test_bail() {
	run_fake bail guest
	t_expect_run "bail out" 1 "$(want bail <<'EOF'
TAP version 13
# accel: tcg (requested)
# firmware: seabios (QEMU's default; its data directories have no qboot.rom)
# Subtest: default
    # qemu: CMD
    # faultline fake-qemu 0
    # test 1 alpha.ok
    ok 1 - alpha: fine [A-1]
    # test 2 beta.ud
    not ok 2 - beta.ud: VM crashed (guest bailed out: exception 6 (#UD) at rip=0x10234a)
    #   qemu exit status: 5 (boot 1, console-default-1.log)
    #   last 6 console lines:
    #   | TAP version 13
    #   | # faultline fake-qemu 0
    #   | # test 1 alpha.ok
    #   | ok 1 - alpha: fine [A-1]
    #   | # test 2 beta.ud
    #   | Bail out! exception 6 (#UD) at rip=0x10234a
    # resuming from test 3 in a fresh VM (boot 2)
    # faultline fake-qemu 0
    # test 3 gamma.ok
    ok 3 - gamma: fine [C-1]
    1..3
not ok 1 - default
1..1
2 passed, 1 failed, 0 skipped (0 warnings, 0 info) in T s
EOF
)"
	t_ok "bail out: no line starts with Bail out!" \
		test "$(grep -c '^Bail out!' "$R_DIR/results.tap")" -eq 0
}

test_reset() {
	run_fake reset guest
	t_expect_run "reset" 1 "$(want reset <<'EOF'
TAP version 13
# accel: tcg (requested)
# firmware: seabios (QEMU's default; its data directories have no qboot.rom)
# Subtest: default
    # qemu: CMD
    # faultline fake-qemu 0
    # test 1 alpha.ok
    ok 1 - alpha: fine [A-1]
    # test 2 beta.ok
    ok 2 - beta: fine [B-1]
    # test 3 gamma.reset
    not ok 3 - gamma.reset: VM crashed (guest reset or triple fault)
    #   qemu exit status: 0 (boot 1, console-default-1.log)
    #   last 7 console lines:
    #   | TAP version 13
    #   | # faultline fake-qemu 0
    #   | # test 1 alpha.ok
    #   | ok 1 - alpha: fine [A-1]
    #   | # test 2 beta.ok
    #   | ok 2 - beta: fine [B-1]
    #   | # test 3 gamma.reset
    # resuming from test 4 in a fresh VM (boot 2)
    # faultline fake-qemu 0
    # test 4 delta.ok
    ok 4 - delta: fine [D-1]
    1..4
not ok 1 - default
1..1
3 passed, 1 failed, 0 skipped (0 warnings, 0 info) in T s
EOF
)"
	t_is "reset: resumed with from=4" "$(cat "$R_ARGS")" \
		$'accel=tcg append=from=1\naccel=tcg append=from=4'
}

test_deferred() {
	run_fake deferred guest
	t_expect_run "deferred" 0 "$(want deferred <<'EOF2'
TAP version 13
# accel: tcg (requested)
# firmware: seabios (QEMU's default; its data directories have no qboot.rom)
# Subtest: default
    # qemu: CMD
    # faultline fake-qemu 0
    # test 1 alpha.ok
    ok 1 - alpha: fine [A-1]
    # deferred 2 reset.keep
    # test 3 gamma.ok
    ok 2 - gamma: fine [C-1]
    # test 2 reset.keep resets the machine: booting it on its own
    # qemu: CMD
    # faultline fake-qemu 0
    # test 2 reset.keep
    # faultline fake-qemu 0
    #   the machine was reset by test 2, which resumes
    # test 2 reset.keep
    ok 3 - reset: kept across the reset [R-1]
    1..3
ok 1 - default
1..1
3 passed, 0 failed, 0 skipped (0 warnings, 0 info) in T s
EOF2
)"
	t_is "deferred: then booted alone, from= and filter= its own, reboot=on" "$(cat "$R_ARGS")" \
		$'accel=tcg append=from=1\naccel=tcg append=from=2 filter=reset.keep reboot=on'
	t_lacks "deferred: its boot has no -no-reboot" "$R_OUT" \
		"-nodefaults -no-reboot -display none -serial stdio -monitor none -device isa-debug-exit,iobase=0xf4,iosize=0x4 -device virtio-iommu-pci -device edu,dma_mask=0xffffffffffffffff -device virtio-rng-pci,iommu_platform=on,disable-legacy=on -kernel $T_IMAGE -append 'from=2"
}

test_silent() {
	run_fake silent guest
	t_expect_run "silent boot" 1 "$(want silent <<'EOF'
TAP version 13
# accel: tcg (requested)
# firmware: seabios (QEMU's default; its data directories have no qboot.rom)
# Subtest: default
    # qemu: CMD
    not ok 1 - boot: QEMU exited with status 1 without # done
    #   qemu exit status: 1 (boot 1, console-default-1.log)
    #   no console output
    #   tests from index 1 on were lost
    1..1
not ok 1 - default
1..1
0 passed, 1 failed, 0 skipped (0 warnings, 0 info) in T s
EOF
)"
	t_is "silent boot: not booted again" "$(cat "$R_ARGS")" "accel=tcg append=from=1"
	FAKE_SILENT=hang run_fake silent guest --timeout 1
	t_is "silent hang: exit status" "$R_STATUS" 1
	t_has_line "silent hang: boot verdict" "$R_OUT" "    not ok 1 - boot: timeout after 1 s"
	t_has_line "silent hang: lost tests" "$R_OUT" "    #   tests from index 1 on were lost"
}

test_noresume() {
	run_fake noresume guest
	t_is "guest ignoring from=: exit status" "$R_STATUS" 1
	t_has_line "guest ignoring from=: stopped" "$R_OUT" \
		"    not ok 3 - boot: guest ran test 1 although from=2"
	t_is "guest ignoring from=: two boots only" "$(wc -l <"$R_ARGS")" 2
}

test_garbled() {
	run_fake garbled guest
	t_is "inconsistent guest: exit status" "$R_STATUS" 1
	t_is "inconsistent guest: verdicts" "$(grep -E '^ *(not )?ok ' "$R_OUT")" "    ok 1 - alpha: fine [A-1]
    ok 2 - alpha: fine too [A-2]
    not ok 3 - boot: the guest planned 3 checks but printed 2
    not ok 4 - boot: QEMU status 3 (a check failed) but no not ok line arrived
not ok 1 - default"
	t_has_line "inconsistent guest: the stray line shown" "$R_OUT" \
		"    #   | 1: [   22.1] watchdog: BUG: soft lockup - CPU#0 stuck for 22s!ok 3 - alpha: fine [A-3]"
	t_is "inconsistent guest: not booted again" "$(cat "$R_ARGS")" "accel=tcg append=from=1"
}

# A message of QEMU's own amid a console line: both arrive whole.
test_stderr_amid_line() {
	run_fake stderr guest
	t_is "QEMU message amid a check line: exit status" "$R_STATUS" 0
	t_is "QEMU message amid a check line: verdicts" "$(grep -E '^ *(not )?ok ' "$R_OUT")" \
		"    ok 1 - alpha: fine [A-1]
ok 1 - default"
	t_ok "QEMU message amid a check line: kept whole in the console log" \
		grep -qx 'qemu-system-x86_64: vtd_iommu_translate: detected translation failure' \
		"$R_DIR/console-default-1.log"
}

test_filter() {
	run_fake pass guest --filter beta
	t_is "filter: exit status" "$R_STATUS" 0
	t_is "filter: passed to the guest" "$(cat "$R_ARGS")" "accel=tcg append=from=1 filter=beta"
	t_has_line "filter: only the matching test" "$R_OUT" "    ok 2 - beta: reserved field [B-2] # INFO device wrote 0"
	t_lacks "filter: others not run" "$R_OUT" "alpha"
	t_ok "filter: count line" grep -Eq '^2 passed, 0 failed, 0 skipped \(1 warnings, 1 info\)' "$R_OUT"
	run_fake pass guest --filter nosuchtest
	t_is "filter selecting no test: exit status" "$R_STATUS" 2
	t_has_line "filter selecting no test: says so" "$R_ERR" \
		"run.sh: error: --filter 'nosuchtest' selects no test (./run.sh --list names them)"
}

test_list() {
	run_fake pass --list
	t_is "list: exit status" "$R_STATUS" 0
	t_is "list: the test list" "$(cat "$R_OUT")" \
		"$(printf 'release %s\n' '7.2 (Debian bookworm)' '10.0 (Debian trixie)' '11.1 (Debian sid)'
			printf '%s\n' 'variant default' '1 alpha.offered [A-1 A-2]' '2 beta.should [B-1 B-2]' \
				'3 gamma.optional [C-1]')"
	t_is "list: booted with list" "$(cat "$R_ARGS")" "accel=tcg append=list"
	run_fake silent --list
	t_is "list, QEMU exits 1 at once (a refused option): exit 2" "$R_STATUS" 2
	t_ok "list, QEMU exits 1 at once: says so" \
		grep -q 'QEMU exited with status 1 before the guest started' "$R_ERR"
}

test_all_pass
test_all_mode
test_check_fails
test_hang
test_stubborn
test_segv
test_nested_status
test_nested_initrd_aligned
test_bail
test_reset
test_deferred
test_silent
test_noresume
test_garbled
test_stderr_amid_line
test_filter
test_list
t_done
