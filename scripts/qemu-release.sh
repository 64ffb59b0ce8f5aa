#!/usr/bin/env bash
# QEMU releases from Debian's archive, fetched into a private root with
# mmdebstrap (the host's apt configuration and packages stay untouched) and
# cached outside the checkout, keyed by the suite and the version found:
#   ${XDG_CACHE_HOME:-~/.cache}/faultline/qemu/<suite>-<version>/
# Each cache directory holds root/ and qemu-system-x86_64, a wrapper that
# runs the root's QEMU through the root's own ld.so, so that the runner
# treats it as any --qemu PATH.  A cached release is reused offline.
# ARCH aarch64 (the guest's, run.sh --arch) fetches qemu-system-arm instead,
# into <suite>-<version>-arm/ with a qemu-system-aarch64 wrapper, so that
# the x86 roots stay as they are.
#   scripts/qemu-release.sh list [ARCH]          "RELEASE SUITE [cached PATH]" lines
#   scripts/qemu-release.sh path RELEASE [ARCH]  fetches if needed; prints the wrapper
#   scripts/qemu-release.sh releases      the release names, one a line
# FAULTLINE_QEMU_REFRESH=1 fetches again even when a release is cached.
# Exit status 2: unknown release, or the archive cannot provide it.
set -euo pipefail

# The releases: the QEMU version a Debian suite ships, major.minor.
RELEASES=("7.2 bookworm" "10.0 trixie" "11.1 sid")

CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/faultline/qemu

# What to fetch for the guest architecture ARCH (main sets it): the package,
# its binary, and the cache directory's suffix.
PKG=qemu-system-x86 BIN=qemu-system-x86_64 SUFFIX=''
set_arch() {
	case ${1:-x86_64} in
	x86_64) PKG=qemu-system-x86 BIN=qemu-system-x86_64 SUFFIX='' ;;
	aarch64) PKG=qemu-system-arm BIN=qemu-system-aarch64 SUFFIX=-arm ;;
	*) fail "unknown architecture '$1' (x86_64, aarch64)" ;;
	esac
}

fail() {
	printf 'qemu-release: %s\n' "$*" >&2
	exit 2
}

# suite_of RELEASE: the Debian suite that ships RELEASE.
suite_of() {
	local entry
	for entry in "${RELEASES[@]}"; do
		if [[ ${entry%% *} == "$1" ]]; then
			printf '%s\n' "${entry#* }"
			return 0
		fi
	done
	return 1
}

# is_release VERSION RELEASE: VERSION (7.2+dfsg-7, 10.0.13+ds-0) is of RELEASE.
is_release() {
	[[ $1 == "$2" || ($1 == "$2"* && ${1:${#2}:1} == [!0-9]) ]]
}

# cached RELEASE: the newest cached wrapper of RELEASE, if any.
cached() {
	local suite dir version found=''
	suite=$(suite_of "$1")
	for dir in "$CACHE/$suite-"*/; do
		dir=${dir%/}
		version=${dir#"$CACHE/$suite-"}
		# An x86 root has no suffix and no qemu-system-aarch64; an arm one the reverse.
		[[ -z $SUFFIX || $version == *"$SUFFIX" ]] || continue
		if [[ -x $dir/$BIN ]] && is_release "${version%"$SUFFIX"}" "$1"; then
			found=$dir
		fi
	done
	[[ -n $found ]] && printf '%s/%s\n' "$found" "$BIN"
}

# mirror: the Debian mirror the host's apt uses (read, never changed).
mirror() {
	local url
	url=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		/etc/apt/sources.list.d/*.sources 2>/dev/null |
		grep -oE 'https?://[^ ]+/debian/?( |$)' | grep -v security | head -n 1) || true
	url=${url%% *}
	printf '%s\n' "${url:-http://deb.debian.org/debian}"
}

# write_wrapper DIR: DIR/$BIN execs the root's QEMU through its own
# dynamic loader and libraries, with its own firmware and modules.
write_wrapper() {
	sed "s/@BIN@/$BIN/" >"$1/$BIN" <<'EOF'
#!/bin/sh
# Runs the QEMU of this directory's private Debian root (scripts/qemu-release.sh).
r=$(dirname "$(readlink -f "$0")")/root
QEMU_MODULE_DIR=$r/usr/lib/x86_64-linux-gnu/qemu
export QEMU_MODULE_DIR
exec "$r/lib64/ld-linux-x86-64.so.2" \
	--library-path "$r/usr/lib/x86_64-linux-gnu:$r/lib/x86_64-linux-gnu" \
	"$r/usr/bin/@BIN@" -L "$r/usr/share/qemu" -L "$r/usr/share/seabios" "$@"
EOF
	chmod +x "$1/$BIN"
}

# fetch RELEASE: builds the private root, names its directory after the
# version found, and prints the wrapper.
fetch() {
	local release=$1 suite tmp version dir
	local -a opts=()
	suite=$(suite_of "$release")
	command -v mmdebstrap >/dev/null ||
		apt-get install -y mmdebstrap >&2 ||
		fail "mmdebstrap is missing and could not be installed (apt-get install mmdebstrap)"
	[[ $suite == sid ]] && opts+=(--aptopt='Acquire::Check-Valid-Until "false"')
	mkdir -p "$CACHE"
	tmp=$(mktemp -d "$CACHE/.fetch-$suite.XXXXXX")
	trap 'rm -rf -- "$tmp"' EXIT
	printf 'qemu-release: fetching QEMU %s from Debian %s (%s)\n' "$release" "$suite" "$(mirror)" >&2
	mmdebstrap --variant=apt --include="$PKG" "${opts[@]}" \
		"$suite" "$tmp/root" "deb $(mirror) $suite main" >"$tmp/mmdebstrap.log" 2>&1 ||
		fail "Debian $suite could not be fetched (no archive reachable?); last lines:
$(tail -n 5 "$tmp/mmdebstrap.log")"
	version=$(sed -n "/^Package: $PKG\$/,/^\$/s/^Version: //p" "$tmp/root/var/lib/dpkg/status")
	version=${version#*:}
	is_release "$version" "$release" ||
		fail "Debian $suite now ships QEMU ${version:-none}, not $release (scripts/qemu-release.sh RELEASES)"
	rm -rf "$tmp/root/var/cache/apt" "$tmp/root/var/lib/apt/lists"
	write_wrapper "$tmp"
	dir=$CACHE/$suite-$version$SUFFIX
	rm -rf -- "$dir"
	mv "$tmp" "$dir"
	trap - EXIT
	printf '%s/%s\n' "$dir" "$BIN"
}

main() {
	local entry release path
	case ${1:-} in
	list)
		set_arch "${2:-}"
		for entry in "${RELEASES[@]}"; do
			path=$(cached "${entry%% *}") || path=''
			printf 'release %s (Debian %s)%s\n' "${entry%% *}" "${entry#* }" "${path:+ cached $path}"
		done
		;;
	releases)
		for entry in "${RELEASES[@]}"; do printf '%s\n' "${entry%% *}"; done
		;;
	path)
		release=${2:-}
		set_arch "${3:-}"
		suite_of "$release" >/dev/null ||
			fail "unknown release '$release' (known: $(main releases | tr '\n' ' ')all)"
		if [[ -z ${FAULTLINE_QEMU_REFRESH:-} ]] && path=$(cached "$release"); then
			printf '%s\n' "$path"
		else
			fetch "$release"
		fi
		;;
	*)
		printf 'usage: scripts/qemu-release.sh list [ARCH]|releases|path RELEASE [ARCH]\n' >&2
		exit 2
		;;
	esac
}

main "$@"
