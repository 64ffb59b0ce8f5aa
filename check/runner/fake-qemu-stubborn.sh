#!/usr/bin/env bash
# A QEMU that hangs in test 2 and ignores SIGTERM: only timeout's SIGKILL
# (status 137) ends it.
# shellcheck source=check/runner/fakelib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/fakelib.sh"
FAKE_TESTS=("1 alpha.ok" "2 beta.stuck" "3 gamma.ok")
fake_start "$@"
if fake_test 1 alpha.ok; then
	fake_ok "alpha: fine [A-1]"
fi
if fake_test 2 beta.stuck; then
	trap '' TERM
	sleep 30
fi
if fake_test 3 gamma.ok; then
	fake_ok "gamma: fine [C-1]"
fi
fake_end
