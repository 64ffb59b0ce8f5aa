#!/usr/bin/env bash
# A guest whose account does not add up: a check line lost on the way (the
# plan says 3, two arrive) and a failure status without a "not ok" line.
# shellcheck source=check/runner/fakelib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/fakelib.sh"
FAKE_TESTS=("1 alpha.ok")
fake_start "$@"
if fake_test 1 alpha.ok; then
	fake_ok "alpha: fine [A-1]"
	fake_ok "alpha: fine too [A-2]"
fi
fake_say '# done' '1..3'
exit 3
