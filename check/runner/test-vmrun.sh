#!/usr/bin/env bash
# Tests of runner/vmrun, the VM supervisor behind qemu_run: the lines it
# passes on, the status it gives (timeout(1)'s), its pid file and status
# file, and the signals it passes on.  make check runs its ASan+UBSan build
# (FAULTLINE_VMRUN_TEST); the runs of the other tests use the plain one.
# shellcheck source=check/runner/testlib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/testlib.sh"

# Else the one testlib.sh names (make check's, or made there).
V=${FAULTLINE_VMRUN_TEST:-$FAULTLINE_VMRUN}
P=$T_TMP/vm.pid

# vm_status LIMIT CMD...: runs vmrun, its output to OUT, its status to ST
# (its own messages to $T_TMP/err).
vm_status() {
	ST=0
	OUT=$("$V" "$1" "$P" "${@:2}" 2>"$T_TMP/err") || ST=$?
}

# gone PID: PID's process ends within a second (a signal's delivery and the
# process's end are not at once); a zombie has ended (an orphan waits for
# init, which here may take its time to reap it).
gone() {
	local i state
	for ((i = 0; i < 20; i++)); do
		state=Z
		{ read -r _ _ state _ </proc/"$1"/stat; } 2>/dev/null || return 0
		[[ $state != Z ]] || return 0
		sleep 0.05
	done
	return 1
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
	# sleep inherits the ignored SIGTERM; it ends by itself after 8 s, should
	# vmrun never kill it.
	vm_status 0.3 sh -c 'trap "" TERM; sleep 8'
	t_is "status: a command ignoring SIGTERM is killed 2 s later: 137" "$ST" 137
	vm_status 5 /nonexistent/qemu
	t_is "status: a command that cannot be found gives 127" "$ST" 127
	vm_status x true
	t_is "status: a malformed LIMIT is vmrun's own error, 125" "$ST" 125
	vm_status nan true
	t_is "status: LIMIT nan is malformed too" "$ST" 125
	vm_status 0 sh -c 'sleep 0.2; exit 4'
	t_is "status: LIMIT 0 is no limit (as timeout(1))" "$ST" 4
}

# What the VM printed last, an open line, is kept when the limit ends it.
test_after_timeout() {
	vm_status 0.3 sh -c 'printf "last words"; sleep 5'
	t_is "after a timeout: the open line is passed on" "$OUT" 'last words'
	t_is "after a timeout: status 124" "$ST" 124
}

# A reader that goes away (a stopped run) does not end vmrun: its limit holds.
# shellcheck disable=SC2016 # the commands' own $$ and $1
test_reader_gone() {
	local st
	{
		st=0
		"$V" 1 "$P" sh -c 'echo $$ >"$1"; echo a; sleep 0.3; echo b; sleep 5' sh "$T_TMP/child" 2>/dev/null ||
			st=$?
		printf '%d\n' "$st" >"$T_TMP/st"
	} | head -n 1 >/dev/null
	st=$(<"$T_TMP/st")
	t_is "reader gone: vmrun still ends the command at its limit (124)" "$st" 124
	t_ok "reader gone: the command is gone" gone "$(<"$T_TMP/child")"
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

# unread S: a pipe's reader that reads nothing for S seconds.
unread() {
	sleep "$1"
}

# -o: the lines to a file (appended), a newline a batch on stdout, which
# ends with the command; stdout full does not hold vmrun up.
test_out_file() {
	local out=$T_TMP/out.log ticks start st secs
	printf 'before\n' >"$out"
	ticks=$({ "$V" -o "$out" -s "$T_TMP/st" 5 "$P" sh -c 'printf "a\n"; sleep 0.1; printf half
		sleep 0.1; printf "qemu: message\n" >&2; sleep 0.1; printf " line\nend"; exit 4' || :; } |
		tr -d '\n' | wc -c)
	t_is "-o: whole lines appended to the file, the last one ended" "$(cat "$out")" \
		$'before\na\nqemu: message\nhalf line\nend'
	t_ok "-o: stdout has a newline a batch, nothing else ($ticks other bytes)" test "$ticks" -eq 0
	t_is "-o: the status as without it" "$(<"$T_TMP/st")" 4
	: >"$out"
	# A pipe already full (64 KiB, Linux's default) that nobody reads for 4 s.
	{
		head -c 65536 /dev/zero
		start=$SECONDS
		timeout 10 "$V" -o "$out" 10 "$P" sh -c 'echo a; sleep 0.1; echo b'
		printf '%d %d\n' $? $((SECONDS - start)) >"$T_TMP/st"
	} | unread 4
	read -r st secs <"$T_TMP/st"
	t_is "-o: a full stdout nobody reads: the run whole" "$st $(wc -l <"$out")" "0 2"
	t_ok "-o: ... and not held up until the reader goes (${secs} s, the reader 4)" test "$secs" -le 2
}

# qemu_stop's SIGTERM goes to vmrun, which passes it to the command's group.
# shellcheck disable=SC2016 # the command's own $! and $1
test_signals() {
	local pid st=0
	"$V" 5 "$P" sh -c 'sleep 5 & echo $! >"$1"; wait' sh "$T_TMP/grandchild" >/dev/null &
	pid=$!
	sleep 0.2
	kill -TERM "$pid"
	wait "$pid" || st=$?
	t_is "signals: SIGTERM to vmrun ends the command: 128+15" "$st" 143
	t_ok "signals: and its whole group" gone "$(<"$T_TMP/grandchild")"
	# Started with SIGINT ignored (a background job's ^C): not passed on to a
	# command that would take it (QEMU sets its own handler; here env(1)).
	st=0
	(trap '' INT && exec "$V" 5 "$P" env --default-signal=INT sleep 0.5) &
	pid=$!
	sleep 0.2
	kill -INT "$pid"
	wait "$pid" || st=$?
	t_is "signals: an ignored SIGINT is not passed on" "$st" 0
}

test_lines
test_status
test_after_timeout
test_reader_gone
test_files
test_out_file
test_signals
t_done
