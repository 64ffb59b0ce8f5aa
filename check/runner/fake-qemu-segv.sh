#!/usr/bin/env bash
# A QEMU that dies of SIGSEGV in the middle of test 2.
# shellcheck source=check/runner/fakelib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/fakelib.sh"
FAKE_TESTS=("1 alpha.ok" "2 beta.segv" "3 gamma.ok")
fake_start "$@"
if fake_test 1 alpha.ok; then
	fake_ok "alpha: fine [A-1]"
fi
if fake_test 2 beta.segv; then
	fake_ok "beta: before the crash [B-1]"
	fake_say "# sending: probe ep=0x10 in=260"
	kill -SEGV "$$"
fi
if fake_test 3 gamma.ok; then
	fake_ok "gamma: fine [C-1]"
fi
fake_end
