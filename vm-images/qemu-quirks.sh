#!/usr/bin/env bash
# A virtio-iommu that does what QEMU never does, for the Linux driver's
# robustness statements: Debian's own QEMU source (the version its archive
# has for the installed suite), Debian's patches, then vm-images/qemu-quirks/
# (one behaviour each, all off until the device's x-faultline-quirks property
# sets its bit).  Built once per (source version, patches) and cached outside
# the checkout; prints the qemu-system-x86_64 to run.  Progress on stderr.
# Exit status: 0 done, 2 setup or build error.
set -euo pipefail

HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/deps.sh
source "$HERE/../scripts/deps.sh"

PATCHES=$HERE/qemu-quirks
BUILD_DEPS=(dpkg-dev meson ninja-build pkg-config libglib2.0-dev libpixman-1-dev zlib1g-dev libfdt-dev)
# A cold build takes about 5 minutes on 2 idle cores; leave room for a busy machine.
QUIRKS_BUILD_LIMIT=3600
QUIRKS_PROGRESS_EVERY=10

say() { printf 'qemu-quirks: %s\n' "$*" >&2; }
fail() { say "error: $*"; exit 2; }

cache_root() { printf '%s/faultline/qemu-quirks\n' "${XDG_CACHE_HOME:-$HOME/.cache}"; }

# apt_private DIR TOOL ARGS...: apt-get or apt-cache with a sources list of its own (the
# machine's mirror, deb-src for its suite), touching none of the host's apt state.
apt_private() {
	local dir=$1 tool=$2 mirror suite
	shift 2
	# deb822 URIs: lines and one-line "deb URL" entries, not comments.
	mirror=$(grep -hE '^(URIs:|deb) ' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null |
		grep -oE 'https?://[^ ]+/debian/?( |$)' | head -n 1 | tr -d ' ') || true
	suite=$(. /etc/os-release && printf '%s' "$VERSION_CODENAME")
	[[ -n $mirror && -n $suite ]] || fail "no Debian mirror or suite in /etc/apt and /etc/os-release"
	# apt takes a relative Dir::Etc path as under /etc/apt: DIR made absolute;
	# an empty directory of parts, where "-" is read as /etc/apt/-/ and warned about.
	[[ $dir == /* ]] || dir=$PWD/$dir
	mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial" "$dir/parts"
	printf 'deb-src %s %s main\n' "${mirror%/}" "$suite" >"$dir/sources.list"
	"$tool" -q -o APT::Sandbox::User=root -o Dir::Etc::sourcelist="$dir/sources.list" -o Dir::Etc::sourceparts="$dir/parts" \
		-o Dir::State::Lists="$dir/lists" -o Dir::Cache="$dir/cache" "$@"
}

# fetch WORK: Debian's QEMU source into WORK/src; sets VERSION to what was found.
fetch() {
	local work=$1
	apt_private "$work/apt" apt-get update >/dev/null || fail "apt-get update (deb-src) failed"
	VERSION=$(apt_private "$work/apt" apt-cache showsrc qemu 2>/dev/null | sed -n 's/^Version: //p' | sort -V | tail -n 1)
	[[ -n $VERSION ]] || fail "the archive has no qemu source for this suite"
}

# progress PID LOG START: one line every few seconds while ninja runs.
progress() {
	local pid=$1 log=$2 start=$3 last
	while kill -0 "$pid" 2>/dev/null; do
		sleep "$QUIRKS_PROGRESS_EVERY"
		last=$(grep -oE '^\[[0-9]+/[0-9]+\]' "$log" 2>/dev/null | tail -n 1) || last=
		say "building: $((SECONDS - start)) s${last:+, step ${last//[\[\]]/}}"
	done
}

# build WORK OUT: unpack, patch, configure and build into OUT/qemu-system-x86_64.
build() {
	local work=$1 out=$2 p pid ppid start=$SECONDS status=0
	(cd "$work" && apt_private apt apt-get source --download-only "qemu=$VERSION" >/dev/null) ||
		fail "apt-get source qemu=$VERSION failed"
	say "unpacking qemu $VERSION with Debian's patches"
	(cd "$work" && dpkg-source -q -x ./*.dsc src >/dev/null) || fail "dpkg-source -x failed"
	for p in "$PATCHES"/*.patch; do
		patch -s -p1 -d "$work/src" <"$p" || fail "$(basename -- "$p") does not apply to qemu $VERSION"
	done
	mkdir -p "$work/build"
	say "configuring (x86_64-softmmu, TCG, default devices, no optional features)"
	(cd "$work/build" && "$work/src/configure" --meson=meson --target-list=x86_64-softmmu \
		--without-default-features --enable-tcg \
		--enable-fdt=system --disable-docs --disable-werror >configure.log 2>&1) ||
		fail "configure failed (log: $work/build/configure.log)"
	say "ninja qemu-system-x86_64 (about 5 min on 2 cores; log: $work/build/ninja.log)"
	timeout "$QUIRKS_BUILD_LIMIT" ninja -C "$work/build" qemu-system-x86_64 >"$work/build/ninja.log" 2>&1 &
	pid=$!
	progress "$pid" "$work/build/ninja.log" "$start" &
	ppid=$!
	wait "$pid" || status=$?
	wait "$ppid"
	((status == 0)) || fail "ninja failed or took over $QUIRKS_BUILD_LIMIT s (log: $work/build/ninja.log)"
	mkdir -p "$out"
	cp -- "$work/build/qemu-system-x86_64" "$out/qemu-system-x86_64.tmp"
	mv -- "$out/qemu-system-x86_64.tmp" "$out/qemu-system-x86_64"
	say "built in $((SECONDS - start)) s: $out/qemu-system-x86_64"
}

main() {
	local root key out lock
	deps_ensure_pkgs "${BUILD_DEPS[@]}" || exit 2
	root=$(cache_root)
	mkdir -p "$root"
	WORK=$(mktemp -d "$root/work.XXXXXX")
	trap 'rm -rf -- "$WORK"' EXIT
	fetch "$WORK"
	# Keyed by what was found and by the recipe: the patches and this script.
	key=qemu-${VERSION//:/_}-$(cat "$PATCHES"/*.patch "${BASH_SOURCE[0]}" | sha256sum | cut -c1-12)
	out=$root/$key
	exec {lock}>"$root/.lock"
	flock -w "$QUIRKS_BUILD_LIMIT" "$lock" || fail "another build holds $root/.lock"
	if [[ ! -x $out/qemu-system-x86_64 ]]; then
		build "$WORK" "$out"
	fi
	printf '%s\n' "$out/qemu-system-x86_64"
}

# Sourced (check/host-static.sh), it only defines.
[[ ${BASH_SOURCE[0]} != "$0" ]] || main "$@"
