#!/usr/bin/env bash
# The outer VM of --accel nested-kvm whose own kernel oopses and panics in
# test 2, a reset that -no-reboot turns into QEMU's exit 0.  FAKE_OUTER:
# once (the default): only the first boot that runs test 2; always: every
# boot; mid: after test 2's first check; first: before any test.
# shellcheck source=check/runner/fakelib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/fakelib.sh"
FAKE_TESTS=("1 alpha.ok" "2 beta.outer" "3 gamma.ok")

# outer_crash: the outer kernel's last words, as Linux prints them.
outer_crash() {
	fake_say '[   20.751203] Oops: int3: 0000 [#1] PREEMPT SMP NOPTI' \
		'[   20.751393] Modules linked in: kvm_amd ccp kvm irqbypass' \
		'[   20.752149] RIP: 0010:__schedule+0x428/0xbf0' \
		'[   20.760000] Kernel panic - not syncing: Fatal exception'
	exit 0
}

fake_start "$@"
mode=${FAKE_OUTER:-once}
[[ $mode != first ]] || outer_crash
if fake_test 1 alpha.ok; then
	fake_ok "alpha: fine [A-1]"
fi
if fake_test 2 "beta.outer [B-1]"; then
	[[ $mode != mid ]] || fake_ok "beta: before the crash [B-1]"
	if [[ $mode != once ]] || ! grep -q 'from=2' "$FAKE_ARGS_LOG"; then
		outer_crash
	fi
	fake_ok "beta: after the rerun [B-1]"
fi
if fake_test 3 gamma.ok; then
	fake_ok "gamma: fine [C-1]"
fi
fake_end
