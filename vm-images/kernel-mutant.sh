#!/usr/bin/env bash
# Mutant test kernels in seconds: one kept baseline build directory per
# kernel.sh cache key, and per mutant a private mount namespace in which the
# patched tree and a copy-on-write view of the baseline are overlaid at their
# own paths, so kbuild sees its recorded commands unchanged and rebuilds only
# the patched objects and the link.
#   vm-images/kernel-mutant.sh baseline         print the baseline build directory
#   vm-images/kernel-mutant.sh version          print the tree's VERSION.PATCHLEVEL
#   vm-images/kernel-mutant.sh build PATCH OUT  build PATCH's bzImage as OUT
#   vm-images/kernel-mutant.sh applies PATCH    exit 0 when PATCH applies to the tree
# The tree is kernel.sh's (KERNEL_SRC, or Debian's).  Progress goes to
# stderr; the result is the only line on stdout.  Needs root (mounts).
# Exit status: 0 done, 1 the patch does not apply or its kernel does not
# build, 2 setup error.
set -euo pipefail

HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=vm-images/kernel.sh
source "$HERE/kernel.sh"

# A mutant rebuilds one or two objects and links: seconds, unless the
# machine is busy or the patch touches a header many files include.
MUTANT_BUILD_LIMIT=900

# key: sets DIR (the kernel's cache directory) and BASE (its kept build
# directory), as kernel.sh's build names them.
key() {
	cache_dirs
	BASE=$BUILD
}

# baseline: prints BASE, building it first when it holds no finished build
# (a kernel.sh from before builds were kept, or an interrupted build).  While
# the cached bzImage exists kernel.sh builds nothing in BASE, so a baseline
# build takes a lock of its own and keeps kernel.sh's waiting for no one.
baseline() {
	local lock lockfile
	key
	mkdir -p -- "$DIR"
	lockfile=$DIR/.lock
	[[ -f $DIR/bzImage ]] && lockfile=$DIR/.baseline.lock
	exec {lock}>"$lockfile"
	flock -w "$KERNEL_LOCK_WAIT" "$lock" || fail "another build holds $lockfile"
	if [[ ! -f $BASE/arch/x86/boot/bzImage ]]; then
		mkdir -p -- "$BASE"
		# Reconfiguring would touch what every object depends on: resume instead.
		if [[ -f $BASE/.config ]]; then verify_config "$BASE/.config"; else configure "$BASE"; fi
		compile "$BASE"
	fi
	exec {lock}>&-
	printf '%s\n' "$BASE"
}

# version: the tree's VERSION.PATCHLEVEL, which the mutant table matches.
version() {
	local v p
	find_tree
	v=$(sed -n 's/^VERSION = //p' "$TREE/Makefile")
	p=$(sed -n 's/^PATCHLEVEL = //p' "$TREE/Makefile")
	printf '%s.%s\n' "$v" "$p"
}

# overlay DIR UPPER: DIR becomes a writable view of itself whose changes go
# to UPPER (this mount namespace only).
overlay() {
	mkdir -p -- "$2/upper" "$2/work"
	mount -t overlay overlay -o "lowerdir=$1,upperdir=$2/upper,workdir=$2/work" -- "$1"
}

# in_namespace PATCH OUT SCRATCH: run by build in a private mount namespace.
in_namespace() {
	local patch=$1 out=$2 scratch=$3
	overlay "$TREE" "$scratch/src"
	overlay "$BASE" "$scratch/obj"
	if ! patch -p1 --batch --forward --fuzz=0 --quiet -d "$TREE" <"$patch" >"$scratch/patch.log" 2>&1; then
		cat -- "$scratch/patch.log" >&2
		say "error: $patch does not apply to $TREE"
		return 1
	fi
	if ! timeout "$MUTANT_BUILD_LIMIT" make -C "$TREE" O="$BASE" ARCH=x86_64 -j"$(nproc)" bzImage \
		>"$scratch/make.log" 2>&1; then
		tail -n 20 -- "$scratch/make.log" >&2
		say "error: the kernel of $patch does not build"
		return 1
	fi
	cp -- "$BASE/arch/x86/boot/bzImage" "$out"
}

# applies PATCH: whether PATCH applies to the tree as it is (a mutant's
# rebased variants are told apart by this, not by a version).  No fuzz: a
# patch lands where it was made or not at all.
applies() {
	find_tree
	patch -p1 --dry-run --batch --forward --fuzz=0 --quiet -d "$TREE" <"$1" >/dev/null 2>&1
}

# build PATCH OUT: OUT is the bzImage of the baseline with PATCH applied.
build_mutant() {
	local patch out scratch status=0
	patch=$(realpath -- "$1") out=$(realpath -m -- "$2")
	[[ -f $patch ]] || fail "no patch $1"
	baseline >/dev/null
	scratch=$(mktemp -d "${TMPDIR:-/tmp}/kernel-mutant.XXXXXX")
	unshare -m --propagation private "$0" _in_namespace "$patch" "$out" "$scratch" || status=$?
	rm -rf -- "$scratch"
	((status == 0)) || exit 1
	printf '%s\n' "$out"
}

main_mutant() {
	case ${1:-} in
	baseline) baseline ;;
	version) version ;;
	applies) applies "${2:?applies needs PATCH}" ;;
	build) build_mutant "${2:?build needs PATCH OUT}" "${3:?build needs PATCH OUT}" ;;
	_in_namespace)
		key
		in_namespace "$2" "$3" "$4"
		;;
	*)
		printf 'usage: %s baseline|version|applies PATCH|build PATCH OUT\n' "$0" >&2
		exit 2
		;;
	esac
}

main_mutant "$@"
