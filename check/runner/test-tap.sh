#!/usr/bin/env bash
# Unit tests of the sourced TAP and QEMU-status functions on canned lines.
# shellcheck source=check/runner/testlib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/testlib.sh"
# shellcheck source=scripts/util.sh
source "$T_ROOT/scripts/util.sh"
# shellcheck source=scripts/tap.sh
source "$T_ROOT/scripts/tap.sh"
# shellcheck source=scripts/report.sh
source "$T_ROOT/scripts/report.sh"
# shellcheck source=scripts/qemu.sh
source "$T_ROOT/scripts/qemu.sh"

# class_is WANT LINE: tap_classify's verdict on LINE.
class_is() {
	tap_classify "$2"
	t_is "classify '$(t_shown "$2")' as $1" "$TAP_CLASS" "$1"
}

test_classify() {
	class_is pass 'ok 1 - features: device offers MAP_UNMAP [DEV-FEAT-1]'
	class_is pass 'ok 2'
	class_is fail 'not ok 4 - config: page_size_mask has a bit set [DEV-CFG-1]'
	class_is skip 'ok 5 - bypass [DEV-BYP-1] # SKIP feature not offered'
	class_is warn 'ok 6 - fault reported [DEV-FLT-2] # WARN SHOULD violated'
	class_is info 'ok 7 - reserved bits [DEV-RES-1] # INFO device wrote 0'
	class_is fail 'not ok 8 - fails, whatever follows [X-1] # SKIP no'
	class_is pass 'ok 9 - a hash # in the middle [X-2]'
	class_is pass 'ok 10 - WARN in the text is no directive [X-3]'
	class_is test '# test 12 config.page_size_mask'
	t_is "test line: index" "$TAP_TEST_INDEX" 12
	t_is "test line: name" "$TAP_TEST_NAME" config.page_size_mask
	t_is "test line: no IDs" "$TAP_TEST_IDS" ''
	class_is test '# test 13 config.bypass_initial [DEV-CFG-3,DEV-CFG-6]'
	t_is "test line with IDs: name" "$TAP_TEST_NAME" config.bypass_initial
	t_is "test line with IDs: IDs" "$TAP_TEST_IDS" '[DEV-CFG-3,DEV-CFG-6]'
	class_is 'done' '# done'
	class_is diag '#   observed: 0x0'
	class_is diag '# faultline faultline.flat 0.1'
	class_is diag '# testing nothing'
	class_is plan '1..17'
	t_is "plan: its count" "$TAP_PLAN" 17
	class_is plan '1..0'
	class_is version 'TAP version 13'
	class_is bail 'Bail out! exception 6 (#UD) at rip=0x1234'
	t_is "bail: its text" "$TAP_BAIL" 'exception 6 (#UD) at rip=0x1234'
	class_is other 'okay, not TAP'
	class_is other 'SeaBIOS (version 1.16)'
	class_is other ''
}

# renumber_is LINE N WANT
renumber_is() {
	tap_renumber "$1" "$2"
	t_is "renumber '$(t_shown "$1")' as $2" "$TAP_LINE" "$3"
}

test_renumber() {
	renumber_is 'ok 1 - a [X-1]' 7 'ok 7 - a [X-1]'
	renumber_is 'not ok 12 - b [X-2]' 3 'not ok 3 - b [X-2]'
	renumber_is 'ok 3 - c [X-3] # WARN slow' 40 'ok 40 - c [X-3] # WARN slow'
	renumber_is 'ok 3 no dash' 4 'ok 4 - no dash'
	renumber_is 'ok - no number' 5 'ok 5 - no number'
	renumber_is 'ok' 6 'ok 6'
	renumber_is 'ok 2 - 10 queues' 8 'ok 8 - 10 queues'
}

test_count() {
	local line
	tap_reset
	for line in 'ok 1 - a' 'not ok 2 - b' 'ok 3 - c # SKIP x' 'ok 4 - d # WARN y' \
		'ok 5 - e # INFO z' 'ok 6 - f # WARN w' 'not ok 7 - g'; do
		tap_classify "$line"
		tap_count "$TAP_CLASS"
	done
	t_is "count: summary" "$(tap_summary 1.5)" \
		"4 passed, 2 failed, 1 skipped (2 warnings, 1 info) in 1.5 s"
	t_is "count: checks" "$TAP_CHECKS" 7
}

test_report() {
	local out
	out=$(
		report_open ""
		report_check 'ok 1 - a'
		report_check 'not ok 1 - b'
		report_not_ok 'x: VM crashed (timeout after 3 s)'
		report_ok 'host-tests # SKIP not built yet'
		report_close 0.1
	)
	t_is "report: renumbered stream, plan, count line" "$out" "TAP version 13
ok 1 - a
not ok 2 - b
not ok 3 - x: VM crashed (timeout after 3 s)
ok 4 - host-tests # SKIP not built yet
1..4
1 passed, 2 failed, 1 skipped (0 warnings, 0 info) in 0.1 s"
}

