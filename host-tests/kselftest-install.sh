#!/usr/bin/env bash
# The host tests as an installed kselftest tree, laid out as the kernel's
# "make -C tools/testing/selftests install" lays one out, so that the
# kernel's own run_kselftest.sh runs it unchanged:
#   INSTALL_PATH/run_kselftest.sh, kselftest/   from KSRC's selftests
#   INSTALL_PATH/kselftest-list.txt             faultline:<program>, one a line
#   INSTALL_PATH/faultline/                     the programs, config, settings,
#                                               statements.txt (test -> statement ID)
#   host-tests/kselftest-install.sh INSTALL_PATH KSRC PROGRAM...
# Called by "make kselftest-install" (host-tests/host.mk).
set -euo pipefail

HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
COLLECTION=faultline
# The runner's helpers, as the kernel's selftests Makefile installs them
# (ksft.py, for Python tests, is not needed by this collection).
RUNNER_FILES=(runner.sh prefix.pl module.sh ktap_helpers.sh)

fail() {
	printf 'kselftest-install: error: %s\n' "$*" >&2
	exit 2
}

main() {
	(($# >= 3)) || fail "usage: $0 INSTALL_PATH KSRC PROGRAM..."
	local dest=$1 selftests=$2/tools/testing/selftests f prog
	shift 2
	[[ -f $selftests/run_kselftest.sh ]] || fail "$selftests/run_kselftest.sh is missing (KSRC is not a kernel tree?)"
	mkdir -p -- "$dest/kselftest" "$dest/$COLLECTION"
	install -m 755 -- "$selftests/run_kselftest.sh" "$dest/"
	for f in "${RUNNER_FILES[@]}"; do
		# Older trees lack ktap_helpers.sh; the runner of the same tree does not use it.
		[[ ! -f $selftests/kselftest/$f ]] || install -m 744 -- "$selftests/kselftest/$f" "$dest/kselftest/"
	done
	install -m 644 -- "$HERE/config" "$HERE/settings" "$HERE/statements.txt" "$dest/$COLLECTION/"
	for prog in "$@"; do
		install -m 755 -- "$prog" "$dest/$COLLECTION/"
	done
	ordered "$@" | sed "s/^/$COLLECTION:/" >"$dest/kselftest-list.txt"
}

# ordered PROGRAM...: their names in the order of their first row in
# statements.txt, the others after: the tests that read the drivers'
# ratelimited fault messages come first there, as in /init.
ordered() {
	local prog
	for prog in "$@"; do
		basename -- "$prog"
	done | awk -F '\t' -v TABLE="$HERE/statements.txt" '
		BEGIN { while ((getline l < TABLE) > 0) if (l !~ /^#/ && split(l, f) > 1 && !(f[2] in rank)) rank[f[2]] = ++n }
		{ name[NR] = $0; key[NR] = ($0 in rank) ? rank[$0] : n + NR }
		END { for (i = 1; i <= NR; i++) for (j = i + 1; j <= NR; j++) if (key[j] < key[i]) {
			t = key[i]; key[i] = key[j]; key[j] = t; t = name[i]; name[i] = name[j]; name[j] = t }
		      for (i = 1; i <= NR; i++) print name[i] }'
}

main "$@"
