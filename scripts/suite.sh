# shellcheck shell=bash
# The guest suite of one run (a device variant, or a host VM whose /init
# speaks the same protocol): boot the image, stream its TAP as the subtest's
# lines, and when a VM crashes, charge the crash to the running test and
# boot a fresh VM after it (docs/guest-protocol.md).  Needs tap.sh,
# report.sh, qemu.sh, settings.sh, util.sh, monitor.sh.
#
# Everything about the run comes from its settings (settings.sh: RUN,
# RUN_ARGV, loaded by scripts/subtest.sh); the rest is this process's own.

SUITE_TAIL_LINES=20
# Console lines outside the protocol kept for a boot whose account does not add up.
SUITE_STRAY_LINES=6
SUITE_BOOTS=0
SUITE_DEFERRED=()	# "<index> <name>" of each test the guest deferred
SUITE_RETRIED=0	# the test last run again after the outer kernel crashed in it
# Under nested-kvm (RUN[outer]) the console also carries the outer VM's
# kernel, which is the harness, not the device under test.  Its panic (every
# oops is one: oops=panic, scripts/nested.sh) is a crash of the machine below
# the guest, named by the first line of its oops when one came before; a
# BUG: line alone (a workqueue lockup, say) ends nothing and blames nothing.
SUITE_OUTER_RE='^\[ *[0-9]+\.[0-9]+\] (Oops|BUG:|kernel BUG|general protection fault)'
SUITE_PANIC_RE='^\[ *[0-9]+\.[0-9]+\] Kernel panic'

# suite_append ARGS...: the -append string, with filter= when one is given.
suite_append() {
	local append="$*"
	if [[ -n ${RUN[filter]:-} ]]; then
		append+=" filter=${RUN[filter]}"
	fi
	printf '%s\n' "$append"
}

# suite_cmdline APPEND: sets QEMU_CMD to the run's command line booting with
# APPEND.  A guest reset ends QEMU (-no-reboot) unless APPEND has reboot=on,
# the boot of a test that resets the machine (harness/reset.h).  An outer
# VM (RUN[outer]) keeps it: its /init passes reboot=on to the inner QEMU,
# and its own reset is its kernel's panic, which must end the boot.
suite_cmdline() {
	local append=$1 word
	QEMU_CMD=()
	for word in "${RUN_ARGV[@]}"; do
		if [[ $word == -no-reboot && " $append " == *" reboot=on "* && -z ${RUN[outer]:-} ]]; then
			continue
		fi
		QEMU_CMD+=("$word")
	done
	QEMU_CMD+=(-append "${RUN[append]:+${RUN[append]} }$append")
}

