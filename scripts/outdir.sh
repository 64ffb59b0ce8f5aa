# shellcheck shell=bash
# The --out directory holds one run: a handed-in bundle whose manifest also
# covered an earlier run's console logs, boots.tsv rows (appended) and
# driver traces (named by PID) would mix two runs' evidence.  Sourced by
# run.sh; needs die (scripts/util.sh).

# A run's own entries at the top of DIR (release and arch runs add their
# qemu-R and arch-A directories; .*.tmp are files being replaced).
OUT_ENTRIES=(MANIFEST.sha256 boots.tsv catalog.txt 'console-*.log' environment.txt
	expectations junit.xml report.html report.md results.tap revision.txt
	'serial-*.log' timings.tsv 'trace-host-vfio*' 'qemu-*' 'arch-*' '.*.tmp')

# out_owned NAME: whether NAME is an entry a run writes.
out_owned() {
	local pattern
	for pattern in "${OUT_ENTRIES[@]}"; do
		# shellcheck disable=SC2254 # the patterns are globs
		case $1 in $pattern) return 0 ;; esac
	done
	return 1
}

# out_prepare DIR: creates DIR, or empties it of an earlier run's entries.
# An entry no run writes means DIR is not a results directory (--out .,
# a typo for another directory): nothing is removed and the run stops.
out_prepare() {
	local dir=$1 entry
	local -a entries=()
	mkdir -p -- "$dir" || die 2 "--out: cannot create $dir"
	shopt -s nullglob dotglob
	entries=("$dir"/*)
	shopt -u nullglob dotglob
	for entry in ${entries[@]+"${entries[@]}"}; do
		out_owned "${entry##*/}" ||
			die 2 "--out: $dir holds ${entry##*/}, which no run writes; name an empty or new directory, or one a run wrote"
	done
	((${#entries[@]} == 0)) || rm -rf -- "${entries[@]}" || die 2 "--out: cannot empty $dir"
}
