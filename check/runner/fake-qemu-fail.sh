#!/usr/bin/env bash
# A guest with one failing check, with its diagnostics; QEMU status 3.
# shellcheck source=check/runner/fakelib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/fakelib.sh"
FAKE_TESTS=("1 alpha.offered" "2 beta.config" "3 gamma.map")
fake_start "$@"
if fake_test 1 alpha.offered; then
	fake_ok "alpha: feature offered [A-1]"
fi
if fake_test 2 beta.config; then
	fake_ok "beta: config readable [B-1]"
	fake_not_ok "beta: page_size_mask has a bit set [B-2]"
	fake_say "#   sent: read page_size_mask" "#   expected: non-zero" "#   observed: 0x0"
fi
if fake_test 3 gamma.map; then
	fake_ok "gamma: map accepted [C-1]"
fi
fake_end
