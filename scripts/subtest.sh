#!/usr/bin/env bash
# scripts/subtest.sh SETTINGS [list]: one run (a device variant or a host
# VM) from its settings file (scripts/settings.sh), as the lines of its
# subtest on stdout: indented, checks numbered from 1, no plan (run.sh
# merges them, scripts/schedule.sh).  With "list": the guest's test list.
# Exits 0 when it ran to the end, whatever the verdicts; a VM's crash is a
# verdict, not an exit status.
set -euo pipefail

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/util.sh
source "$ROOT/scripts/util.sh"
# shellcheck source=scripts/tap.sh
source "$ROOT/scripts/tap.sh"
# shellcheck source=scripts/report.sh
source "$ROOT/scripts/report.sh"
# shellcheck source=scripts/qemu.sh
source "$ROOT/scripts/qemu.sh"
# shellcheck source=scripts/settings.sh
source "$ROOT/scripts/settings.sh"
# shellcheck source=scripts/monitor.sh
source "$ROOT/scripts/monitor.sh"
# shellcheck source=scripts/suite.sh
source "$ROOT/scripts/suite.sh"
# shellcheck source=scripts/stream.sh
source "$ROOT/scripts/stream.sh"
# shellcheck source=scripts/suite-list.sh
source "$ROOT/scripts/suite-list.sh"

main() {
	local diag
	settings_load "$1"
	# A signal ends the run through the EXIT trap, which stops the VM.
	trap 'qemu_stop "${RUN[pidfile]}"' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	if [[ ${2:-} == list ]]; then
		suite_list
		return
	fi
	report_body_begin
	for diag in ${RUN_DIAGS[@]+"${RUN_DIAGS[@]}"}; do
		report_diag "$diag"
	done
	suite_guest
}

main "$@"
