# shellcheck shell=bash
# --qemu-release: the suite on QEMU releases from Debian's archive
# (scripts/qemu-release.sh fetches and caches them).  One release becomes
# the run's --qemu; several (a comma list, or all) run run.sh once each,
# with --out DIR/qemu-<release> when --out DIR is given, and DIR gets the
# implementation matrix: a report whose columns are release/variant.
# Needs util.sh.
# Sets OPT_QEMU; reads OPT_OUT, OPT_QEMU, OPT_LIST.

# release_names SPEC: the releases SPEC names ("all": every known one).
release_names() {
	local spec=$1 name
	local -a known names
	mapfile -t known < <("$ROOT/scripts/qemu-release.sh" releases)
	if [[ $spec == all ]]; then
		printf '%s\n' "${known[@]}"
		return 0
	fi
	IFS=, read -r -a names <<<"$spec"
	for name in "${names[@]}"; do
		if [[ " ${known[*]} " != *" $name "* ]]; then
			printf 'run.sh: unknown QEMU release %s (known: %s, all)\n' "'$name'" "${known[*]}" >&2
			return 2
		fi
		printf '%s\n' "$name"
	done
}

# release_path RELEASE: the release's QEMU wrapper for the guest's
# architecture (GUEST_ARCH), fetched when not cached.
release_path() {
	"$ROOT/scripts/qemu-release.sh" path "$1" "${GUEST_ARCH:-x86_64}" ||
		die 2 "QEMU $1 is not available (scripts/qemu-release.sh path $1 says why above)"
}

# release_dispatch SPEC ARGS...: ARGS are run.sh's own.  One release: sets
# OPT_QEMU and returns.  Several: runs run.sh per release without
# --qemu-release and exits with the worst status.
release_dispatch() {
	local spec=$1 name status=0 one list
	local -a names args=() ran=()
	shift
	list=$(release_names "$spec") || exit 2
	mapfile -t names <<<"$list"
	((${#names[@]} > 0)) || exit 2
	[[ -z $OPT_QEMU ]] || usage_error "--qemu and --qemu-release exclude each other"
	if ((${#names[@]} == 1)); then
		OPT_QEMU=$(release_path "${names[0]}")
		return 0
	fi
	while (($# > 0)); do
		case $1 in
		--qemu-release | --out) shift ;;
		--qemu-release=* | --out=*) ;;
		*) args+=("$1") ;;
		esac
		shift
	done
	for name in "${names[@]}"; do
		printf '# QEMU release %s\n' "$name"
		one=0
		"$ROOT/run.sh" "${args[@]}" --qemu "$(release_path "$name")" \
			${OPT_OUT:+--out "$OPT_OUT/qemu-$name"} || one=$?
		((one > status)) && status=$one
		# Status 2: its setup failed, its directory is an earlier run's.
		((one >= 2)) || ran+=("$name")
	done
	if [[ -n $OPT_OUT ]]; then
		release_merge "$OPT_OUT" qemu- ${ran[@]+"${ran[@]}"} ||
			warn "no release matrix in $OPT_OUT (no release ran, or its report failed)"
	fi
	exit "$status"
}

# release_merge DIR PREFIX NAME...: DIR/results.tap holds the subtests of
# every run DIR/PREFIX<NAME> (qemu-<release>, arch-<arch>) as
# "<NAME>/<variant>", so that DIR's report has one matrix column per
# release (or architecture) and variant, each with its QEMU command line;
# then DIR's manifest (scripts/bundle.sh).  NAMEs are the runs that got past
# their setup; the rest of DIR, an earlier run's, goes first.  Status 1,
# DIR as it was, when no run did.
release_merge() {
	local dir=$1 prefix=$2 name
	local -a files=() versions=() keep=()
	shift 2
	for name in "$@"; do
		[[ -r $dir/$prefix$name/results.tap ]] || continue
		files+=("$dir/$prefix$name/results.tap")
		versions+=("$name: $(sed -n 's/^qemu-version\t//p' "$dir/$prefix$name/environment.txt" 2>/dev/null)")
		keep+=("$prefix$name")
	done
	((${#files[@]} > 0)) || return 1
	out_clear "$dir" "${keep[@]}"
	awk -v sep="/$prefix" 'FNR == 1 { split(FILENAME, p, sep); r = p[length(p)]; sub("/results.tap$", "", r) }
	     /^TAP version / { if (!head++) print; next }
	     /^1\.\.[0-9]+$/ { next }
	     /^# Subtest: / { print "# Subtest: " r "/" substr($0, 12); next }
	     /^(not )?ok [0-9]+ - / { v = $0; sub(/^(not )?ok [0-9]+ - /, "", v)
		print (/^not / ? "not ok " : "ok ") ++n " - " r "/" v; next }
	     { print }
	     END { print "1.." n }' "${files[@]}" >"$dir/results.tap"
	{
		printf 'qemu\t%s\n' "one run per ${prefix%-} (see each column's command line)"
		printf 'qemu-version\t%s' "${versions[0]}"
		printf '; %s' "${versions[@]:1}"
		printf '\n'
		sed -n '/^\(accel\|machine\|cpus\|date\|faultline\)\t/p' "${files[0]%/results.tap}/environment.txt"
	} >"$dir/environment.txt"
	"$ROOT/scripts/report-files.sh" "$dir" || return 1
	# One manifest over the matrix and every run's files below it: the
	# directory is handed in, and checked, as one bundle.
	"$ROOT/scripts/bundle.sh" write "$dir" || warn "no manifest in $dir (scripts/bundle.sh says why above)"
}

# release_list: "release R (Debian SUITE) [cached PATH]" for --list.
release_list() {
	"$ROOT/scripts/qemu-release.sh" list "${GUEST_ARCH:-x86_64}"
}
