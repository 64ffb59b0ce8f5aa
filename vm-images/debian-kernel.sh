#!/usr/bin/env bash
# Debian's own kernel for the test VM (./run.sh --kernel debian): the image
# package behind linux-image-6.12-amd64, unpacked (not installed) under the
# cache, so that the host tests check a distribution kernel as shipped.
#   vm-images/debian-kernel.sh   print the path of its vmlinuz
# Its drivers are modules: run.sh finds them at ../lib/modules/<version>
# beside boot/ and loads them through vm-images/modules.sh.  Progress goes to
# stderr; the path is the only line on stdout.  Exit status: 0, or 2.
set -euo pipefail

META_PKG=linux-image-6.12-amd64
FETCH_LIMIT=600

say() {
	printf 'debian-kernel: %s\n' "$*" >&2
}

fail() {
	say "error: $*"
	exit 2
}

cache_root() {
	printf '%s/faultline\n' "${XDG_CACHE_HOME:-$HOME/.cache}"
}

# depends_on: the image package the metapackage names, or nothing.  Remembered
# until the host's package lists change: apt-cache takes seconds to read them.
depends_on() {
	local out memo lists=/var/lib/apt/lists
	memo=$(cache_root)/debian-kernel/depends-$META_PKG
	if [[ -s $memo && $memo -nt $lists ]]; then
		cat -- "$memo"
		return 0
	fi
	# Read whole, not piped: a reader that stops early would SIGPIPE apt-cache.
	out=$(apt-cache depends "$META_PKG" 2>/dev/null) || return 0
	out=$(sed -nE '/^ *Depends: linux-image-[0-9]/{s/^ *Depends: //p;q}' <<<"$out")
	[[ -z $out ]] || { mkdir -p -- "${memo%/*}" && printf '%s\n' "$out" | tee -- "$memo"; }
}

# image_package: the versioned image package the metapackage depends on
# (the package lists fetched first when they lack it and we are root).
image_package() {
	local pkg
	pkg=$(depends_on)
	if [[ -z $pkg && $(id -u) -eq 0 ]]; then
		say "apt-cache knows no $META_PKG: apt-get update"
		timeout "$FETCH_LIMIT" apt-get update >&2 || fail "apt-get update failed"
		pkg=$(depends_on)
	fi
	[[ -n $pkg ]] || fail "apt-cache knows no $META_PKG (run apt-get update)"
	printf '%s\n' "$pkg"
}

# unpack PKG DIR: downloads PKG (no root needed) and unpacks it into DIR,
# aside and renamed, so that an interrupted run leaves no half tree.
unpack() {
	local pkg=$1 dir=$2 tmp
	tmp=$(mktemp -d "$dir.XXXXXX")
	say "downloading and unpacking $pkg (about 110 MB)"
	# As the user who runs it: root's apt would hand the download to _apt,
	# which cannot reach a cache under /root (a warning every cold run).
	(cd -- "$tmp" && timeout "$FETCH_LIMIT" apt-get -o APT::Sandbox::User=root download "$pkg" >&2) ||
		fail "apt-get download $pkg failed"
	dpkg-deb -x "$tmp"/*.deb "$tmp/root" || fail "dpkg-deb -x failed"
	rm -f -- "$tmp"/*.deb
	rm -rf -- "$dir"
	mv -- "$tmp" "$dir"
}

main() {
	local pkg dir vmlinuz
	pkg=$(image_package)
	dir=$(cache_root)/debian-kernel/$pkg
	mkdir -p -- "${dir%/*}"
	if [[ ! -d $dir/root/boot ]]; then
		unpack "$pkg" "$dir"
	else
		say "cached: $dir"
	fi
	vmlinuz=$(find "$dir/root/boot" -name 'vmlinuz-*' -print -quit)
	[[ -n $vmlinuz ]] || fail "$pkg has no boot/vmlinuz-*"
	printf '%s\n' "$vmlinuz"
}

main "$@"
