#!/usr/bin/env bash
# A device for running variants at once: x-fake-slow=on makes a boot take
# 2 s and log when it starts and ends (FAKE_EVENTS), x-fake-kill-runner=on
# kills the runner's worker for this variant (scripts/subtest.sh) in test 2,
# as if it had crashed.
# shellcheck source=check/runner/fakelib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/fakelib.sh"
FAKE_TESTS=("1 alpha.ok [A-1]" "2 beta.ok [B-1]")

# kill_worker: the worker, the outermost of the ancestors running
# scripts/subtest.sh (the others are its subshells), killed.
kill_worker() {
	local pid=$$ cmd worker=''
	while ((pid > 1)); do
		pid=$(ps -o ppid= -p "$pid" | tr -d ' ')
		cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline")
		if [[ $cmd == *scripts/subtest.sh* ]]; then
			worker=$pid
		elif [[ -n $worker ]]; then
			break
		fi
	done
	kill -KILL "$worker"
}

fake_start "$@"
if [[ ,$FAKE_IOMMU, == *,x-fake-slow=on,* ]]; then
	printf 'start %s\n' "$FAKE_IOMMU" >>"$FAKE_EVENTS"
	sleep 2
	printf 'end %s\n' "$FAKE_IOMMU" >>"$FAKE_EVENTS"
fi
if fake_test 1 alpha.ok; then
	fake_ok "alpha: fine [A-1]"
fi
if fake_test 2 beta.ok; then
	if [[ ,$FAKE_IOMMU, == *,x-fake-kill-runner=on,* ]]; then
		kill_worker
		exit 1
	fi
	fake_ok "beta: fine [B-1]"
fi
fake_end
