#!/usr/bin/env bash
# A result bundle that a reviewer can check: the --out directory of a run.
#   scripts/bundle.sh write DIR    copies into DIR what the report was made
#       with (catalog.txt, expectations/, revision.txt), then writes
#       DIR/MANIFEST.sha256: the SHA-256 of every other file in DIR, in
#       sha256sum's format, sorted by path (run.sh --out calls it)
#   scripts/bundle.sh verify DIR   (./run.sh --verify DIR) recomputes every
#       digest and re-derives the report files from DIR/results.tap with
#       scripts/report-files.sh, and lists every difference
# This proves the files agree with each other and with the manifest; it is
# not a signature (README, "Checking a handed-in result").
#   FAULTLINE_CATALOG=FILE   the catalog the run's report used (as for
#                            report-files.sh; default spec-checks/catalog.txt)
# Exit status: 0 written / verified, 1 does not verify, 2 usage or I/O error.
set -euo pipefail

HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd -- "$HERE/.." && pwd)
MANIFEST=MANIFEST.sha256
REPORTS=(report.md report.html junit.xml)
# Without these a bundle cannot be checked at all.
REQUIRED=(results.tap environment.txt catalog.txt revision.txt)

say() {
	printf 'bundle: %s\n' "$*" >&2
}

# tell MSG: a line of verify's answer (stdout).
tell() {
	printf 'bundle: %s\n' "$*"
}

usage() {
	printf 'usage: %s write DIR | verify DIR\n' "$0" >&2
	exit 2
}

