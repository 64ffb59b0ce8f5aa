#!/usr/bin/env bash
# The outer VM of --accel nested-kvm whose inner QEMU dies of SIGABRT in the
# middle of test 2: the outer VM can only end with an odd status, so it names
# the inner one on a line and ends with 255 (vm-images/nested-init.sh).
# shellcheck source=check/runner/fakelib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/fakelib.sh"
FAKE_TESTS=("1 alpha.ok" "2 beta.abort" "3 gamma.ok")
fake_start "$@"
if fake_test 1 alpha.ok; then
	fake_ok "alpha: fine [A-1]"
fi
if fake_test 2 beta.abort; then
	fake_say "nested: inner QEMU exited with status ${FAKE_INNER_STATUS:-134}"
	exit 255
fi
if fake_test 3 gamma.ok; then
	fake_ok "gamma: fine [C-1]"
fi
fake_end
