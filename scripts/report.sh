# shellcheck shell=bash
# The merged TAP stream: stdout, and DIR/results.tap when --out is given.
# Every line of the run's verdict goes through report_line so that both
# copies stay identical.  Needs scripts/tap.sh.

REPORT_FILE=

# report_open [DIR]: starts the stream (and DIR/results.tap).
report_open() {
	local dir=${1:-}
	tap_reset
	REPORT_FILE=
	if [[ -n $dir ]]; then
		REPORT_FILE=$dir/results.tap
		: >"$REPORT_FILE"
	fi
	report_line 'TAP version 13'
}

# report_line LINE: one line of the merged stream.
report_line() {
	printf '%s\n' "$1"
	if [[ -n $REPORT_FILE ]]; then
		printf '%s\n' "$1" >>"$REPORT_FILE"
	fi
}

# report_diag TEXT: a "# TEXT" diagnostic.
report_diag() {
	report_line "# $1"
}

# report_check LINE: a check line from a guest or a test program, renumbered
# into the merged sequence and counted.
report_check() {
	tap_classify "$1"
	tap_renumber "$1" $((TAP_CHECKS + 1))
	tap_count "$TAP_CLASS"
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

# report_close SECONDS: the plan, then the count line (stdout only: it is not TAP).
report_close() {
	report_line "1..$TAP_CHECKS"
	tap_summary "$1"
}
