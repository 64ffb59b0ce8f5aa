#!/usr/bin/env bash
# A guest whose test 2 resets the machine (harness/reset.h): in an ordinary boot
# it is only deferred; booted on its own with reboot=on (and no -no-reboot)
# it runs, its reset restarting the guest, which resumes it.
# shellcheck source=check/runner/fakelib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/fakelib.sh"
FAKE_TESTS=("1 alpha.ok" "2 reset.keep" "3 gamma.ok")
fake_start "$@"
if fake_test 1 alpha.ok; then
	fake_ok "alpha: fine [A-1]"
fi
if [[ " $FAKE_APPEND " != *" reboot=on "* ]]; then
	fake_say "# deferred 2 reset.keep"
elif [[ " $* " == *" -no-reboot "* ]]; then
	fake_not_ok "reset.keep: booted with -no-reboot: its reset would end the VM [R-1]"
elif fake_test 2 reset.keep; then
	# The machine resets here and the guest starts again.
	fake_say 'TAP version 13' '# faultline fake-qemu 0' '#   the machine was reset by test 2, which resumes'
	fake_say '# test 2 reset.keep'
	fake_ok "reset: kept across the reset [R-1]"
fi
if fake_test 3 gamma.ok; then
	fake_ok "gamma: fine [C-1]"
fi
fake_end
