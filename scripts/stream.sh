# shellcheck shell=bash
# The console of the boot under way, read as vmrun -o appends it to the
# boot's console log (runner/vmrun.c): bash reads a regular file a buffer at
# a time where it reads a pipe a byte at a time (0.017 s against 0.145 s of
# CPU for a variant's 97 KB), and vmrun's stdout, a newline after each batch
# of lines, says when to read again and, at its end, that the VM is over.
# Needs suite.sh (suite_on_line, BOOT_*), qemu.sh, monitor.sh, report.sh.

STREAM_PEND='' # what the log's last read left of a line vmrun had not ended

# suite_stream READ_FD LOG: each line of LOG (READ_FD reads it) to
# suite_on_line while vmrun's stdout (stdin here) is open, then the rest.
# With a stall limit (RUN[stall], seconds) a boot that prints no line for
# that long is stopped (BOOT_STALLED=1): a VM whose accelerator hangs below
# the guest (nested KVM, README) would otherwise hold the run for its whole
# limit.  The rest of its output is still read.  A line vmrun cut (a buffer
# full without a newline) or one the read met half written is joined up.
suite_stream() {
	local rd=$1 log=$2 status limit=${RUN[stall]:-0} regs=''
	STREAM_PEND=''
	while :; do
		suite_stream_read "$rd"
		status=0
		if ((BOOT_STALLED == 0 && limit > 0)); then
			read -r -t "$limit" _ || status=$?
		else
			read -r _ || status=$?
		fi
		if ((status > 128)); then
			BOOT_STALLED=1
			if ((BOOT_LINES)); then
				# shellcheck disable=SC2034 # suite.sh's, read by suite_boot_again
				BOOT_STALL_AFTER=${BOOT_TAIL[(BOOT_LINES - 1) % SUITE_TAIL_LINES]}
			fi
			suite_stall_where && regs=$MONITOR_OUT
			qemu_stop "${RUN[pidfile]}"
		elif ((status != 0)); then
			# vmrun has ended: the rest of the log, and a last line without its newline.
			suite_stream_read "$rd"
			[[ -z $STREAM_PEND ]] || suite_on_line "${STREAM_PEND%$'\r'}"
			# After the console: appended while the VM ran, it would be read as the VM's.
			[[ -z $regs ]] || printf 'runner: registers of the stalled VM:\n%s\n' "$regs" >>"$log"
			return 0
		fi
	done
}

# suite_stream_read READ_FD: every whole line the log has now to
# suite_on_line, after STREAM_PEND (what the last read left of an open line);
# what is left of one now to STREAM_PEND.
suite_stream_read() {
	local line
	while IFS= read -r -u "$1" line; do
		suite_on_line "${STREAM_PEND}${line%$'\r'}"
		STREAM_PEND=''
	done
	STREAM_PEND+=$line
}

# suite_stall_where: where a stalled VM is, from its monitor (RUN[monitor],
# scripts/monitor.sh) when it has one: a diagnostic; true when the monitor
# answered (MONITOR_OUT: the whole register dump, for the console log).
suite_stall_where() {
	[[ -n ${RUN[monitor]:-} ]] || return 1
	if monitor_where "${RUN[monitor]}"; then
		report_diag "stalled VM: $MONITOR_WHERE"
		return 0
	fi
	report_diag "stalled VM: its monitor did not answer"
	return 1
}
