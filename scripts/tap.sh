# shellcheck shell=bash
# TAP line handling: classification, renumbering and counting.
# Pure functions over strings and globals, no I/O, so that check/runner can
# source this file and test it on canned lines.
# Results are returned in globals (TAP_CLASS, TAP_LINE) rather than on stdout:
# the runner calls these once per console line and a $(...) fork each time
# would dominate its overhead.
# shellcheck disable=SC2034

# Counters of the merged stream; tap_reset clears them.
TAP_PASSED=0
TAP_FAILED=0
TAP_SKIPPED=0
TAP_WARNINGS=0
TAP_INFOS=0
TAP_CHECKS=0

tap_reset() {
	TAP_PASSED=0
	TAP_FAILED=0
	TAP_SKIPPED=0
	TAP_WARNINGS=0
	TAP_INFOS=0
	TAP_CHECKS=0
}

# tap_classify LINE: sets TAP_CLASS to one of
#   pass fail skip warn info   a check line (ok / not ok, with its directive)
#   test                       "# test <index> <name> [IDs]" (TAP_TEST_INDEX,
#                              TAP_TEST_NAME, TAP_TEST_IDS; the IDs are optional)
#   done                       "# done"
#   diag                       any other "#" line
#   plan version bail          "1..N" (TAP_PLAN), "TAP version N", "Bail out! ..." (TAP_BAIL)
#   other                      anything else (firmware noise, QEMU messages)
# A "not ok" is a failure whatever its directive: the protocol only puts
# SKIP/WARN/INFO on passing checks, and a failure must never be hidden.
tap_classify() {
	local line=$1
	local directive='[[:space:]]#[[:space:]]*(SKIP|WARN|INFO)([[:space:]]|$)'
	TAP_CLASS=other
	# Globs first: a regular expression is compiled at each use, and this
	# runs for every console line.
	case $line in
	'not ok' | 'not ok'[[:space:]]*) TAP_CLASS=fail ;;
	'ok' | 'ok'[[:space:]]*)
		TAP_CLASS=pass
		if [[ $line == *'#'* && $line =~ $directive ]]; then
			case ${BASH_REMATCH[1]} in
			SKIP) TAP_CLASS=skip ;;
			WARN) TAP_CLASS=warn ;;
			INFO) TAP_CLASS=info ;;
			esac
		fi
		;;
	'#'*) tap_classify_diag "$line" ;;
	1..[0-9]*)
		if [[ $line =~ ^1\.\.([0-9]+) ]]; then
			TAP_CLASS=plan
			TAP_PLAN=$((10#${BASH_REMATCH[1]}))
		fi
		;;
	'TAP version'*) TAP_CLASS=version ;;
	'Bail out!'*)
		TAP_CLASS=bail
		TAP_BAIL=${line#'Bail out!'}
		TAP_BAIL=${TAP_BAIL#' '}
		;;
	esac
}

# tap_classify_diag LINE: tap_classify for a line that starts with "#".
tap_classify_diag() {
	local line=$1
	TAP_CLASS=diag
	if [[ $line == '# test '[0-9]* &&
		$line =~ ^#\ test\ ([0-9]+)\ ([^[:space:]]+)(\ (\[[^]]*\]))? ]]; then
		TAP_CLASS='test'
		TAP_TEST_INDEX=$((10#${BASH_REMATCH[1]}))
		TAP_TEST_NAME=${BASH_REMATCH[2]}
		TAP_TEST_IDS=${BASH_REMATCH[4]}
	elif [[ $line == *done* && $line =~ ^#[[:space:]]*done[[:space:]]*$ ]]; then
		TAP_CLASS='done'
	fi
}

# tap_is_check CLASS: true for the classes that are check lines.
tap_is_check() {
	case $1 in
	pass | fail | skip | warn | info) return 0 ;;
	esac
	return 1
}

# tap_renumber LINE N: sets TAP_LINE to the check LINE numbered N.
# Guests number from 1 in each boot; the merged stream numbers across boots.
# A missing " - " is added so every merged line has the same shape.
tap_renumber() {
	local line=$1 n=$2
	if ! [[ $line =~ ^(not\ ok|ok)([[:space:]]+[0-9]+)?([[:space:]]+-)?[[:space:]]*(.*)$ ]]; then
		TAP_LINE=$line
		return 1
	fi
	TAP_LINE="${BASH_REMATCH[1]} $n"
	if [[ -n ${BASH_REMATCH[4]} ]]; then
		TAP_LINE+=" - ${BASH_REMATCH[4]}"
	fi
}

# tap_count CLASS: adds one check of CLASS to the counters.
# WARN and INFO checks passed; they are also counted on their own.
tap_count() {
	TAP_CHECKS=$((TAP_CHECKS + 1))
	case $1 in
	pass) TAP_PASSED=$((TAP_PASSED + 1)) ;;
	fail) TAP_FAILED=$((TAP_FAILED + 1)) ;;
	skip) TAP_SKIPPED=$((TAP_SKIPPED + 1)) ;;
	warn)
		TAP_PASSED=$((TAP_PASSED + 1))
		TAP_WARNINGS=$((TAP_WARNINGS + 1))
		;;
	info)
		TAP_PASSED=$((TAP_PASSED + 1))
		TAP_INFOS=$((TAP_INFOS + 1))
		;;
	*) return 1 ;;
	esac
}

# tap_summary SECONDS: prints the final count line.
tap_summary() {
	printf '%d passed, %d failed, %d skipped (%d warnings, %d info) in %s s\n' \
		"$TAP_PASSED" "$TAP_FAILED" "$TAP_SKIPPED" "$TAP_WARNINGS" "$TAP_INFOS" "$1"
}
