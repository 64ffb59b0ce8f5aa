# shellcheck shell=bash
# The guest's list of tests (./run.sh --list, and the schedule of a run
# split over workers): one boot with "list".  Needs qemu.sh, settings.sh
# (RUN), suite.sh (suite_cmdline, suite_append), util.sh.

# suite_list: boots the run's VM with "list" and prints "<index> <name> [IDs]"
# lines.  Returns 1 when the guest did not list cleanly.  QEMU status 1 is
# also how QEMU fails to start (a device option it refuses, say), so the
# guest must have printed its "TAP version" line as well.
suite_list() {
	local line status=0 out start started=0
	suite_cmdline "$(suite_append list)"
	start=$(now_us)
	out=$(qemu_run "${RUN[timeout]}" "${RUN[pidfile]}" "${QEMU_CMD[@]}") || status=$?
	printf '%s\n' "$out" >"${RUN[log_dir]}/console-list.log"
	out=${out//$'\r'/}
	while IFS= read -r line; do
		if [[ $line == '# list '* ]]; then
			printf '%s\n' "${line#'# list '}"
		elif [[ $line == 'TAP version '* ]]; then
			started=1
		fi
	done <<<"$out"
	if ((status != 1 || !started)); then
		qemu_why "$status" $(($(now_us) - start)) "${RUN[timeout]}" 1 ""
		if ((status == 1)); then
			QEMU_WHY="QEMU exited with status 1 before the guest started"
		fi
		warn "--list failed: $QEMU_WHY; last console lines:"
		printf '%s\n' "$out" | tail -n "$SUITE_TAIL_LINES" >&2
		return 1
	fi
}
