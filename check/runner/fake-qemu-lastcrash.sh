#!/usr/bin/env bash
# A guest that names its deferred tests and its last test before the first
# test (docs/guest-protocol.md) and whose QEMU dies of SIGSEGV in test 2;
# test 3 resets the machine (run only with reboot=on), test 4 is plain.
# shellcheck source=check/runner/fakelib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/fakelib.sh"
FAKE_TESTS=("1 alpha.ok" "2 beta.segv" "3 reset.keep" "4 gamma.ok")

# picked INDEX NAME: whether this boot's from= and filter= select the test.
picked() {
	(($1 >= FAKE_FROM)) && [[ -z $FAKE_FILTER || $2 == *"$FAKE_FILTER"* ]]
}

# announce: "# deferred" for test 3 and "# last-test", as the guest does.
announce() {
	local t last=0
	for t in "${FAKE_TESTS[@]}"; do
		picked "${t% *}" "${t#* }" || continue
		if [[ ${t#* } == reset.* && " $FAKE_APPEND " != *" reboot=on "* ]]; then
			fake_say "# deferred $t"
		else
			last=${t% *}
		fi
	done
	fake_say "# last-test $last"
}

fake_start "$@"
announce
if fake_test 1 alpha.ok; then
	fake_ok "alpha: fine [A-1]"
fi
if fake_test 2 beta.segv; then
	fake_ok "beta: before the crash [B-1]"
	kill -SEGV "$$"
fi
if [[ " $FAKE_APPEND " == *" reboot=on "* ]] && fake_test 3 reset.keep; then
	fake_ok "reset: kept across the reset [R-1]"
fi
if fake_test 4 gamma.ok; then
	fake_ok "gamma: fine [C-1]"
fi
fake_end
