#!/usr/bin/env bash
# A guest that cannot make the device clean before test 2 (tests/isolation.c):
# it ends the boot with "# fresh-vm 2 <why>"; in the fresh VM (from=2) test 2
# and 3 run.  FAKE_FRESH=again: the fresh VM asks again (a loop the runner
# must break).
# shellcheck source=check/runner/fakelib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/fakelib.sh"
FAKE_TESTS=("1 alpha.ok" "2 beta.ok" "3 gamma.ok")
fake_start "$@"
if fake_test 1 alpha.ok; then
	fake_ok "alpha: fine [A-1]"
	fake_say "# fresh-vm 2 a domain outlived the device reset and DETACH"
	fake_end
fi
if [[ ${FAKE_FRESH:-} == again ]]; then
	fake_say "# fresh-vm 2 a domain outlived the device reset and DETACH"
	fake_end
fi
if fake_test 2 beta.ok; then
	fake_ok "beta: fine [B-1]"
fi
if fake_test 3 gamma.ok; then
	fake_ok "gamma: fine [C-1]"
fi
fake_end
