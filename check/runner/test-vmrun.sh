#!/usr/bin/env bash
# Tests of runner/vmrun, the VM supervisor behind qemu_run: the lines it
# passes on, the status it gives (timeout(1)'s), its pid file and status
# file, and the signals it passes on.  make check runs its ASan+UBSan build
# (FAULTLINE_VMRUN_TEST); the runs of the other tests use the plain one.
# shellcheck source=check/runner/testlib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/testlib.sh"

V=${FAULTLINE_VMRUN_TEST:-$T_ROOT/build/runner/vmrun}
[[ -n ${FAULTLINE_VMRUN_TEST:-} ]] || make -s -C "$T_ROOT" build/runner/vmrun >&2
P=$T_TMP/vm.pid

# vm_status LIMIT CMD...: runs vmrun, its output to OUT, its status to ST
# (its own messages to $T_TMP/err).
vm_status() {
	ST=0
	OUT=$("$V" "$1" "$P" "${@:2}" 2>"$T_TMP/err") || ST=$?
}

test_lines() {
	# Each printf a read of its own: a line's first half waits for its end.
	vm_status 5 sh -c 'printf "a\n"; sleep 0.1; printf half; sleep 0.1; printf "qemu: message\n" >&2
		sleep 0.1; printf " line\nend"'
	t_is "lines: a message amid a console line comes whole, after it" "$OUT" \
		$'a\nqemu: message\nhalf line\nend'
	t_is "lines: the command's status" "$ST" 0
	vm_status 5 sh -c 'head -c 70000 /dev/zero | tr "\0" x; echo'
	t_is "lines: a line longer than the buffer is passed on, every byte" "${#OUT}" 70000
}

test_status() {
	vm_status 5 sh -c 'exit 3'
	t_is "status: the command's exit status" "$ST" 3
	vm_status 5 sh -c 'kill -ABRT $$'
	t_is "status: a command killed by SIGABRT gives 128+6" "$ST" 134
	vm_status 0.3 sleep 5
	t_is "status: LIMIT (decimals) reached gives 124" "$ST" 124
	# The command gives up by itself after 8 s, should vmrun never kill it.
	vm_status 0.3 bash -c 'trap "" TERM; while ((SECONDS < 8)); do :; done'
	t_is "status: a command ignoring SIGTERM is killed 2 s later: 137" "$ST" 137
	vm_status 5 /nonexistent/qemu
	t_is "status: a command that cannot be found gives 127" "$ST" 127
	vm_status x true
	t_is "status: a malformed LIMIT is vmrun's own error, 125" "$ST" 125
}

test_files() {
	local pid
	"$V" -s "$T_TMP/st" 5 "$P" sh -c 'sleep 0.3; exit 5' >/dev/null &
	pid=$!
	sleep 0.1
	t_is "files: the pid file holds vmrun's pid while the command runs" "$(<"$P")" "$pid"
	wait "$pid" || :
	t_is "files: the pid file is emptied at the end" "$(<"$P")" ''
	t_is "files: -s writes the status" "$(<"$T_TMP/st")" 5
}

# qemu_stop's SIGTERM goes to vmrun, which passes it to the command's group.
test_signals() {
	local pid st=0
	"$V" 5 "$P" sh -c 'sleep 5; exit 0' >/dev/null &
	pid=$!
	sleep 0.2
	kill -TERM "$pid"
	wait "$pid" || st=$?
	t_is "signals: SIGTERM to vmrun ends the command's group: 128+15" "$st" 143
}

test_lines
test_status
test_files
test_signals
t_done
