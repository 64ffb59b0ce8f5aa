#!/usr/bin/env bash
# scripts/monitor.sh: where a stalled VM is, asked through its monitor's FIFOs
# (QEMU's "-chardev pipe"), against a stand-in that answers as QEMU's human
# monitor does.
# shellcheck source=check/runner/testlib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/testlib.sh"
# shellcheck source=scripts/monitor.sh
source "$T_ROOT/scripts/monitor.sh"

MON=$T_TMP/mon
printf '%s\n' 'RAX=0000000000000000 RBX=0000000000000000 RCX=0000000000000001 RDX=0000000000000000
RIP=ffffffff81a0c1f6 RFL=00000246 [---Z-P-] CPL=0 II=0 A20=1 SMM=0 HLT=1' >"$T_TMP/regs"

# responder: stands in for QEMU: holds both FIFOs open read-write, as QEMU
# does, and answers "info registers" with T_TMP/regs (CRLF line ends, as QEMU).
responder() {
	local cmd
	exec 3<>"$MON.in" 4<>"$MON.out"
	printf 'QEMU 7.2.0 monitor - type '\''help'\'' for more information\r\n(qemu) ' >&4
	while IFS= read -r cmd <&3; do
		[[ $cmd == 'info registers' ]] && sed 's/$/\r/' "$T_TMP/regs" >&4
		printf '(qemu) ' >&4
	done
}

test_where() {
	local pid
	monitor_args "$MON"
	t_is "the monitor's QEMU arguments" "${MONITOR_ARGS[*]}" \
		"-chardev pipe,id=fl-mon,path=$MON -mon chardev=fl-mon,mode=readline"
	responder &
	pid=$!
	t_ok "a monitor that answers: answered" monitor_where "$MON"
	t_is "a monitor that answers: where" "$MONITOR_WHERE" \
		"RIP=ffffffff81a0c1f6 CPL=0 HLT=1 IF=1 (kernel text)"
	echo 'EIP=0000fff0 EFL=00000002 [-------] CPL=0 II=0 A20=1 SMM=0 HLT=0' >"$T_TMP/regs"
	monitor_where "$MON"
	t_is "a vCPU in real mode: where (not kernel text)" "$MONITOR_WHERE" "EIP=0000fff0 CPL=0 HLT=0 IF=0"
	kill "$pid"
	wait "$pid" 2>/dev/null || :
}

test_gone() {
	local start=$SECONDS
	monitor_args "$MON"
	t_ok "a VM that is gone: no answer" test "$(monitor_where "$MON" && echo answered)" = ""
	t_ok "a VM that is gone: over within the wait ($((SECONDS - start)) s)" \
		test $((SECONDS - start)) -le $((MONITOR_WAIT * 2))
}

test_where
test_gone
t_done
