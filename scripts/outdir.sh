# shellcheck shell=bash
# The --out directory holds one run: a handed-in bundle whose manifest also
# covered an earlier run's console logs, boots.tsv rows (appended) and
# driver traces (named by PID) would mix two runs' evidence.  out_check
# comes first, before anything can fail on the command line; out_clear once
# the run's setup has worked, so that a mistyped command leaves an earlier
# result as it was.  Sourced by run.sh; needs die (scripts/util.sh) and
# ARCH_NAMES (scripts/arch.sh).

# The files a run writes at the top of its directory (.*.tmp: a file being
# replaced; trace-host-vfio.*: the VFIO VM's driver traces).
OUT_FILES=(MANIFEST.sha256 boots.tsv catalog.txt 'console-*.log' environment.txt
	junit.xml report.html report.md results.tap revision.txt 'serial-*.log'
	timings.tsv 'trace-host-vfio.*' '.*.tmp')

# out_file_owned NAME: whether a run writes a file named NAME.
out_file_owned() {
	local pattern
	for pattern in "${OUT_FILES[@]}"; do
		# shellcheck disable=SC2254 # the patterns are globs
		case $1 in $pattern) return 0 ;; esac
	done
	return 1
}

# out_dir_kind NAME: how a run's directory NAME is checked: "copies" (the
# expectations, *.txt files) or "run" (a release's or an architecture's own
# run, qemu-R and arch-A); status 1 for a directory no run makes.
out_dir_kind() {
	local arch
	[[ $1 == expectations ]] && { echo copies; return 0; }
	[[ $1 =~ ^qemu-[0-9][0-9.]*$ ]] && { echo run; return 0; }
	for arch in "${ARCH_NAMES[@]}"; do
		[[ $1 == "arch-$arch" ]] && { echo run; return 0; }
	done
	return 1
}

# out_foreign DIR [KIND [PREFIX]]: prints the first entry of DIR, at any
# depth, that no run writes (its path below DIR); status 1 when none.
out_foreign() {
	local dir=$1 kind=${2:-run} prefix=${3:-} entry name sub
	local -a entries
	shopt -s nullglob dotglob
	entries=("$dir"/*)
	shopt -u nullglob dotglob
	for entry in ${entries[@]+"${entries[@]}"}; do
		name=${entry##*/}
		if [[ -L $entry ]]; then
			:
		elif [[ -d $entry && $kind == run ]] && sub=$(out_dir_kind "$name"); then
			out_foreign "$entry" "$sub" "$prefix$name/" && return 0
			continue
		elif [[ -f $entry && $kind == run ]] && out_file_owned "$name"; then
			continue
		elif [[ -f $entry && $kind == copies && $name == *.txt ]]; then
			continue
		fi
		printf '%s\n' "$prefix$name"
		return 0
	done
	return 1
}

# out_check DIR: stops the run when DIR is not a directory a run could have
# written (--out . in a checkout, a mistyped path), or holds the catalog the
# report is to be made with (FAULTLINE_CATALOG): nothing is removed.
out_check() {
	local foreign dir
	[[ ! -e $1 || -d $1 ]] || die 2 "--out: $1 is not a directory"
	[[ -d $1 ]] || return 0
	dir=$(realpath -- "$1")
	if [[ -n ${FAULTLINE_CATALOG:-} && $(realpath -m -- "$FAULTLINE_CATALOG") == "$dir"/* ]]; then
		die 2 "--out: FAULTLINE_CATALOG ($FAULTLINE_CATALOG) is inside $1, which a run empties: copy it elsewhere"
	fi
	if foreign=$(out_foreign "$1"); then
		die 2 "--out: $1 holds $foreign, which no run writes; name an empty or new directory, or one a run wrote"
	fi
}

# out_clear DIR [KEEP...]: creates DIR, or removes an earlier run's files
# from it but the entries named KEEP (a matrix's runs of this time).
out_clear() {
	local dir=$1 entry
	local -a entries gone=()
	shift
	out_check "$dir"
	mkdir -p -- "$dir" || die 2 "--out: cannot create $dir"
	shopt -s nullglob dotglob
	entries=("$dir"/*)
	shopt -u nullglob dotglob
	for entry in ${entries[@]+"${entries[@]}"}; do
		[[ " $* " == *" ${entry##*/} "* ]] || gone+=("$entry")
	done
	((${#gone[@]} == 0)) || rm -rf -- "${gone[@]}" || die 2 "--out: cannot empty $dir"
}
