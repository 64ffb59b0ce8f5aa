#!/bin/busybox sh
# shellcheck shell=dash
# /init of the test VM: runs the host tests listed in /etc/faultline/statements
# (host-tests/statements.txt), one kselftest test per process, and speaks the
# guest protocol (docs/guest-protocol.md) on the serial console: "# test
# <index> <name> [<IDs>]" before each test (so a crash is charged to them),
# check lines carrying statement IDs, "# done", the plan, then the exit code
# through isa-debug-exit.
# Kernel command line: from=N, filter=PAT, list, probe (as for the guest),
# kselftest (run_kselftest below, instead), suite=vfio, which runs the VFIO-
# and LINUX-VIOMMU- rows instead of the others (the VMs with edu behind an
# IOMMU, scripts/hostvm.sh), suite=quirks, the LINUX-QUIRK- rows, and
# suite=dma, the LINUX-VIOMMU-DMA- rows alone (vfio runs them too).  A kernel whose drivers
# are modules (vm-images/modules.sh) gets them from /lib/modules/load, loaded
# in that order with the kernel command line's MODULE.PARAM=VALUE options.

TABLE=/etc/faultline/statements
# Seconds per test; under the kselftest harness's own 30 s and the runner's VM limit.
TEST_LIMIT=20
# vfio_qemu_assign boots a QEMU of its own (bounded at 40 s by the program,
# 50 s a test by its harness): about 3 s alone, more on a loaded machine.
QEMU_TEST_LIMIT=55
OUT=/tmp/test.out

CHECKS=0
FAILED=0
FROM=1
FILTER=
MODE=run
SUITE=iommufd
REBOOT=
RESUMING=0
# cmos-keep's states: a reboot=on boot runs; a test rebooted the machine.
KEEP_RUNNING=1
KEEP_REBOOTED=2

boot_setup() {
	/bin/busybox mkdir -p /proc /sys /dev /tmp
	/bin/busybox mount -t devtmpfs dev /dev
	# Nothing is open before devtmpfs is mounted: the cpio has no device nodes.
	exec </dev/console >/dev/console 2>&1
	/bin/busybox --install -s /bin
	mount -t proc proc /proc
	mount -t sysfs sys /sys
	mount -t debugfs debugfs /sys/kernel/debug
}

# load_modules: the modules listed in /lib/modules/load (none for the kernel
# built from vm-images/kernel.config), each with its options from the kernel
# command line: insmod does not read them there, modprobe would.
load_modules() {
	local ko name opts arg cmdline
	[ -f /lib/modules/load ] || return 0
	read -r cmdline </proc/cmdline
	while read -r ko; do
		name=$(basename "$ko" .ko | tr - _)
		opts=
		for arg in $cmdline; do
			case $arg in "$name".*=*) opts="$opts ${arg#"$name".}" ;; esac
		done
		# shellcheck disable=SC2086 # one word per option
		insmod "/lib/modules/$ko" $opts || echo "# insmod $ko failed"
	done </lib/modules/load
}

# parse_cmdline: FROM, FILTER and MODE from the kernel command line (read
# there: the kernel would hand "list" to init as an argument, "from=" as an
# environment variable).
parse_cmdline() {
	local arg cmdline
	read -r cmdline </proc/cmdline
	for arg in $cmdline; do
		case $arg in
		from=*) FROM=${arg#from=} ;;
		filter=*) FILTER=${arg#filter=} ;;
		list | probe | kselftest) MODE=$arg ;;
		suite=*) SUITE=${arg#suite=} ;;
		reboot=on) REBOOT=on ;;
		esac
	done
	case $FROM in '' | *[!0-9]*) FROM=1 ;; esac
}

# selected NAME IDS: whether FILTER picks the test: one of its comma-separated
# patterns matches (a glob when it has * or ?, else a substring of the name or
# of one ID).  vm-images/kernel-mutants.sh lists a mutant's statements so.
selected() {
	# IFS a comma: the unquoted $2 below splits into IDs without a
	# subprocess (a printf | tr per pattern and row took minutes under TCG
	# with a mutant batch's long filter; the VM looked hung between tests).
	local rest=$FILTER pat id IFS=,
	[ -z "$rest" ] && return 0
	while [ -n "$rest" ]; do
		pat=${rest%%,*}
		rest=${rest#"$pat"}
		rest=${rest#,}
		case $pat in *[*?]*) ;; *) pat="*$pat*" ;; esac
		# shellcheck disable=SC2254 # the pattern is meant to glob
		case $1 in $pat) return 0 ;; esac
		# shellcheck disable=SC2086 # split on IFS, the comma
		for id in $2; do
			# shellcheck disable=SC2254
			case $id in $pat) return 0 ;; esac
		done
	done
	return 1
}

# in_suite ID: whether the row belongs to the suite this VM runs.
in_suite() {
	case $1 in
	# The reboot: in the host-dma-* VMs alone, whose boots take seconds.
	LINUX-VIOMMU-DMA-4) [ "$SUITE" = dma ] ;;
	LINUX-VIOMMU-DMA-*) [ "$SUITE" = vfio ] || [ "$SUITE" = dma ] ;;
	VFIO-* | LINUX-VIOMMU-*) [ "$SUITE" = vfio ] ;;
	LINUX-QUIRK-*) [ "$SUITE" = quirks ] ;;
	*) [ "$SUITE" = iommufd ] ;;
	esac
}

