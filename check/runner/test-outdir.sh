#!/usr/bin/env bash
# --out DIR holds one run (scripts/outdir.sh): a second run into it leaves
# none of the first's files (boots.tsv was appended to, a console log of a
# boot the second run did not have stayed, and the manifest covered both);
# a directory holding a file no run writes is refused, untouched.
# shellcheck source=check/runner/testlib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/testlib.sh"

# rows FILE: its line count.
rows() {
	wc -l <"$1"
}

test_rerun() {
	local first
	run_fake pass guest
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
	run_fake pass guest
	printf 'mine\n' >"$R_DIR/notes.txt"
	before=$(find "$R_DIR" | sort | cksum)
	run_fake pass guest
	t_is "a directory with a file no run writes: exit 2" "$R_STATUS" 2
	t_ok "the message names the file" grep -q 'holds notes.txt' "$R_ERR"
	t_is "and nothing in it changed" "$(find "$R_DIR" | sort | cksum)" "$before"
}

test_rerun
test_foreign
t_done
