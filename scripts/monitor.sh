# shellcheck shell=bash
# Where a stalled VM is: before the runner stops a boot that printed no line
# for its stall limit (scripts/suite.sh), it asks QEMU's human monitor where
# the vCPU is.  The monitor is a pair of FIFOs, PATH.in and PATH.out, that
# QEMU opens itself ("-chardev pipe"), so no socket client is needed.
# Functions return their results in globals that their callers read.
# shellcheck disable=SC2034

# Seconds each exchange with the monitor may take: QEMU may be gone or hung.
MONITOR_WAIT=3

# monitor_args PATH: makes the FIFOs and sets MONITOR_ARGS to QEMU's
# arguments for a monitor on them.
monitor_args() {
	rm -f -- "$1.in" "$1.out"
	mkfifo -- "$1.in" "$1.out"
	# The commas belong to QEMU option values.
	# shellcheck disable=SC2054
	MONITOR_ARGS=(-chardev "pipe,id=fl-mon,path=$1" -mon chardev=fl-mon,mode=readline)
}

# monitor_ask PATH COMMAND...: sets MONITOR_OUT to the monitor's answer to
# the COMMANDs (what arrived in MONITOR_WAIT s, CRs dropped); returns 1 when
# nothing could be sent (QEMU gone: opening a FIFO with no reader blocks).
monitor_ask() {
	local path=$1 status=0
	shift
	MONITOR_OUT=''
	# shellcheck disable=SC2016 # the inner shell expands them
	timeout "$MONITOR_WAIT" sh -c 'f=$1; shift; printf "%s\n" "$@" >"$f"' sh "$path.in" "$@" \
		2>/dev/null || return 1
	# cat reads until timeout stops it: QEMU keeps the FIFO open.
	MONITOR_OUT=$(timeout "$MONITOR_WAIT" cat -- "$path.out" 2>/dev/null) || status=$?
	((status == 0 || status == 124)) || return 1
	MONITOR_OUT=${MONITOR_OUT//$'\r'/}
}

# monitor_where PATH: sets MONITOR_WHERE to one line saying where the vCPU
# of the VM behind monitor PATH is (MONITOR_OUT keeps the registers and the
# local APIC's state): its instruction pointer, privilege level and halt
# state, and "kernel text" for an address in the top 2 GiB, where
# x86-64 kernels are linked (with nokaslr, the address in System.map of the
# kernel's -dbg package: Debian's own System.map is a stub).  Returns 1 when
# the monitor did not answer.
monitor_where() {
	# RIP in long mode, EIP (8 digits) in real or protected mode.
	local re='([RE]IP)=([0-9a-f]+) [RE]FL=([0-9a-f]+) .* CPL=([0-9]) .* HLT=([01])'
	MONITOR_WHERE=''
	# The local APIC too: a vCPU halted with interrupts on waits for its timer.
	monitor_ask "$1" 'info registers' 'info lapic' || return 1
	[[ $MONITOR_OUT =~ $re ]] || return 1
	# IF, the flags' bit 9: halted with interrupts on is waiting for one.
	MONITOR_WHERE="${BASH_REMATCH[1]}=${BASH_REMATCH[2]} CPL=${BASH_REMATCH[4]} HLT=${BASH_REMATCH[5]}"
	MONITOR_WHERE+=" IF=$(((16#${BASH_REMATCH[3]} >> 9) & 1))"
	if [[ ${BASH_REMATCH[2]} =~ ^ffffffff[89a-f] ]]; then
		MONITOR_WHERE+=" (kernel text)"
	fi
}
