#!/usr/bin/env bash
# A machine that stalls below the guest: no line, and no exit, until it is
# stopped.  FAKE_STALL=first: the first boot stalls before its first line,
# later boots pass; always: every boot does; mid: test 2 prints a check,
# then the machine stalls.
# shellcheck source=check/runner/fakelib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/fakelib.sh"
FAKE_TESTS=("1 alpha.ok" "2 beta.stalls" "3 gamma.ok")
fake_help "$@"
fake_parse "$@"
fake_log
case ${FAKE_STALL:-first} in
first) (($(wc -l <"$FAKE_ARGS_LOG") > 1)) || exec sleep 30 ;;
always) exec sleep 30 ;;
esac
fake_say 'TAP version 13' "# faultline fake-qemu 0"
if fake_test 1 alpha.ok; then
	fake_ok "alpha: fine [A-1]"
fi
if fake_test 2 beta.stalls; then
	fake_ok "beta: before the stall [B-1]"
	[[ ${FAKE_STALL:-first} != mid ]] || exec sleep 30
fi
if fake_test 3 gamma.ok; then
	fake_ok "gamma: fine [C-1]"
fi
fake_end
