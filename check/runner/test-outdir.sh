#!/usr/bin/env bash
# --out DIR holds one run (scripts/outdir.sh): a second run into it leaves
# none of the first's files (boots.tsv was appended to, a console log of a
# boot the second run did not have stayed, and the manifest covered both);
# a directory holding a file no run writes, at any depth, is refused,
# untouched; a command that fails its checks or its setup (a run's, a host
# run's, a matrix's; a catalog inside the directory) and --list leave an
# earlier run alone.
# shellcheck source=check/runner/testlib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/testlib.sh"

# first_run [ARGS...]: a run into an empty directory (each test leaves
# files of its own behind).
first_run() {
	rm -rf -- "$T_TMP/pass"
	run_fake pass guest "$@"
}

# rows FILE: its line count.
rows() {
	wc -l <"$1"
}

# snapshot: every file of the --out directory with its checksum.
snapshot() {
	(cd "$R_DIR" && find . -type f -exec cksum {} + | sort)
}

test_rerun() {
	local first
	first_run
	first=$(rows "$R_DIR/boots.tsv")
	# What a longer earlier run, or a release run, would have left.
	printf 'stale\n' >"$R_DIR/console-default-99.log"
	mkdir -p "$R_DIR/qemu-7.2" && printf 'stale\n' >"$R_DIR/qemu-7.2/results.tap"
	printf 'stale\n' >"$R_DIR/trace-host-vfio.boot-1"
	run_fake pass guest
	t_is "a second run into the same --out: exit 0" "$R_STATUS" 0
	t_is "boots.tsv holds the second run's boots only" "$(rows "$R_DIR/boots.tsv")" "$first"
	t_ok "an earlier run's console log is gone" test ! -e "$R_DIR/console-default-99.log"
	t_ok "an earlier release run's directory is gone" test ! -e "$R_DIR/qemu-7.2"
	t_ok "an earlier run's driver trace is gone" test ! -e "$R_DIR/trace-host-vfio.boot-1"
	t_is "the manifest covers exactly the files there" "$(rows "$R_DIR/MANIFEST.sha256")" \
		"$(find "$R_DIR" -type f ! -name MANIFEST.sha256 | wc -l)"
}

# refused DESC FILE: a run into the directory, which holds FILE (a path
# below it) that no run writes: exit 2, FILE named, nothing changed.
refused() {
	local before
	before=$(snapshot)
	run_fake pass guest
	t_is "$1: exit 2" "$R_STATUS" 2
	t_ok "$1: the message names it by its path" grep -qF "holds $2," "$R_ERR"
	t_is "$1: nothing in the directory changed" "$(snapshot)" "$before"
}

test_foreign() {
	first_run
	printf 'mine\n' >"$R_DIR/notes.txt"
	refused "a file no run writes" notes.txt
	# A user's file inside what looks like a release run's directory.
	first_run
	mkdir -p "$R_DIR/qemu-8.2.0" && printf 'mine\n' >"$R_DIR/qemu-8.2.0/build.ninja"
	refused "a file no run writes, a directory down" qemu-8.2.0/build.ninja
}

# kept DESC ARGS...: a run with ARGS into an earlier run's directory: exit
# status STATUS (default 2), the earlier run's files as they were.
kept() {
	local desc=$1 before
	shift
	before=$(snapshot)
	run_fake pass "$@"
	t_is "$desc: exit ${KEPT_STATUS:-2}" "$R_STATUS" "${KEPT_STATUS:-2}"
	t_is "$desc: the earlier run's files are as they were" "$(snapshot)" "$before"
}

test_kept() {
	first_run
	kept "a mistyped variant" guest --variant no-such-variant
	first_run
	FAULTLINE_HOST_TESTS=on kept "a host run given no kernel file" host --kernel "$T_TMP/no-such-bzImage"
	first_run
	KEPT_STATUS=0 kept "--list" guest --list
	first_run --arch all
	kept "a matrix run with a mistyped variant" guest --arch all --variant no-such-variant
	# The catalog a bundle of its own holds, given as the run's.
	first_run
	FAULTLINE_CATALOG=$R_DIR/catalog.txt kept "FAULTLINE_CATALOG inside the directory" guest
}

test_rerun
test_foreign
test_kept
t_done
