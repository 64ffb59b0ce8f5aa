#!/usr/bin/env bash
# The test VM's kernel: tinyconfig plus vm-images/kernel.config, built once
# per (source version, fragment) and cached outside the checkout.
#   vm-images/kernel.sh source   print the kernel tree (unpacked on demand)
#   vm-images/kernel.sh build    print the path of a cached or fresh bzImage
#   vm-images/kernel.sh cached   print the cached bzImage, status 1 if none
# The tree is KERNEL_SRC when set, else Debian's linux-source-SERIES, SERIES
# being FAULTLINE_KERNEL_SERIES (default 7.2, the newest Debian ships): 6.12
# from the host's own suite (installed with apt-get when root), any other from
# sid through a private package list (vm-images/sid-source.sh); either is
# unpacked under the cache.  Progress goes to stderr, one line every few
# seconds; the result is the only line on stdout.
# Exit status: 0 done, 2 setup or build error.
set -euo pipefail

HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/deps.sh
source "$HERE/../scripts/deps.sh"

FRAGMENT=$HERE/kernel.config
SERIES=${FAULTLINE_KERNEL_SERIES:-7.2}
DEBIAN_PKG=linux-source-$SERIES
# The series the host's own suite (Debian 12) ships; newer ones come from sid.
HOST_SUITE_SERIES=6.12
# A cold build takes about 4 (6.12) to 5 (7.2) minutes on 2 idle cores, 58 for
# 7.2 measured on 2 cores shared with other builds (load 10-20, 3471 s, close
# to the old 3600 s limit); leave room
# for a busy machine.
KERNEL_BUILD_LIMIT=7200
KERNEL_UNPACK_LIMIT=600
KERNEL_CONFIG_LIMIT=300
KERNEL_PROGRESS_EVERY=5
KERNEL_LOCK_WAIT=3000

say() {
	printf 'kernel: %s\n' "$*" >&2
}

fail() {
	say "error: $*"
	exit 2
}

# fail_log WHAT LOG: WHAT failed; the end of its LOG says why.
fail_log() {
	tail -n 20 -- "$2" >&2
	fail "$1 failed (log: $2)"
}

cache_root() {
	printf '%s/faultline\n' "${XDG_CACHE_HOME:-$HOME/.cache}"
}

