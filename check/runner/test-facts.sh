#!/usr/bin/env bash
# Tests of scripts/facts.sh: a QEMU binary's answers about itself are kept
# per binary as found (a changed file is asked again), never for a script,
# never when the question failed.  /bin/echo stands in for an ELF QEMU: its
# answer is the question, so a kept answer shows as the old question.
# shellcheck source=check/runner/testlib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/testlib.sh"
export XDG_CACHE_HOME=$T_TMP/cache
# shellcheck source=scripts/facts.sh
source "$T_ROOT/scripts/facts.sh"

ELF=$T_TMP/qemu-elf
cp /bin/echo "$ELF"

# ask QEMU NAME ARG...: qemu_ask in a subshell of its own (a fresh run: no
# key remembered), its answer printed.
ask() {
	(qemu_ask "$@" && printf '%s\n' "$QEMU_ANSWER")
}

test_elf() {
	t_is "elf: the first question is asked" "$(ask "$ELF" q1 first)" first
	t_is "elf: asked again, the kept answer" "$(ask "$ELF" q1 second)" first
	t_is "elf: another question is asked" "$(ask "$ELF" q2 other)" other
	touch -d '2001-01-01' "$ELF"
	t_is "elf: the binary changed (its time): asked again" "$(ask "$ELF" q1 third)" third
	cp /bin/echo "$T_TMP/qemu-elf2"
	t_is "elf: another binary at another path: asked" "$(ask "$T_TMP/qemu-elf2" q1 fourth)" fourth
}

test_script() {
	local script=$T_TMP/qemu-script
	printf '#!/bin/sh\necho "$@"\n' >"$script"
	chmod +x "$script"
	t_is "script: asked" "$(ask "$script" q1 first)" first
	t_is "script: asked every time (what it runs may change)" "$(ask "$script" q1 second)" second
}

# A --qemu-release wrapper: kept by its own key and its binary's.
test_wrapper() {
	local dir=$T_TMP/release w
	w=$dir/qemu-system-x86_64
	mkdir -p "$dir/root/usr/bin"
	# shellcheck disable=SC2016 # $0 and $@ are the wrapper's
	printf '#!/bin/sh\n%s\nexec "$(dirname "$0")/root/usr/bin/qemu-system-x86_64" "$@"\n' \
		"$FACTS_WRAPPER_LINE" >"$w"
	chmod +x "$w"
	t_is "wrapper without its binary: a script, asked" "$(ask "$w" q1 first 2>/dev/null)" ''
	cp /bin/echo "$dir/root/usr/bin/qemu-system-x86_64"
	t_is "wrapper: asked" "$(ask "$w" q1 second)" second
	t_is "wrapper: asked again, the kept answer" "$(ask "$w" q1 third)" second
	touch -d '2001-01-01' "$dir/root/usr/bin/qemu-system-x86_64"
	t_is "wrapper: its binary changed: asked again" "$(ask "$w" q1 fourth)" fourth
	t_ok "wrapper: qemu-release.sh writes the line facts.sh knows it by" \
		grep -qxF -- "$FACTS_WRAPPER_LINE" "$T_ROOT/scripts/qemu-release.sh"
}

test_failure() {
	local st=0
	cp /bin/false "$T_TMP/qemu-false"
	(qemu_ask "$T_TMP/qemu-false" q1 x) || st=$?
	t_is "failure: QEMU's status is returned" "$st" 1
	qemu_stamp "$T_TMP/qemu-false"
	t_ok "failure: an ELF key" test -n "$QEMU_STAMP"
	t_ok "failure: nothing kept" test ! -e "$FACTS_DIR/$QEMU_STAMP/q1"
}

test_elf
test_script
test_wrapper
test_failure
t_done