# set_label: LABEL, the check lines' prefix.
set_label() {
	case $SUITE in vfio | quirks | dma) LABEL=$SUITE ;; *) LABEL=fault ;; esac
}

# set_ids: IDS, the row's ID; a LINUX-QUIRK row adds the DRV statements its
# statement names ("... (DRV-PROBE-5)"): the check is the Linux driver's
# verdict on them, which the report's matrix then shows beside the guest
# driver's.  Once a row, in this shell: each $(...) is a fork, and a few per
# test added up under TCG (README, "Speed").
set_ids() {
	local drv
	IDS=$ID
	case $ID in
	LINUX-QUIRK-*)
		drv=$(printf '%s\n' "$STMT" | grep -o 'DRV-[A-Z]*-[0-9]*' | tr '\n' ',')
		IDS="$ID${drv:+,${drv%,}}"
		;;
	esac
}

# check VERDICT DIRECTIVE: one check line for the current test.
check() {
	CHECKS=$((CHECKS + 1))
	[ "$1" = 'not ok' ] && FAILED=$((FAILED + 1))
	printf '%s %d - %s: %s [%s]%s\n' "$1" "$CHECKS" "$LABEL" "$STMT" "$IDS" "$2"
}

# diagnostics: the harness's own messages (TH_LOG, failed expectations)
# and the kernel's, below a failed check.
diagnostics() {
	grep -v -e '^ok ' -e '^not ok ' -e '^TAP version' -e '^1\.\.' \
		-e '^# Starting' -e '^#  RUN' -e '^# *OK ' -e '^# *FAIL ' \
		-e '^# PASSED' -e '^# FAILED' -e '^# Totals' "$OUT" | sed 's/^#* */#   /'
	# Warnings and worse only (busybox dmesg has no level filter: -r shows it).
	dmesg -c -r | grep '^<[0-4]>' | sed 's/^<[0-9]*>/#   kernel: /'
}

# should_only: whether the row names DRV statements and every one is a
# SHOULD (spec-checks/catalog.txt's level, in /etc/faultline/levels): the
# Linux driver not doing what it recommends is a warning, as in the guest.
should_only() {
	local drv id level
	case $ID in LINUX-QUIRK-*) ;; *) return 1 ;; esac
	drv=$(printf '%s\n' "$STMT" | grep -o 'DRV-[A-Z]*-[0-9]*')
	[ -n "$drv" ] || return 1
	for id in $drv; do
		level=$(grep -m 1 "^$id	" /etc/faultline/levels | cut -f 2)
		case $level in 'SHOULD' | 'SHOULD NOT') ;; *) return 1 ;; esac
	done
}

# verdict STATUS: turns the harness's result line into the project's.
verdict() {
	local status=$1 line=''
	# The harness's first result line, read here: a grep would be a fork.
	while IFS= read -r line; do
		case $line in 'ok '* | 'not ok '*) break ;; esac
		line=''
	done <"$OUT"
	case $line in
	'ok '*' # SKIP'*) check ok " # SKIP ${line#* # SKIP }" ;;
	'ok '*) check ok '' ;;
	'not ok '*)
		if should_only; then
			check ok " # WARN the Linux driver does not do what the statement recommends (SHOULD)"
		else
			check 'not ok' ''
		fi
		diagnostics
		;;
	*)
		check 'not ok' ''
		printf '#   no result line: %s exited with status %s%s\n' "$PROG" "$status" \
			"$([ "$status" = 124 ] || [ "$status" = 143 ] && echo " (killed after $(test_limit) s)")"
		diagnostics
		;;
	esac
}

# test_limit: the seconds PROG's test may take.
test_limit() {
	case $PROG in vfio_qemu_assign) echo "$QEMU_TEST_LIMIT" ;; *) echo "$TEST_LIMIT" ;; esac
}

# run_test INDEX: one kselftest test in its own process, bounded in time.
run_test() {
	local status=0
	printf '# test %d %s.%s [%s]\n' "$1" "$PROG" "${TEST#*.}" "$IDS"
	dmesg -c >/dev/null
	if [ ! -x "/tests/$PROG" ]; then
		printf 'missing /tests/%s\n' "$PROG" >"$OUT"
		status=127
	else
		timeout "$(test_limit)" "/tests/$PROG" -r "$TEST" >"$OUT" 2>&1 </dev/null || status=$?
	fi
	verdict "$status"
}

# needs_reboot: whether the row's test runs after a reboot it causes.
needs_reboot() {
	case $TEST in *.reboot_*) return 0 ;; esac
	return 1
}