# manifest DIR: the manifest of DIR's files as they are now: one
# "<sha256>  <path>" line per regular file but the manifest, paths relative
# to DIR, in byte order (a glob in the C locale: one process, where find,
# sort and xargs were three more).
manifest() {
	(
		cd -- "$1" || exit 2
		shopt -s globstar dotglob nullglob
		LC_ALL=C
		local f
		local -a files=()
		for f in **; do
			if [[ -f $f && ! -L $f && $f != "$MANIFEST" ]]; then
				files+=("$f")
			fi
		done
		((${#files[@]} == 0)) || exec sha256sum -- "${files[@]}"
	)
}

# revision: the commit of this checkout, and whether its files differ from it
# (then with the digest of the difference, so that two dirty runs compare).
# One git status tells both (--no-optional-locks: a run writes nothing in the
# checkout); the difference is hashed only when there is one.
revision() {
	local out line commit='' changed=0 untracked=0 diff
	out=$(git -C "$ROOT" --no-optional-locks status --porcelain=v2 --branch -uall 2>/dev/null) || out=''
	while IFS= read -r line; do
		case $line in
		'# branch.oid '*) commit=${line#'# branch.oid '} ;;
		'? '*) untracked=$((untracked + 1)) ;;
		[12u]' '*) changed=$((changed + 1)) ;;
		esac
	done <<<"$out"
	if [[ ! $commit =~ ^[0-9a-f]{40,64}$ ]]; then
		printf 'commit\tunknown (not a git checkout)\n'
		return 0
	fi
	printf 'commit\t%s\n' "$commit"
	if ((changed == 0 && untracked == 0)); then
		printf 'tree\tclean\n'
		return 0
	fi
	diff=$(git -C "$ROOT" diff HEAD --binary 2>/dev/null | sha256sum) || diff=
	printf 'tree\tmodified (git diff HEAD sha256 %s, %d untracked files)\n' "${diff%% *}" "$untracked"
}

bundle_write() {
	local dir=$1 catalog text
	local -a lines
	catalog=${FAULTLINE_CATALOG:-$ROOT/spec-checks/catalog.txt}
	[[ -d $dir ]] || { say "$dir is not a directory" && exit 2; }
	[[ -r $catalog ]] || { say "cannot read the catalog $catalog" && exit 2; }
	# What the run used, copied even when present: an older run may have left them.
	cp -- "$catalog" "$dir/catalog.txt"
	rm -rf -- "$dir/expectations"
	mkdir -p -- "$dir/expectations"
	cp -- "$ROOT"/expectations/*.txt "$dir/expectations/"
	revision >"$dir/revision.txt"
	text=$(manifest "$dir")
	printf '%s\n' "$text" >"$dir/.$MANIFEST.tmp"
	mv -f -- "$dir/.$MANIFEST.tmp" "$dir/$MANIFEST"
	mapfile -t lines <<<"$text"
	say "$dir/$MANIFEST: ${#lines[@]} files, manifest sha256 $(digest "$dir/$MANIFEST")"
}

digest() {
	local d
	d=$(sha256sum -- "$1")
	printf '%s\n' "${d%% *}"
}

# PROBLEMS: what verify found, one line each; PROBLEM_IN names the run
# directory of a matrix being checked ("qemu-10.0/: ").
PROBLEMS=()
PROBLEM_IN=''
problem() {
	PROBLEMS+=("$PROBLEM_IN$*")
}

# check_digests DIR: the manifest against the files, line by line, by name.
check_digests() {
	local dir=$1 line n=0 name sum
	local -A listed=() now=()
	local fresh
	fresh=$(manifest "$dir")
	while IFS= read -r line; do
		[[ -z $line ]] || now[${line#*  }]=${line%%  *}
	done <<<"$fresh"
	while IFS= read -r line || [[ -n $line ]]; do
		n=$((n + 1))
		if [[ ! $line =~ ^([0-9a-f]{64})\ \ (.+)$ ]] || [[ -n ${listed[${BASH_REMATCH[2]}]:-} ]]; then
			problem "manifest line $n is malformed or repeated: $line"
			continue
		fi
		sum=${BASH_REMATCH[1]} name=${BASH_REMATCH[2]}
		listed[$name]=$sum
		if [[ -z ${now[$name]:-} ]]; then
			problem "missing: $name (listed in the manifest, not in the directory)"
		elif [[ ${now[$name]} != "$sum" ]]; then
			problem "changed: $name (the manifest says ${sum:0:16}..., the file is ${now[$name]:0:16}...)"
		fi
	done <"$dir/$MANIFEST"
	for name in "${!now[@]}"; do
		[[ -n ${listed[$name]:-} ]] || problem "extra: $name (in the directory, not in the manifest)"
	done
	# Same entries, other bytes (order, a line added twice...): still an edit.
	if ((${#PROBLEMS[@]} == 0)) && ! cmp -s -- "$dir/$MANIFEST" <(printf '%s\n' "$fresh"); then
		problem "manifest: not as bundle.sh writes it (line order or spacing edited)"
	fi
}

# check_required DIR: the files a bundle cannot do without, and nothing
# but regular files and directories.
check_required() {
	local dir=$1 f odd
	for f in "${REQUIRED[@]}"; do
		[[ -f $dir/$f ]] || problem "missing: $f (every bundle has one)"
	done
	odd=$(cd -- "$dir" && find . ! -type f ! -type d -printf '%P\n')
	[[ -z $odd ]] || problem "not a regular file: ${odd//$'\n'/, }"
}

# check_report DIR: the report files as report-files.sh makes them from
# DIR/results.tap, DIR/environment.txt and DIR/catalog.txt.
check_report() {
	local dir=$1 tmp f line status=0
	[[ -f $dir/results.tap ]] || return 0
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/faultline-verify.XXXXXX")
	cp -- "$dir/results.tap" "$tmp/"
	[[ ! -f $dir/environment.txt ]] || cp -- "$dir/environment.txt" "$tmp/"
	FAULTLINE_CATALOG=$dir/catalog.txt "$HERE/report-files.sh" "$tmp" >"$tmp/log" 2>&1 || status=$?
	if ((status != 0)); then
		problem "report: report-files.sh failed on results.tap: $(head -n 1 "$tmp/log")"
	fi
	for f in "${REPORTS[@]}"; do
		if [[ ! -f $dir/$f ]]; then
			problem "report: $f is missing"
		elif ((status == 0)) && ! cmp -s -- "$tmp/$f" "$dir/$f"; then
			line=$(diff -- "$tmp/$f" "$dir/$f" | head -n 1) || true
			problem "report: $f is not what results.tap gives (they differ from line ${line%%[acd,]*})"
		fi
	done
	rm -rf -- "$tmp"
}

# note_revision DIR: a report generator that changed since the bundle was
# written re-derives another report: say so, it is not the bundle's fault.
note_revision() {
	local want have
	want=$(sed -n 's/^commit\t//p' "$1/revision.txt" 2>/dev/null) || want=
	have=$(git -C "$ROOT" rev-parse HEAD 2>/dev/null) || have=unknown
	if [[ -n $want && $want != "$have" ]]; then
		tell "note: written by faultline $want, checked with $have: verify with the bundle's commit" \
			"when the report files differ"
	fi
}

# check_runs DIR PREFIX: each run of a matrix (run.sh --qemu-release or
# --arch with several: qemu-R/, arch-A/, each with a manifest of its own)
# checked as the bundle it is; the top's manifest already covers its bytes,
# this re-derives its report and checks its own manifest.
check_runs() {
	local sub name
	for sub in "$1"/qemu-* "$1"/arch-*; do
		[[ -f $sub/$MANIFEST ]] || continue
		name=$2${sub##*/}/
		PROBLEM_IN="$name: "
		check_required "$sub"
		check_digests "$sub"
		check_report "$sub"
		check_runs "$sub" "$name"
	done
	PROBLEM_IN=''
}

bundle_verify() {
	local dir=$1 p
	[[ -d $dir ]] || { say "$dir is not a directory" && exit 2; }
	if [[ ! -f $dir/$MANIFEST ]]; then
		tell "$dir: no $MANIFEST: not a bundle (written by ./run.sh --out)"
		exit 1
	fi
	check_required "$dir"
	check_digests "$dir"
	check_report "$dir"
	check_runs "$dir" ''
	note_revision "$dir"
	for p in "${PROBLEMS[@]}"; do
		printf "%s\n" "$p"
	done
	if ((${#PROBLEMS[@]} > 0)); then
		tell "$dir: does not verify: ${#PROBLEMS[@]} difference(s)"
		exit 1
	fi
	tell "$dir: verified: $(wc -l <"$dir/$MANIFEST") files match $MANIFEST" \
		"(sha256 $(digest "$dir/$MANIFEST")), and the report follows from results.tap"
}

main() {
	(($# == 2)) || usage
	case $1 in
	write) bundle_write "$2" ;;
	verify) bundle_verify "$2" ;;
	*) usage ;;
	esac
}

main "$@"
