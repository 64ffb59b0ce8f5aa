#!/usr/bin/env bash
# The modules a test VM needs from a kernel whose drivers are modules (such
# as Debian's), as an initramfs overlay: each module and what it depends on,
# uncompressed (busybox insmod reads ELF only), as /lib/modules/<file>.ko,
# and /lib/modules/load listing them in load order for /init.
#   vm-images/modules.sh MODDIR OUT.cpio.gz MODULE...
# MODDIR is lib/modules/<version>; a MODULE it lacks (built in, or not
# configured) is left out with a note on stderr.  Exit status: 0, or 2.
set -euo pipefail

fail() {
	printf 'modules: error: %s\n' "$*" >&2
	exit 2
}

# module_file NAME: the module's file under MODDIR (names match with - or _).
module_file() {
	local pattern=${1//[-_]/[-_]}
	find "$MODDIR/kernel" -name "$pattern.ko*" -print -quit
}

# unpack FILE: the module, uncompressed, on stdout.
unpack() {
	case $1 in
	*.xz) xz -dc -- "$1" ;;
	*.zst) zstd -qdc -- "$1" ;;
	*.gz) gzip -dc -- "$1" ;;
	*) cat -- "$1" ;;
	esac
}

# visit NAME: stages NAME, then what it depends on (its .modinfo says), and
# lists NAME for loading after them (depth first).
visit() {
	local file base dep
	[[ -z ${SEEN[$1]:-} ]] || return 0
	SEEN[$1]=1
	file=$(module_file "$1")
	if [[ -z $file ]]; then
		printf 'modules: %s is not a module of this kernel (built in, or not configured)\n' "$1" >&2
		return 0
	fi
	base=$(basename -- "$file")
	base=${base%.xz} base=${base%.zst} base=${base%.gz}
	unpack "$file" >"$STAGE/lib/modules/$base"
	while IFS= read -r dep; do
		[[ -n $dep ]] && visit "$dep"
	done < <(readelf -p .modinfo "$STAGE/lib/modules/$base" | sed -n 's/.*depends=//p' | tr ',' '\n')
	printf '%s\n' "$base" >>"$STAGE/lib/modules/load"
}

main() {
	(($# >= 3)) || fail "usage: $0 MODDIR OUT.cpio.gz MODULE..."
	MODDIR=$1
	local out=$2 name
	shift 2
	[[ -d $MODDIR/kernel ]] || fail "$MODDIR has no kernel/ directory of modules"
	STAGE=$(mktemp -d "${TMPDIR:-/tmp}/faultline-modules.XXXXXX")
	# shellcheck disable=SC2064 # expand now
	trap "rm -rf -- '$STAGE'" EXIT
	mkdir -p -- "$STAGE/lib/modules"
	: >"$STAGE/lib/modules/load"
	declare -gA SEEN=()
	for name in "$@"; do
		visit "$name"
	done
	mkdir -p -- "$(dirname -- "$out")"
	(cd -- "$STAGE" && find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc -R 0:0 --quiet) | gzip -9n >"$out.tmp"
	mv -- "$out.tmp" "$out"
}

main "$@"