# resume_begin: with reboot=on, what the boot before kept: a test that
# rebooted the machine resumes; a reboot no test asked for (a panic, say) is
# charged to the test it interrupted instead of looping.
resume_begin() {
	local kept
	[ "$REBOOT" = on ] || return 0
	kept=$(/bin/cmos-keep get) || kept='0 0'
	case $kept in
	"$KEEP_REBOOTED "*)
		RESUMING=${kept#* }
		echo "#   the machine was reset by test $RESUMING, which resumes"
		;;
	"$KEEP_RUNNING "*)
		echo "Bail out! the machine was reset unexpectedly while running test ${kept#* }"
		finish 2
		;;
	esac
	/bin/cmos-keep set "$KEEP_RUNNING" "$RESUMING"
}

# reboot_for INDEX: the part before the reboot: the same reads through the
# driver (requests the stream compares with those after it), then the reboot;
# returns only when the machine did not reset.
reboot_for() {
	local n
	printf '# test %d %s.%s [%s]\n' "$1" "$PROG" "${TEST#*.}" "$IDS"
	n=$(dd if=/dev/hwrng bs=64 count=1 2>/dev/null | wc -c)
	echo "#   before the reboot: $n bytes from /dev/hwrng; rebooting"
	/bin/cmos-keep set "$KEEP_REBOOTED" "$1"
	reboot -f
	sleep 30
	/bin/cmos-keep set "$KEEP_RUNNING" "$1"
	return 1
}

# run_or_defer INDEX: run_test, but a test that needs a reboot is deferred
# without reboot=on, and reboots the machine first with it.
run_or_defer() {
	if needs_reboot; then
		if [ "$REBOOT" != on ]; then
			printf '# deferred %d %s.%s\n' "$1" "$PROG" "${TEST#*.}"
			return
		fi
		if [ "$RESUMING" != "$1" ] && ! reboot_for "$1"; then
			check 'not ok' ''
			echo "#   reboot -f did not reset the machine within 30 s"
			return
		fi
	fi
	run_test "$1"
}

# each_test ACTION: calls ACTION INDEX for every selected test of the table,
# with ID PROG TEST SRC STMT set; INDEX is the test's rank in the table.
each_test() {
	local index=0 tab
	tab=$(printf '\t')
	# SRC is read to split the columns; the runner does not need it.
	# shellcheck disable=SC2034
	while IFS=$tab read -r ID PROG TEST SRC STMT <&3; do
		case $ID in '' | '#'*) continue ;; esac
		in_suite "$ID" || continue
		index=$((index + 1))
		[ "$index" -ge "$FROM" ] || continue
		selected "$PROG.${TEST#*.}" "$ID" || continue
		set_ids
		"$1" "$index"
	done 3<"$TABLE"
}

# caps_report: which fault-reporting uAPIs this kernel offers, as diagnostics.
caps_report() {
	if [ -x /tests/uapi_caps ]; then
		timeout "$TEST_LIMIT" /tests/uapi_caps --report 2>&1 | grep '^# uapi: '
	fi
}

list_test() {
	printf '# list %d %s.%s [%s]\n' "$1" "$PROG" "${TEST#*.}" "$ID"
}

# kselftest: the installed kselftest tree (make kselftest-install, added to
# the initramfs by check/kselftest.sh) run by the kernel's run_kselftest.sh,
# unchanged, between two markers.  Its runner logs through /dev/stdout, a link
# that a full system has and devtmpfs does not make.
KSELFTEST=/kselftest_install
run_kselftest() {
	local fd=0 name
	for name in stdin stdout stderr; do
		ln -sf "/proc/self/fd/$fd" "/dev/$name"
		fd=$((fd + 1))
	done
	echo "# kselftest begin $(uname -r)"
	"$KSELFTEST/run_kselftest.sh" 2>&1 | cat
	echo '# kselftest end'
}

# finish CODE: QEMU exits with (CODE << 1) | 1; if the port is missing, a
# power-off still ends the VM (QEMU status 0: the runner says "reset").  What
# a reboot=on boot kept is cleared first.
finish() {
	if [ "$REBOOT" = on ]; then /bin/cmos-keep clear; fi
	/bin/debug-exit "$1"
	poweroff -f
	sleep 10
}

main() {
	[ "${1:-}" = child ] || boot_setup
	parse_cmdline
	set_label
	case $MODE in
	probe)
		echo 'faultline-probe ok'
		finish 0
		;;
	list)
		echo 'TAP version 13'
		each_test list_test
		finish 0
		;;
	kselftest)
		load_modules
		run_kselftest
		finish 0
		;;
	esac
	echo 'TAP version 13'
	echo "# faultline host-tests $(uname -r)"
	load_modules
	caps_report
	resume_begin
	each_test run_or_defer
	echo '# done'
	echo "1..$CHECKS"
	if [ "$FAILED" -gt 0 ]; then finish 1; else finish 0; fi
}

# PID 1 only sets up and reaps: the suite runs in a child of it.  The
# orphans PID 1 inherits (busybox timeout's watcher outlives each test by up
# to a second) sent their SIGCHLD to the shell that wrote the check lines,
# and one arriving in a console write(2) fails it (EINTR), losing the whole
# line (README, "planned N checks but printed N-1").
if [ "$$" = 1 ]; then
	boot_setup
	/bin/busybox sh /init child </dev/console &
	wait $!
	exit $?
fi
main "$@"
