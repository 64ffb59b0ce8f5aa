# shellcheck shell=bash
# The merged TAP stream: stdout, and DIR/results.tap when --out is given.
# Every line of the run's verdict goes through report_line so that both
# copies stay identical.  Needs scripts/tap.sh.
#
# A subtest (one device variant) is a TAP 13 subtest:
#   # Subtest: NAME
#       ...its lines, indented by 4, checks numbered from 1, its plan
#   ok N - NAME            (not ok when a check in it failed)
# The parent line is not a check of its own: the TAP_* counters, and so the
# count line, add up the checks inside the subtests and those outside.

REPORT_FILE=
REPORT_INDENT=''   # '    ' inside a subtest
REPORT_N=0         # check lines so far at the current level
REPORT_FAILS=0     # failed checks so far in the current subtest
REPORT_OUTER_N=0   # the top level's REPORT_N while a subtest runs

# report_open [DIR]: starts the stream (and DIR/results.tap).
report_open() {
	local dir=${1:-}
	tap_reset
	REPORT_FILE=
	REPORT_INDENT='' REPORT_N=0 REPORT_FAILS=0 REPORT_OUTER_N=0
	if [[ -n $dir ]]; then
		REPORT_FILE=$dir/results.tap
		: >"$REPORT_FILE"
	fi
	report_line 'TAP version 13'
}

# report_line LINE: one line of the merged stream, indented inside a subtest.
report_line() {
	printf '%s%s\n' "$REPORT_INDENT" "$1"
	if [[ -n $REPORT_FILE ]]; then
		printf '%s%s\n' "$REPORT_INDENT" "$1" >>"$REPORT_FILE"
	fi
}

# report_diag TEXT: a "# TEXT" diagnostic.
report_diag() {
	report_line "# $1"
}

# report_check LINE: a check line from a guest or a test program, renumbered
# into the current level's sequence and counted.
report_check() {
	tap_classify "$1"
	REPORT_N=$((REPORT_N + 1))
	tap_renumber "$1" "$REPORT_N"
	tap_count "$TAP_CLASS"
	if [[ $TAP_CLASS == fail ]]; then
		REPORT_FAILS=$((REPORT_FAILS + 1))
	fi
	report_line "$TAP_LINE"
}

# report_ok DESC / report_not_ok DESC: a check the runner decides itself
# (a crashed VM, a skipped component).
report_ok() {
	report_check "ok - $1"
}

report_not_ok() {
	report_check "not ok - $1"
}

# report_subtest_begin NAME: the lines that follow belong to subtest NAME.
# Subtests do not nest.
report_subtest_begin() {
	report_line "# Subtest: $1"
	REPORT_OUTER_N=$REPORT_N
	REPORT_N=0 REPORT_FAILS=0
	REPORT_INDENT='    '
}

# report_subtest_end NAME: the subtest's plan, then its parent line.
report_subtest_end() {
	local verdict=ok
	report_line "1..$REPORT_N"
	if ((REPORT_FAILS > 0)); then
		verdict='not ok'
	fi
	REPORT_INDENT=''
	REPORT_N=$((REPORT_OUTER_N + 1)) REPORT_FAILS=0
	report_line "$verdict $REPORT_N - $1"
}

# report_body_begin: this process writes the lines of one subtest only
# (scripts/subtest.sh), indented, its checks numbered from 1, on stdout; the
# run.sh that started it merges them (report_merge) and adds the plan.
report_body_begin() {
	tap_reset
	REPORT_FILE=
	REPORT_INDENT='    ' REPORT_N=0 REPORT_FAILS=0 REPORT_OUTER_N=0
}

# report_merge LINE: a line of the current subtest as report_body_begin's
# process wrote it (indented, numbered): passed on as it is, and counted.
report_merge() {
	printf '%s\n' "$1"
	if [[ -n $REPORT_FILE ]]; then
		printf '%s\n' "$1" >>"$REPORT_FILE"
	fi
	tap_classify "${1#"$REPORT_INDENT"}"
	if tap_is_check "$TAP_CLASS"; then
		REPORT_N=$((REPORT_N + 1))
		tap_count "$TAP_CLASS"
		if [[ $TAP_CLASS == fail ]]; then
			REPORT_FAILS=$((REPORT_FAILS + 1))
		fi
	fi
}

# report_close SECONDS: the plan, then the count line (stdout only: it is not TAP).
report_close() {
	report_line "1..$REPORT_N"
	tap_summary "$1"
}

# write_reports DIR START_DATE: DIR/environment.txt (what the report files
# cannot read off the TAP stream), then the report files.  Their failure is
# reported, not fatal: results.tap is the record.
# run.sh's: it reads ROOT, QEMU, GUEST_ARCH, ACCEL and FIRMWARE_LINE.
write_reports() {
	local dir=$1 version rev
	version=
	if [[ -n ${QEMU:-} ]]; then
		if qemu_ask "$QEMU" version --version; then
			version=${QEMU_ANSWER%%$'\n'*}
		fi
	fi
	rev=$(git -C "$ROOT" describe --always --dirty 2>/dev/null) || rev=
	{
		printf 'qemu\t%s\n' "${QEMU:-}"
		printf 'qemu-version\t%s\n' "${version:-unknown}"
		printf 'arch\t%s\n' "$GUEST_ARCH"
		printf 'accel\t%s\n' "${ACCEL:-}"
		[[ -z ${FIRMWARE_LINE:-} ]] || printf 'firmware\t%s\n' "${FIRMWARE_LINE#firmware: }"
		printf 'machine\t%s\n' "$(uname -srvmo)"
		printf 'cpus\t%s\n' "$(nproc)"
		[[ -z ${GLIBC_TUNABLES:-} ]] || printf 'glibc-tunables\t%s\n' "$GLIBC_TUNABLES"
		printf 'date\t%s\n' "$2"
		printf 'faultline\t%s\n' "$rev"
	} >"$dir/environment.txt"
	"$ROOT/scripts/report-files.sh" "$dir" || warn "could not write the report files in $dir"
	# The phases until now: the manifest's own writing is not in it.
	phase_write "$dir/timings.tsv"
	"$ROOT/scripts/bundle.sh" write "$dir" || warn "could not write the manifest in $dir"
}
