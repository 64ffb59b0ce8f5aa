# shellcheck shell=bash
# Helpers for the runner's tests: TAP output of their own, and running run.sh
# against a fake QEMU in a scratch directory.
set -euo pipefail

T_ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
T_DIR=$T_ROOT/check/runner
T_N=0
T_FAILS=0
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/faultline-check.XXXXXX")
# The runner tests use fake QEMUs: they must never build or boot the test VM.
export FAULTLINE_HOST_TESTS=off
trap 'rm -rf -- "$T_TMP"' EXIT
# Any file works as the image: fakes do not read it.
T_IMAGE=$T_TMP/fake.flat
: >"$T_IMAGE"
# The runner's tests boot one variant, "default" (no options), unless they
# say otherwise: the real scripts/variants.conf may change.
T_VARIANTS=$T_TMP/variants.conf
printf 'default\n' >"$T_VARIANTS"
export FAULTLINE_VARIANTS=$T_VARIANTS
# The runner's vmrun (runner/): make check's, else made once a script
# (run.sh given a guest image, FAULTLINE_GUEST_IMAGE, would make it at every run).
if [[ -z ${FAULTLINE_VMRUN:-} ]]; then
	make -s -C "$T_ROOT" build/runner/vmrun >&2
	export FAULTLINE_VMRUN=$T_ROOT/build/runner/vmrun
fi

t_pass() {
	T_N=$((T_N + 1))
	printf 'ok %d - %s\n' "$T_N" "$1"
}

# t_fail DESC [DIAG...]: a failed check with diagnostic lines.
t_fail() {
	local line
	T_N=$((T_N + 1))
	T_FAILS=$((T_FAILS + 1))
	printf 'not ok %d - %s\n' "$T_N" "$1"
	shift
	for line in "$@"; do
		printf '#   %s\n' "${line//$'\n'/$'\n'#   }"
	done
}

# t_ok DESC CMD...: passes if CMD succeeds.
t_ok() {
	local desc=$1
	shift
	if "$@"; then
		t_pass "$desc"
	else
		t_fail "$desc" "command failed: $*"
	fi
}

# t_is DESC GOT WANT: passes if the strings are equal.
t_is() {
	if [[ $2 == "$3" ]]; then
		t_pass "$1"
	else
		t_fail "$1" "got:  $2" "want: $3"
	fi
}

# t_same_text DESC GOT_FILE WANT_FILE: passes if the files are equal, else
# shows the diff.
t_same_text() {
	local diff
	if diff=$(diff -u -- "$3" "$2"); then
		t_pass "$1"
	else
		local -a lines
		mapfile -t lines <<<"$diff"
		t_fail "$1" "${lines[@]}"
	fi
}

# t_has_line DESC FILE LINE: passes if FILE has exactly LINE.
t_has_line() {
	if grep -Fxq -- "$3" "$2"; then
		t_pass "$1"
	else
		t_fail "$1" "no line: $3" "in $2"
	fi
}

# t_lacks DESC FILE TEXT: passes if FILE nowhere contains TEXT.
t_lacks() {
	if grep -Fq -- "$3" "$2"; then
		t_fail "$1" "unexpected: $3"
	else
		t_pass "$1"
	fi
}

# t_shown TEXT: TEXT for a check description: "(#)" for "#", so that a canned
# "# SKIP" in it is not read as a directive of the check itself.
t_shown() {
	printf '%s\n' "${1//#/(#)}"
}

# t_done: the plan, and the status that run-tests.sh reads.
t_done() {
	printf '1..%d\n' "$T_N"
	((T_FAILS == 0))
}

# run_fake NAME [ARGS...]: runs run.sh with fake-qemu-NAME.sh, --accel tcg and
# --out $T_TMP/NAME unless ARGS say otherwise.  Sets R_STATUS, R_OUT and R_ERR
# (files), R_DIR (the --out directory) and R_ARGS (the fake's argument log).
run_fake() {
	local name=$1
	shift
	R_DIR=$T_TMP/$name
	R_OUT=$T_TMP/$name.stdout
	R_ERR=$T_TMP/$name.stderr
	R_ARGS=$T_TMP/$name.args
	: >"$R_ARGS"
	R_STATUS=0
	FAULTLINE_GUEST_IMAGE=$T_IMAGE FAKE_ARGS_LOG=$R_ARGS XDG_CACHE_HOME=$T_TMP/cache \
		"$T_ROOT/run.sh" --qemu "$T_DIR/fake-qemu-$name.sh" --accel tcg --out "$R_DIR" "$@" \
		>"$R_OUT" 2>"$R_ERR" || R_STATUS=$?
}

# t_normalize FILE: FILE with what changes from run to run replaced: the QEMU
# command line (checked on its own) and the elapsed time.
t_normalize() {
	sed -E -e 's/^( *)# qemu: .*/\1# qemu: CMD/' -e 's/ in [0-9]+\.[0-9] s$/ in T s/' "$1"
}

# t_expect_run DESC STATUS WANT_FILE: checks R_STATUS, the whole stdout
# against WANT_FILE, and that results.tap is stdout less the count line.
t_expect_run() {
	local desc=$1 status=$2 want=$3
	t_is "$desc: exit status" "$R_STATUS" "$status"
	t_normalize "$R_OUT" >"$R_OUT.norm"
	t_same_text "$desc: output" "$R_OUT.norm" "$want"
	sed '$d' "$R_OUT" >"$R_OUT.tap"
	t_same_text "$desc: results.tap is the stream with its plan" "$R_DIR/results.tap" "$R_OUT.tap"
}
