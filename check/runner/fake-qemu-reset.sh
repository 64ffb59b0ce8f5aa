#!/usr/bin/env bash
# A guest that resets (triple fault under -no-reboot: QEMU status 0) in test 3.
# shellcheck source=check/runner/fakelib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/fakelib.sh"
FAKE_TESTS=("1 alpha.ok" "2 beta.ok" "3 gamma.reset" "4 delta.ok")
fake_start "$@"
if fake_test 1 alpha.ok; then
	fake_ok "alpha: fine [A-1]"
fi
if fake_test 2 beta.ok; then
	fake_ok "beta: fine [B-1]"
fi
if fake_test 3 gamma.reset; then
	exit 0
fi
if fake_test 4 delta.ok; then
	fake_ok "delta: fine [D-1]"
fi
fake_end
