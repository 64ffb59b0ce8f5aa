#!/usr/bin/env bash
# A kernel tree that only Debian sid ships (linux-source-7.2), fetched with a
# private package list so that the host's apt setup is never touched: the
# lists, the download and the unpacked tree all live under the cache.
#   vm-images/sid-source.sh PKG   print "VERSION TREE" for sid's PKG
# The mirror is the host's own (/etc/apt/sources.list*).  Lists older than a
# day are fetched again; the tree is keyed by the version found.  Progress
# goes to stderr.  Exit status: 0, or 2.
set -euo pipefail

SUITE=sid
FETCH_LIMIT=900
UNPACK_LIMIT=900
LISTS_MAX_AGE_MIN=1440

say() {
	printf 'kernel: %s\n' "$*" >&2
}

fail() {
	say "error: $*"
	exit 2
}

cache_root() {
	printf '%s/faultline\n' "${XDG_CACHE_HOME:-$HOME/.cache}"
}

# mirror: the first Debian archive URI the host's sources name.
mirror() {
	local files=(/etc/apt/sources.list /etc/apt/sources.list.d/*) uri
	uri=$(cat -- "${files[@]}" 2>/dev/null |
		sed -nE 's#^(deb[[:space:]]+|URIs:[[:space:]]*)(https?://[^[:space:]]*/debian)/?([[:space:]].*)?$#\2#p' |
		head -n 1) || true
	printf '%s\n' "${uri:-http://deb.debian.org/debian}"
}

# apt_opts: sets APT_OPTS, apt options that read only the private list (and
# an empty directory of parts: "-" is read as /etc/apt/-/, with a warning),
# run as the user who runs it: root's apt would hand downloads to _apt, which
# cannot reach a cache under /root (a warning on every cold run).
apt_opts() {
	mkdir -p -- "$APT_DIR/parts"
	APT_OPTS=(-o Dir::Etc::sourcelist="$APT_DIR/sources.list" -o Dir::Etc::sourceparts="$APT_DIR/parts" \
		-o Dir::State::Lists="$APT_DIR/lists" -o Dir::Cache="$APT_DIR/cache" \
		-o Acquire::Check-Valid-Until=false -o APT::Sandbox::User=root)
}

update_lists() {
	say "fetching the $SUITE package list from $(mirror)"
	mkdir -p -- "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial"
	printf 'deb %s %s main\n' "$(mirror)" "$SUITE" >"$APT_DIR/sources.list"
	timeout "$FETCH_LIMIT" apt-get "${APT_OPTS[@]}" update >"$APT_DIR/update.log" 2>&1 || {
		tail -n 5 -- "$APT_DIR/update.log" >&2
		fail "apt-get update for $SUITE failed (log: $APT_DIR/update.log)"
	}
	touch -- "$APT_DIR/stamp"
}

# candidate PKG: the version sid offers, or nothing.  Remembered until the
# lists are fetched again (their stamp is newer): apt-cache reads the whole
# list each time, seconds that every cached run would pay.
candidate() {
	local out memo=$APT_DIR/candidate-$1
	if [[ -s $memo && $memo -nt $APT_DIR/stamp ]]; then
		cat -- "$memo"
		return 0
	fi
	out=$(apt-cache "${APT_OPTS[@]}" policy "$1" 2>/dev/null) || return 0
	out=$(sed -nE 's/^ *Candidate: ([^ (]+)$/\1/p' <<<"$out")
	[[ -z $out ]] || printf '%s\n' "$out" | tee -- "$memo"
}

# fresh_lists: whether the lists exist and are younger than a day.
fresh_lists() {
	[[ -f $APT_DIR/stamp && -z $(find "$APT_DIR/stamp" -mmin +"$LISTS_MAX_AGE_MIN") ]]
}

# unpack PKG DEST: downloads PKG and unpacks the tarball it carries into
# DEST, aside and renamed so that an interrupted run leaves no half tree.
unpack() {
	local pkg=$1 dest=$2 tmp
	tmp=$(mktemp -d "$dest.XXXXXX")
	say "downloading $pkg from $SUITE (about 165 MB)"
	(cd -- "$tmp" && timeout "$FETCH_LIMIT" apt-get "${APT_OPTS[@]}" download "$pkg" >&2) ||
		return 1
	say "unpacking $pkg (about 15 s)"
	dpkg-deb --fsys-tarfile "$tmp"/*.deb >"$tmp/pkg.tar" || fail "dpkg-deb failed"
	rm -f -- "$tmp"/*.deb
	tar -xf "$tmp/pkg.tar" -C "$tmp" "./usr/src/$pkg.tar.xz" || fail "$pkg carries no $pkg.tar.xz"
	timeout "$UNPACK_LIMIT" tar -xJf "$tmp/usr/src/$pkg.tar.xz" -C "$tmp" ||
		fail "unpacking $pkg.tar.xz failed or took over $UNPACK_LIMIT s"
	rm -rf -- "${tmp:?}/pkg.tar" "${tmp:?}/usr"
	rm -rf -- "$dest"
	mv -- "$tmp" "$dest"
}

main() {
	local pkg=${1:?usage: sid-source.sh PKG} version dest
	APT_DIR=$(cache_root)/apt-$SUITE
	apt_opts
	mkdir -p -- "$APT_DIR"
	fresh_lists || update_lists
	version=$(candidate "$pkg")
	if [[ -z $version ]]; then
		update_lists
		version=$(candidate "$pkg")
	fi
	[[ -n $version ]] || fail "$SUITE has no $pkg"
	dest=$(cache_root)/src/$pkg-$version
	if [[ ! -f $dest/$pkg/Makefile ]]; then
		mkdir -p -- "${dest%/*}"
		# A stale list names a version the archive no longer has: fetch anew once.
		if ! unpack "$pkg" "$dest"; then
			update_lists
			version=$(candidate "$pkg")
			dest=$(cache_root)/src/$pkg-$version
			unpack "$pkg" "$dest" || fail "apt-get download $pkg failed"
		fi
	fi
	printf '%s %s\n' "$version" "$dest/$pkg"
}

main "$@"