# suite_on_line LINE: one console line of the current boot (no trailing \r).
suite_on_line() {
	local line=$1
	# The last SUITE_TAIL_LINES lines, a ring: no array copied at each line.
	BOOT_TAIL[BOOT_LINES % SUITE_TAIL_LINES]=$line
	BOOT_LINES=$((BOOT_LINES + 1))
	# What a sequence sends next (four lines in ten of a run): kept for a
	# crash, not streamed, and taken before any classifying.
	if [[ $line == '# sending: '* ]]; then
		BOOT_SENT=${line#'# sending: '}
		return 0
	fi
	tap_classify "$line"
	case $TAP_CLASS in
	pass | fail | skip | warn | info)
		BOOT_CHECKS=$((BOOT_CHECKS + 1)) BOOT_TEST_CHECKS=$((BOOT_TEST_CHECKS + 1))
		if [[ $TAP_CLASS == fail ]]; then
			BOOT_FAILED=$((BOOT_FAILED + 1))
		fi
		report_check "$line"
		;;
	test)
		BOOT_TEST_INDEX=$TAP_TEST_INDEX
		[[ -n $BOOT_FIRST_NAME ]] || BOOT_FIRST_NAME=$TAP_TEST_NAME
		BOOT_TEST_NAME=$TAP_TEST_NAME
		BOOT_TEST_IDS=$TAP_TEST_IDS
		BOOT_SENT='' BOOT_TEST_CHECKS=0
		report_line "$line"
		;;
	done) BOOT_DONE=1 ;;
	diag) suite_on_diag "$line" ;;
	bail) BOOT_BAIL=$TAP_BAIL ;;
	# The guest's plan is only checked (suite_check_boot): the runner has its own.
	plan) BOOT_PLAN=$TAP_PLAN ;;
	# Under nested-kvm the outer VM can only end with an odd status: it
	# names the inner QEMU's own (a signal, say) on a line of its own.
	other)
		BOOT_STRAY+=("${BOOT_TEST_INDEX}: $line")
		if ((${#BOOT_STRAY[@]} > SUITE_STRAY_LINES)); then
			BOOT_STRAY=("${BOOT_STRAY[@]:1}")
		fi
		if [[ $line =~ ^nested:\ inner\ QEMU\ exited\ with\ status\ ([0-9]+)$ ]]; then
			BOOT_INNER_STATUS=${BASH_REMATCH[1]}
		elif [[ -n ${RUN[outer]:-} && -z $BOOT_OUTER_CRASH ]]; then
			suite_outer_line "$line"
		fi
		;;
	# Other lines (QEMU warnings, noise) stay in the console log and tail.
	version) ;;
	esac
}

# suite_outer_line LINE: the outer kernel's oops (kept) and panic (the crash).
suite_outer_line() {
	if [[ -z $BOOT_OUTER_OOPS && $1 =~ $SUITE_OUTER_RE ]]; then
		BOOT_OUTER_OOPS=${1#*] }
	elif [[ $1 =~ $SUITE_PANIC_RE ]]; then
		BOOT_OUTER_CRASH=${BOOT_OUTER_OOPS:-${1#*] }}
	fi
}

# suite_on_diag LINE: a diagnostic line of the current boot, into the stream,
# the protocol's own read on the way (docs/guest-protocol.md).
suite_on_diag() {
	local line=$1 item
	# The last test this boot runs: the runner's business, kept in the console log.
	if [[ $line =~ ^#\ last-test\ ([0-9]+)$ ]]; then
		BOOT_LAST=${BASH_REMATCH[1]}
		return 0
	fi
	# A test that resets the machine: booted on its own afterwards.  Each boot
	# names those from its from= on: a later boot's repeat is left out.
	if [[ $line =~ ^#\ deferred\ ([0-9]+)\ ([^ ]+)$ ]]; then
		for item in ${SUITE_DEFERRED[@]+"${SUITE_DEFERRED[@]}"}; do
			[[ $item != "${BASH_REMATCH[1]} ${BASH_REMATCH[2]}" ]] || return 0
		done
		SUITE_DEFERRED+=("${BASH_REMATCH[1]} ${BASH_REMATCH[2]}")
	fi
	# The guest could not give a test a clean device: it ends the boot.
	if [[ $line =~ ^#\ fresh-vm\ ([0-9]+)\ (.*)$ ]]; then
		BOOT_FRESH=${BASH_REMATCH[1]} BOOT_FRESH_WHY=${BASH_REMATCH[2]}
	fi
	report_line "$line"
}

# suite_boot_time APPEND: the boot's wall time, a row of LOG_DIR/boots.tsv
# (log, boot, ms, QEMU status, first and last test, APPEND): make bench reads
# it to tell where a run's time goes.  Not in the TAP, which stays the same
# from run to run.
suite_boot_time() {
	local ms=$((BOOT_ELAPSED_US / 1000))
	printf '%s\t%d\t%d\t%s\t%s\t%s\t%s\n' "${RUN[log]}" "$SUITE_BOOTS" "$ms" "$BOOT_STATUS" \
		"${BOOT_FIRST_NAME:--}" "${BOOT_TEST_NAME:--}" "$1" >>"${RUN[log_dir]}/boots.tsv"
}

# suite_boot APPEND: boots one VM, streaming its console as it arrives.
# Sets BOOT_STATUS BOOT_ELAPSED_US BOOT_DONE BOOT_TEST_INDEX BOOT_TEST_NAME BOOT_TEST_IDS
# BOOT_BAIL BOOT_TAIL BOOT_LINES BOOT_LOG BOOT_CHECKS BOOT_FAILED BOOT_PLAN BOOT_INNER_STATUS
# BOOT_LAST (the guest's "# last-test", -1 when it named none).
suite_boot() {
	local append=$1 log read_fd start status_file
	SUITE_BOOTS=$((SUITE_BOOTS + 1))
	BOOT_LOG=console-${RUN[log]}-$SUITE_BOOTS.log
	BOOT_DONE=0 BOOT_TEST_INDEX=0 BOOT_TEST_NAME='' BOOT_TEST_IDS='' BOOT_BAIL='' BOOT_TAIL=() BOOT_LINES=0 BOOT_STRAY=() BOOT_SENT=''
	BOOT_CHECKS=0 BOOT_FAILED=0 BOOT_PLAN='' BOOT_FRESH=0 BOOT_FRESH_WHY='' BOOT_INNER_STATUS=''
	BOOT_FIRST_NAME='' BOOT_STALLED=0 BOOT_STALL_AFTER='' BOOT_LAST=-1 BOOT_TEST_CHECKS=0 BOOT_OUTER_CRASH='' BOOT_OUTER_OOPS=''
	# Beside the pid file, in the run's temporary directory: one a subtest,
	# emptied before each boot (no rm to fork each time).
	status_file=${RUN[pidfile]%.pid}.status
	: >"$status_file"
	suite_cmdline "$append"
	if ((SUITE_BOOTS == 1)) || [[ " $append " == *" reboot=on "* ]]; then
		report_diag "qemu: $(qemu_quote "${QEMU_CMD[@]}")"
	fi
	log=${RUN[log_dir]}/$BOOT_LOG
	: >"$log"
	exec {read_fd}<"$log"
	now_set
	start=$NOW_US
	suite_stream "$read_fd" "$log" < <(qemu_stream "$status_file" -o "$log" "${RUN[timeout]}" \
		"${RUN[pidfile]}" "${QEMU_CMD[@]}")
	now_set
	BOOT_ELAPSED_US=$((NOW_US - start))
	exec {read_fd}<&-
	IFS= read -r BOOT_STATUS <"$status_file" || :
	# vm-images/nested-init.sh ends with 255 after naming the inner status.
	if [[ $BOOT_STATUS == 255 && -n $BOOT_INNER_STATUS ]]; then
		BOOT_STATUS=$BOOT_INNER_STATUS
	fi
	suite_boot_time "$append"
}

# suite_boot_again APPEND: suite_boot, and once more in a fresh VM when the
# machine below the guest failed before the first check: a stall (2 times
# in 4 under nested KVM, README), or the outer kernel's crash before the
# first test (one in a test is suite_outer_retry's).  No verdict is printed
# twice.
suite_boot_again() {
	suite_boot "$1"
	((BOOT_CHECKS == 0)) || return 0
	if ((BOOT_STALLED)); then
		report_diag "boot $SUITE_BOOTS stalled: no console line for ${RUN[stall]} s${BOOT_STALL_AFTER:+ after \"$BOOT_STALL_AFTER\"}; booting again in a fresh VM (boot $((SUITE_BOOTS + 1)))"
	elif [[ -n $BOOT_OUTER_CRASH ]] && ((BOOT_TEST_INDEX == 0)); then
		report_diag "boot $SUITE_BOOTS: the outer VM's kernel crashed before the first test ($BOOT_OUTER_CRASH); booting again in a fresh VM (boot $((SUITE_BOOTS + 1)))"
	else
		return 0
	fi
	suite_boot "$1"
}

# suite_outer_retry FROM: whether the test that crashed a boot from FROM
# runs again in a fresh VM: the outer kernel crashed (the device is not in
# that kernel) before the test's first check, and not in its rerun.
suite_outer_retry() {
	[[ -n $BOOT_OUTER_CRASH ]] && ((BOOT_TEST_CHECKS == 0 && SUITE_RETRIED != BOOT_TEST_INDEX)) || return 1
	# A guest that ignored from= is suite_boots' to stop, not to run again.
	((BOOT_TEST_INDEX >= $1)) || return 1
	SUITE_RETRIED=$BOOT_TEST_INDEX
	report_diag "boot $SUITE_BOOTS: the outer VM's kernel crashed in test $BOOT_TEST_INDEX $BOOT_TEST_NAME before its first check ($BOOT_OUTER_CRASH); running it again in a fresh VM (boot $((SUITE_BOOTS + 1)))"
	suite_crash_diag
}

# suite_crash_verdict NAME: the crashed test's failure.  The outer kernel's
# crash names no statement: the device under test did not break it.
suite_crash_verdict() {
	if [[ -n $BOOT_OUTER_CRASH ]]; then
		report_not_ok "$1: VM crashed ($QEMU_WHY)"
	else
		report_not_ok "$1: VM crashed ($QEMU_WHY)${BOOT_TEST_IDS:+ $BOOT_TEST_IDS}"
	fi
	suite_crash_diag
}

# suite_why: QEMU_WHY for the boot that just ended unfinished.
suite_why() {
	if [[ -n $BOOT_OUTER_CRASH ]]; then
		QEMU_WHY="the outer VM's kernel crashed: $BOOT_OUTER_CRASH"
		return 0
	fi
	if ((BOOT_STALLED)); then
		QEMU_WHY="stalled: no console line for ${RUN[stall]} s"
		return 0
	fi
	qemu_why "$BOOT_STATUS" "$BOOT_ELAPSED_US" "${RUN[timeout]}" "$BOOT_DONE" "$BOOT_BAIL"
}

# suite_finished: whether the boot reached the end as the protocol requires.
suite_finished() {
	((BOOT_DONE)) && [[ $BOOT_STATUS == 1 || $BOOT_STATUS == 3 ]]
}

# suite_check_boot: a finished boot's account must add up; a check line lost
# or garbled on the way (serial noise, a guest bug) must not pass unseen.
# The last console lines outside the protocol show where one went.
suite_check_boot() {
	local line
	if [[ $BOOT_PLAN != "$BOOT_CHECKS" ]]; then
		report_not_ok "boot: the guest planned ${BOOT_PLAN:-no} checks but printed $BOOT_CHECKS"
		if ((${#BOOT_STRAY[@]})); then
			report_diag "  the last console lines outside the protocol (test index: line):"
		fi
		for line in ${BOOT_STRAY[@]+"${BOOT_STRAY[@]}"}; do
			report_diag "  | $line"
		done
	fi
	if ((BOOT_STATUS == 3 && BOOT_FAILED == 0)); then
		report_not_ok "boot: QEMU status 3 (a check failed) but no not ok line arrived"
	elif ((BOOT_STATUS == 1 && BOOT_FAILED > 0)); then
		report_not_ok "boot: QEMU status 1 (all passed) but $BOOT_FAILED checks failed"
	fi
}

# suite_crash_diag: the diagnostics that follow a crash verdict.
suite_crash_diag() {
	local i n=$((BOOT_LINES < SUITE_TAIL_LINES ? BOOT_LINES : SUITE_TAIL_LINES))
	report_diag "  qemu exit status: $BOOT_STATUS (boot $SUITE_BOOTS, $BOOT_LOG)"
	if [[ -n $BOOT_SENT ]]; then
		report_diag "  the last step sent to the device: $BOOT_SENT"
	fi
	if ((n == 0)); then
		report_diag "  no console output"
		return 0
	fi
	report_diag "  last $n console lines:"
	for ((i = BOOT_LINES - n; i < BOOT_LINES; i++)); do
		report_diag "  | ${BOOT_TAIL[i % SUITE_TAIL_LINES]}"
	done
}

# suite_guest: runs the whole guest suite in the current variant, one boot
# after another, then each test it deferred (one that resets the machine)
# in a boot of its own.
suite_guest() {
	SUITE_BOOTS=0 SUITE_DEFERRED=() SUITE_RETRIED=0
	suite_boots
	suite_deferred
}

# suite_boots: the suite from its first test, resuming after each crash.
suite_boots() {
	local from=1
	while :; do
		suite_boot_again "$(suite_append "from=$from")"
		if suite_finished; then
			suite_check_boot
			suite_fresh_from "$from" || return 0
			from=$BOOT_FRESH
			continue
		fi
		suite_why
		if ((BOOT_TEST_INDEX == 0)); then
			# No test started: booting again would fail the same way.
			report_not_ok "boot: $QEMU_WHY"
			suite_crash_diag
			report_diag "  tests from index $from on were lost"
			return 0
		fi
		if suite_outer_retry "$from"; then
			from=$BOOT_TEST_INDEX
			continue
		fi
		suite_crash_verdict "$BOOT_TEST_NAME"
		if ((BOOT_TEST_INDEX < from)); then
			# The guest ignored from=: resuming would loop.
			report_not_ok "boot: guest ran test $BOOT_TEST_INDEX although from=$from"
			report_diag "  tests from index $((BOOT_TEST_INDEX + 1)) on were lost"
			return 0
		fi
		if ((BOOT_LAST >= 0 && BOOT_TEST_INDEX >= BOOT_LAST)); then
			# The guest named it its last: a fresh VM would run nothing.
			report_diag "no test left to run after test $BOOT_TEST_INDEX: no fresh VM"
			return 0
		fi
		from=$((BOOT_TEST_INDEX + 1))
		report_diag "resuming from test $from in a fresh VM (boot $((SUITE_BOOTS + 1)))"
	done
}

# suite_fresh_from FROM: after a finished boot, whether the guest asked for
# a fresh VM for its next test (false: the variant is done).
suite_fresh_from() {
	((BOOT_FRESH > 0)) || return 1
	if ((BOOT_FRESH <= $1)); then
		# A fresh VM was this boot already: asking again would loop.
		report_not_ok "boot: test $BOOT_FRESH asked for a fresh VM in a fresh VM ($BOOT_FRESH_WHY)"
		return 1
	fi
	report_diag "test $BOOT_FRESH runs in a fresh VM (boot $((SUITE_BOOTS + 1))): $BOOT_FRESH_WHY"
}

# suite_deferred: each deferred test alone (from=, filter= its name), in a VM
# that a guest reset restarts instead of ending (reboot=on); the guest keeps
# its state across the reset and resumes the test.  A crash is charged to it.
suite_deferred() {
	local item index name
	for item in ${SUITE_DEFERRED[@]+"${SUITE_DEFERRED[@]}"}; do
		index=${item%% *} name=${item#* }
		report_diag "test $index $name resets the machine: booting it on its own"
		suite_boot_again "from=$index filter=$name reboot=on"
		if ! suite_finished && suite_outer_retry "$index"; then
			suite_boot_again "from=$index filter=$name reboot=on"
		fi
		if suite_finished; then
			suite_check_boot
			continue
		fi
		suite_why
		suite_crash_verdict "$name"
	done
}
