#!/usr/bin/env bash
# --out DIR holds one run (scripts/outdir.sh): a second run into it leaves
# none of the first's files (boots.tsv was appended to, a console log of a
# boot the second run did not have stayed, and the manifest covered both);
# a directory holding a file no run writes, at any depth, is refused,
# untouched; a command that fails its setup leaves an earlier run alone.
# shellcheck source=check/runner/testlib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/testlib.sh"

# first_run: a run into an empty directory (each test leaves files of its
# own behind).
first_run() {
	rm -rf -- "$T_TMP/pass"
	run_fake pass guest
}

# rows FILE: its line count.
rows() {
	wc -l <"$1"
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

test_foreign() {
	local before
	first_run
	printf 'mine\n' >"$R_DIR/notes.txt"
	before=$(find "$R_DIR" | sort | cksum)
	run_fake pass guest
	t_is "a directory with a file no run writes: exit 2" "$R_STATUS" 2
	t_ok "the message names the file" grep -q 'holds notes.txt' "$R_ERR"
	t_is "and nothing in it changed" "$(find "$R_DIR" | sort | cksum)" "$before"
}

# A user's file inside what looks like a release run's directory.
test_foreign_below() {
	first_run
	mkdir -p "$R_DIR/qemu-8.2.0" && printf 'mine\n' >"$R_DIR/qemu-8.2.0/build.ninja"
	run_fake pass guest
	t_is "a file no run writes, a directory down: exit 2" "$R_STATUS" 2
	t_ok "the message names it by its path" grep -q 'holds qemu-8.2.0/build.ninja' "$R_ERR"
	t_ok "and it is still there" test -f "$R_DIR/qemu-8.2.0/build.ninja"
}

# A command that fails its setup leaves the earlier run's files alone.
test_mistyped() {
	local before
	first_run
	before=$(cd "$R_DIR" && find . -type f -exec cksum {} + | sort)
	run_fake pass guest --variant no-such-variant
	t_is "a mistyped command: exit 2" "$R_STATUS" 2
	t_is "the earlier run's files are as they were" "$(cd "$R_DIR" && find . -type f -exec cksum {} + | sort)" "$before"
}

test_rerun
test_foreign
test_foreign_below
test_mistyped
t_done
