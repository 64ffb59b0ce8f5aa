#!/usr/bin/env bash
# A boot that never prints anything: it exits with status 1 at once, or hangs
# when FAKE_SILENT=hang.
# shellcheck source=check/runner/fakelib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/fakelib.sh"
fake_parse "$@"
if [[ -n ${FAKE_ARGS_LOG:-} ]]; then
	printf 'accel=%s append=%s\n' "$FAKE_ACCEL" "$FAKE_APPEND" >>"$FAKE_ARGS_LOG"
fi
if [[ ${FAKE_SILENT:-exit} == hang ]]; then
	exec sleep 30
fi
exit 1
