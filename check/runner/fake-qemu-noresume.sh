#!/usr/bin/env bash
# A broken guest that ignores from= and resets in test 1 on every boot: the
# runner must not boot it forever.
# shellcheck source=check/runner/fakelib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/fakelib.sh"
FAKE_TESTS=("1 alpha.reset" "2 beta.ok")
fake_start "$@"
fake_say "# test 1 alpha.reset"
exit 0
