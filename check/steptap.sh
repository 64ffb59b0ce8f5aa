# shellcheck shell=bash
# shellcheck disable=SC2034 # bad is the step's, read after its checks
# The TAP lines of a make check step: pass, fail (a file's lines as the
# diagnostic) and skip.  The step sets n=0 bad=0 first, and ends with
# "1..$n" and status $bad.  FAIL_SHOW picks the diagnostic's lines: "head"
# (the first 20: where a diff starts) or "tail" (the last 15: where a log ends).
FAIL_SHOW=${FAIL_SHOW:-head}

pass() {
	n=$((n + 1))
	printf 'ok %d - %s\n' "$n" "$1"
}

# fail DESC [FILE]: a failed check, with FILE's lines as diagnostics.
fail() {
	n=$((n + 1)) bad=1
	printf 'not ok %d - %s\n' "$n" "$1"
	if [[ -n ${2:-} && -s $2 ]]; then
		if [[ $FAIL_SHOW == tail ]]; then tail -n 15 -- "$2"; else head -n 20 -- "$2"; fi |
			sed 's/^/#   /'
	fi
}

skip() {
	n=$((n + 1))
	printf 'ok %d - %s # SKIP %s\n' "$n" "$1" "$2"
}
