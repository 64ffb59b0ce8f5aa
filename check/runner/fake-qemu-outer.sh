#!/usr/bin/env bash
# The outer VM of --accel nested-kvm whose own kernel oopses and panics in
# test 2, a reset that -no-reboot turns into QEMU's exit 0.  FAKE_OUTER:
# once (the default): only the first boot that runs test 2; always: every
# boot; mid: after test 2's first check; first: before any test; bug: a
# BUG: line that ends nothing, then a reset of the guest's own; deferred:
# test 4 resets the machine (booted alone with reboot=on), and the outer
# kernel crashes in its first such boot; alternate: the guest ignores from=
# and the outer kernel crashes in test 3 in odd boots, in test 2 in even ones.
# shellcheck source=check/runner/fakelib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/fakelib.sh"
FAKE_TESTS=("1 alpha.ok" "2 beta.outer" "3 gamma.ok" "4 reset.keep")

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
boots=$(wc -l <"$FAKE_ARGS_LOG")
if [[ $mode == alternate ]]; then
	FAKE_FROM=1
	crash_in=$((boots % 2 ? 3 : 2))
fi
if [[ $mode == deferred && " $FAKE_APPEND " != *" reboot=on "* ]]; then
	fake_say "# deferred 4 reset.keep"
fi
if fake_test 1 alpha.ok; then
	fake_ok "alpha: fine [A-1]"
fi
if [[ $mode == alternate ]]; then
	fake_test 2 "beta.outer [B-1]" && ((crash_in == 2)) && outer_crash
	fake_test 3 gamma.ok && outer_crash
fi
if [[ $mode != deferred && $mode != alternate ]] && fake_test 2 "beta.outer [B-1]"; then
	[[ $mode != mid ]] || fake_ok "beta: before the crash [B-1]"
	if [[ $mode == bug ]]; then
		fake_say '[   20.751203] BUG: workqueue lockup - pool cpus=0 node=0 flags=0x0 nice=0 stuck for 31s!'
		exit 0
	fi
	if [[ $mode != once ]] || ! grep -q 'from=2' "$FAKE_ARGS_LOG"; then
		outer_crash
	fi
	fake_ok "beta: after the rerun [B-1]"
fi
if fake_test 3 gamma.ok; then
	fake_ok "gamma: fine [C-1]"
fi
if [[ " $FAKE_APPEND " == *" reboot=on "* ]] && fake_test 4 "reset.keep [R-1]"; then
	# The outer VM's own reset must end QEMU, reboot=on or not.
	[[ " $* " == *" -no-reboot "* ]] || fake_not_ok "reset: the outer VM booted without -no-reboot [R-1]"
	(($(grep -c 'reboot=on' "$FAKE_ARGS_LOG") > 1)) || outer_crash
	fake_ok "reset: kept across the reset [R-1]"
fi
fake_end
