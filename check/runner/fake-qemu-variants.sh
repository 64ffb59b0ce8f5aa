#!/usr/bin/env bash
# A device whose behaviour follows virtio-iommu-pci's options, as a variant
# sets them: boot-bypass=off changes what test 1 observes, and the fake's own
# x-fake-crash=on makes QEMU die of SIGSEGV in test 2.
# shellcheck source=check/runner/fakelib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/fakelib.sh"
FAKE_TESTS=("1 alpha.bypass [A-1]" "2 beta.crash [B-1]" "3 gamma.ok [C-1]")
fake_start "$@"
if fake_test 1 alpha.bypass; then
	if [[ ,$FAKE_IOMMU, == *,boot-bypass=off,* ]]; then
		fake_ok "alpha: initial bypass [A-1] # INFO observed bypass=0"
	else
		fake_ok "alpha: initial bypass [A-1] # INFO observed bypass=1"
	fi
fi
if fake_test 2 beta.crash; then
	fake_ok "beta: before the crash [B-1]"
	if [[ ,$FAKE_IOMMU, == *,x-fake-crash=on,* ]]; then
		kill -SEGV "$$"
	fi
fi
if fake_test 3 gamma.ok; then
	fake_ok "gamma: fine [C-1]"
fi
fake_end
