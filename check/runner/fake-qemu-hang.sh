#!/usr/bin/env bash
# A guest that hangs in test 2 after one check: only the runner's timeout ends it.
# shellcheck source=check/runner/fakelib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/fakelib.sh"
FAKE_TESTS=("1 alpha.ok" "2 beta.hang" "3 gamma.ok" "4 delta.ok")
fake_start "$@"
if fake_test 1 alpha.ok; then
	fake_ok "alpha: fine [A-1]"
fi
if fake_test 2 beta.hang; then
	fake_ok "beta: before the hang [B-1]"
	sleep 30
	fake_ok "beta: never printed [B-2]"
fi
if fake_test 3 gamma.ok; then
	fake_ok "gamma: fine [C-1]"
fi
if fake_test 4 delta.ok; then
	fake_ok "delta: fine [D-1]"
fi
fake_end
