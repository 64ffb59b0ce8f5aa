#!/usr/bin/env bash
# A boot that never prints anything: it exits with status 1 at once, or hangs
# when FAKE_SILENT=hang.
# shellcheck source=check/runner/fakelib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/fakelib.sh"
fake_help "$@"
fake_parse "$@"
fake_log
if [[ ${FAKE_SILENT:-exit} == hang ]]; then
	exec sleep 30
fi
exit 1
