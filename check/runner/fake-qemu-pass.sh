#!/usr/bin/env bash
# A guest whose checks all pass, with one WARN, one INFO and one SKIP.
# shellcheck source=check/runner/fakelib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/fakelib.sh"
FAKE_TESTS=("1 alpha.offered [A-1 A-2]" "2 beta.should [B-1 B-2]" "3 gamma.optional [C-1]")
fake_start "$@"
if fake_test 1 alpha.offered; then
	fake_ok "alpha: feature offered [A-1]"
	fake_ok "alpha: config sane [A-2]"
fi
if fake_test 2 beta.should; then
	fake_ok "beta: fault reported promptly [B-1] # WARN took 2 ms"
	fake_ok "beta: reserved field [B-2] # INFO device wrote 0"
fi
if fake_test 3 gamma.optional; then
	fake_ok "gamma: bypass [C-1] # SKIP feature not offered"
fi
fake_end
