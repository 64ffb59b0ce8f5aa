#!/usr/bin/env bash
# A guest that takes an exception in test 2 and bails out (QEMU status 5).
# shellcheck source=check/runner/fakelib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/fakelib.sh"
FAKE_TESTS=("1 alpha.ok" "2 beta.ud" "3 gamma.ok")
fake_start "$@"
if fake_test 1 alpha.ok; then
	fake_ok "alpha: fine [A-1]"
fi
if fake_test 2 beta.ud; then
	fake_say "Bail out! exception 6 (#UD) at rip=0x10234a"
	exit 5
fi
if fake_test 3 gamma.ok; then
	fake_ok "gamma: fine [C-1]"
fi
fake_end