test_report_subtests() {
	local out
	out=$(
		report_open ""
		report_diag 'accel: tcg'
		report_subtest_begin one
		report_diag 'qemu: q'
		report_check 'ok 1 - a # WARN w'
		report_check 'ok 2 - b # SKIP s'
		report_subtest_end one
		report_subtest_begin two
		report_check 'ok 1 - c'
		report_not_ok 'd: VM crashed (guest reset or triple fault)'
		report_diag '  qemu exit status: 0'
		report_check 'ok 1 - e # INFO i'
		report_subtest_end two
		report_subtest_begin empty
		report_subtest_end empty
		report_ok 'host-tests # SKIP not built yet'
		report_close 0.1
	)
	t_is "report: subtests indented, numbered from 1, parent lines not counted" "$out" "TAP version 13
# accel: tcg
# Subtest: one
    # qemu: q
    ok 1 - a # WARN w
    ok 2 - b # SKIP s
    1..2
ok 1 - one
# Subtest: two
    ok 1 - c
    not ok 2 - d: VM crashed (guest reset or triple fault)
    #   qemu exit status: 0
    ok 3 - e # INFO i
    1..3
not ok 2 - two
# Subtest: empty
    1..0
ok 3 - empty
ok 4 - host-tests # SKIP not built yet
1..4
3 passed, 1 failed, 2 skipped (1 warnings, 1 info) in 0.1 s"
}

# why_is WANT STATUS ELAPSED_US LIMIT DONE BAIL
why_is() {
	local want=$1
	shift
	qemu_why "$@"
	t_is "qemu_why $*" "$QEMU_WHY" "$want"
}

test_why() {
	why_is "timeout after 3 s" 124 3000000 3 0 ""
	why_is "timeout after 3 s" 137 5000000 3 0 ""
	why_is "timeout after 0.5 s" 137 600000 0.5 0 ""
	why_is "QEMU killed by signal SIGKILL" 137 100000 3 0 ""
	why_is "QEMU killed by signal SIGSEGV" 139 100000 3 0 ""
	why_is "guest reset or triple fault" 0 100000 3 0 ""
	why_is "guest bailed out: exception 6 (#UD)" 5 100000 3 0 "exception 6 (#UD)"
	why_is "QEMU exited with status 1 without # done" 1 100000 3 0 ""
	why_is "QEMU exited with status 3 without # done" 3 100000 3 0 ""
	why_is "QEMU exited with status 2" 2 100000 3 0 ""
	# An odd status past the signal range is a guest exit code, not a signal.
	why_is "QEMU exited with status 255" 255 100000 3 0 ""
}

test_quote() {
	t_is "qemu_quote: plain words stay plain" \
		"$(qemu_quote q -device isa-debug-exit,iobase=0xf4 -append from=1)" \
		"q -device isa-debug-exit,iobase=0xf4 -append from=1"
	t_is "qemu_quote: spaces and globs are quoted" \
		"$(qemu_quote -append 'from=1 filter=map*' "it's")" \
		"-append 'from=1 filter=map*' 'it'\\''s'"
	t_is "guest_devices: the devices under test" "$(guest_devices)" $'-device\nvirtio-iommu-pci\n-device\nedu,dma_mask=0xffffffffffffffff\n-device\nvirtio-rng-pci,iommu_platform=on,disable-legacy=on'
	t_is "guest_devices OPTIONS: appended to virtio-iommu-pci only" "$(guest_devices boot-bypass=off,x=1)" \
		$'-device\nvirtio-iommu-pci,boot-bypass=off,x=1\n-device\nedu,dma_mask=0xffffffffffffffff\n-device\nvirtio-rng-pci,iommu_platform=on,disable-legacy=on'
	qemu_cmdline q tcg img from=1 boot-bypass=off
	t_ok "qemu_cmdline: a variant's options reach the device" \
		test "$(qemu_quote "${QEMU_CMD[@]}")" = "q -machine q35 -accel tcg -m 256M -nodefaults -no-reboot -display none -serial stdio -monitor none -device isa-debug-exit,iobase=0xf4,iosize=0x4 -device virtio-iommu-pci,boot-bypass=off -device edu,dma_mask=0xffffffffffffffff -device virtio-rng-pci,iommu_platform=on,disable-legacy=on -kernel img -append from=1"
}

test_classify
test_renumber
test_count
test_report
test_report_subtests
test_why
test_quote
t_done