# debian_tree: sets TREE and TREE_VERSION to Debian's unpacked linux-source.
debian_tree() {
	local version tarball dest tmp found
	[[ $SERIES =~ ^[0-9]+\.[0-9]+$ ]] || fail "FAULTLINE_KERNEL_SERIES=$SERIES is not a series like 7.2"
	if [[ $SERIES != "$HOST_SUITE_SERIES" ]]; then
		found=$("$HERE/sid-source.sh" "$DEBIAN_PKG") || exit 2
		TREE=${found#* } TREE_VERSION=$DEBIAN_PKG-${found%% *}
		return 0
	fi
	deps_ensure_pkgs "$DEBIAN_PKG" xz-utils || exit 2
	version=$(dpkg-query -W -f='${Version}' "$DEBIAN_PKG")
	tarball=/usr/src/$DEBIAN_PKG.tar.xz
	[[ -f $tarball ]] || fail "$tarball is missing although $DEBIAN_PKG is installed"
	dest=$(cache_root)/src/$DEBIAN_PKG-$version
	TREE=$dest/$DEBIAN_PKG TREE_VERSION=$DEBIAN_PKG-$version
	[[ -f $TREE/Makefile ]] && return 0
	say "unpacking $tarball (about 15 s)"
	mkdir -p -- "${dest%/*}"
	tmp=$(mktemp -d "$dest.XXXXXX")
	# Unpack aside and rename, so an interrupted unpack is never mistaken for a tree.
	timeout "$KERNEL_UNPACK_LIMIT" tar -xJf "$tarball" -C "$tmp" ||
		fail "unpacking $tarball failed or took over $KERNEL_UNPACK_LIMIT s"
	rm -rf -- "$dest"
	mv -- "$tmp" "$dest"
}

# given_tree DIR: sets TREE and TREE_VERSION for a tree named by KERNEL_SRC.
# Two trees of one version differ in their path, which is part of the key.
given_tree() {
	local dir version path_key
	dir=$(cd -- "$1" 2>/dev/null && pwd) || fail "KERNEL_SRC=$1 is not a directory"
	[[ -f $dir/Makefile && -d $dir/drivers/iommu/iommufd ]] ||
		fail "KERNEL_SRC=$1 is not a kernel tree with iommufd"
	version=$(make -s -C "$dir" kernelversion 2>/dev/null) ||
		fail "make kernelversion failed in $dir"
	path_key=$(printf '%s' "$dir" | sha256sum)
	TREE=$dir TREE_VERSION=$version-${path_key:0:8}
}

find_tree() {
	if [[ -n ${KERNEL_SRC:-} ]]; then
		given_tree "$KERNEL_SRC"
	else
		debian_tree
	fi
}

# configure BUILD: tinyconfig, the fragment appended (the last assignment
# wins), olddefconfig; then every fragment option must still be set.
configure() {
	local build=$1
	local -a kmake=(make -s -C "$TREE" O="$build" ARCH=x86_64)
	say "configuring: tinyconfig + vm-images/kernel.config"
	# Kconfig warns about every option the fragment overrides: that is the
	# point, so its output goes to a log shown only on failure.
	timeout "$KERNEL_CONFIG_LIMIT" "${kmake[@]}" tinyconfig >"$build/config.log" 2>&1 ||
		fail_log "make tinyconfig" "$build/config.log"
	cat -- "$FRAGMENT" >>"$build/.config"
	timeout "$KERNEL_CONFIG_LIMIT" "${kmake[@]}" olddefconfig >>"$build/config.log" 2>&1 ||
		fail_log "make olddefconfig" "$build/config.log"
	verify_config "$build/.config"
}

# verify_config CONFIG: olddefconfig drops an option whose dependencies are
# off without a word, and keeps one the fragment turns off when another
# option selects it; name every such option.  One fragment serves every
# series, so an option this tree's Kconfig does not define (a newer kernel's)
# is left out of the check.
verify_config() {
	local config=$1 line name dropped=() forced=()
	while IFS= read -r line; do
		if [[ $line =~ ^CONFIG_[A-Za-z0-9_]+=y$ ]]; then
			grep -qxF -- "$line" "$config" && continue
			kconfig_defines "${line%=y}" && dropped+=("${line%=y}")
		elif [[ $line =~ ^#\ (CONFIG_[A-Za-z0-9_]+)\ is\ not\ set$ ]]; then
			name=${BASH_REMATCH[1]}
			grep -qE -- "^$name=[ym]$" "$config" && forced+=("$name")
		fi
	done <"$FRAGMENT"
	if ((${#dropped[@]} > 0)); then
		fail "options dropped by olddefconfig (dependencies not met): ${dropped[*]}; see $config"
	fi
	if ((${#forced[@]} > 0)); then
		fail "options the fragment turns off but another option selects: ${forced[*]}; see $config"
	fi
}

# kconfig_defines CONFIG_NAME: whether a Kconfig file of TREE defines it.
kconfig_defines() {
	grep -rqsxE --include='Kconfig*' -- "[[:space:]]*(menu)?config ${1#CONFIG_}[[:space:]]*" "$TREE"
}

# Steps ("  CC ...", "  LD ...") a cold build of tinyconfig plus the fragment
# printed, measured: 1519 (6.12.118), 1624 (7.2.13).  Only the progress line's
# estimate uses it, and only until the cache holds a build's own make.log.
KERNEL_STEPS_GUESS=1600

# steps_expected: the most steps a cached build of this series printed (its
# make.log beside its bzImage; a rebuild prints fewer), else the guess above.
steps_expected() {
	local log n max=0
	for log in "$(cache_root)"/kernel/linux-source-"$SERIES"-*/make.log; do
		[[ -f $log && -f ${log%/*}/bzImage ]] || continue
		n=$(grep -c '^  [A-Z]' "$log") || n=0
		((n <= max)) || max=$n
	done
	((max > 100)) || max=$KERNEL_STEPS_GUESS
	printf '%s\n' "$max"
}

# progress PID LOG START: one line every few seconds while make runs: steps
# done of those expected, and the time left at the rate so far.
progress() {
	local pid=$1 log=$2 start=$3 steps last total spent left
	total=$(steps_expected)
	while kill -0 "$pid" 2>/dev/null; do
		sleep "$KERNEL_PROGRESS_EVERY"
		steps=$(grep -c '^  [A-Z]' "$log" 2>/dev/null) || steps=0
		last=$(grep '^  [A-Z]' "$log" 2>/dev/null | tail -n 1) || last=
		spent=$((SECONDS - start))
		left=''
		if ((steps >= 20 && steps < total)); then
			left=", about $((spent * (total - steps) / steps)) s left"
		fi
		say "building: $spent s, $steps of about $total steps$left${last:+, at ${last#"${last%%[! ]*}"}}"
	done
}

# compile BUILD: make bzImage, its output in BUILD/make.log.
compile() {
	local build=$1 pid status=0 start=$SECONDS
	local jobs
	jobs=$(nproc)
	say "make -j$jobs bzImage in $build (6.5 to 7 min on 2 idle cores; log: $build/make.log)"
	timeout "$KERNEL_BUILD_LIMIT" make -C "$TREE" O="$build" ARCH=x86_64 -j"$jobs" bzImage \
		>"$build/make.log" 2>&1 &
	pid=$!
	progress "$pid" "$build/make.log" "$start"
	wait "$pid" || status=$?
	if ((status != 0)); then
		tail -n 20 "$build/make.log" >&2
		((status == 124)) && fail "the build took over $KERNEL_BUILD_LIMIT s"
		fail "make bzImage failed (status $status); log: $build/make.log"
	fi
	say "built in $((SECONDS - start)) s"
}

# cache_dirs: sets DIR (the cached kernel of this tree and fragment) and
# BUILD (its build directory).
cache_dirs() {
	local frag_key key
	find_tree
	frag_key=$(sha256sum <"$FRAGMENT")
	key=$TREE_VERSION-${frag_key:0:12}
	DIR=$(cache_root)/kernel/$key
	BUILD=$(cache_root)/kernel/build-$key
}

# cached: prints the cached bzImage; status 1 when there is none yet.
cached() {
	cache_dirs
	[[ -f $DIR/bzImage ]] || return 1
	printf '%s\n' "$DIR/bzImage"
}

# build: prints the bzImage for this tree and fragment, building it if needed.
build() {
	local dir build lock
	cache_dirs
	dir=$DIR build=$BUILD
	mkdir -p -- "$dir"
	# Two runs at once would race in one build directory.
	exec {lock}>"$dir/.lock"
	flock -w "$KERNEL_LOCK_WAIT" "$lock" || fail "another build holds $dir/.lock"
	if [[ ! -f $dir/bzImage ]]; then
		mkdir -p -- "$build"
		configure "$build"
		compile "$build"
		cp -- "$build/.config" "$dir/config"
		cp -- "$build/make.log" "$dir/make.log"
		cp -- "$build/arch/x86/boot/bzImage" "$dir/bzImage.tmp"
		mv -- "$dir/bzImage.tmp" "$dir/bzImage"
		# The objects (about 150 MB) stay: vm-images/kernel-mutant.sh
		# rebuilds mutant kernels on top of them in seconds.
	else
		say "cached: $dir/bzImage"
	fi
	printf '%s\n' "$dir/bzImage"
}

main() {
	case ${1:-} in
	source)
		find_tree
		printf '%s\n' "$TREE"
		;;
	build) build ;;
	cached) cached ;;
	*)
		printf 'usage: %s source|build|cached\n' "$0" >&2
		exit 2
		;;
	esac
}

# Run only when executed, not when sourced (check/host-static.sh tests parts).
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	main "$@"
fi
