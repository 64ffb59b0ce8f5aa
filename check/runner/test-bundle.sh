#!/usr/bin/env bash
# The checkable bundle (scripts/bundle.sh): --verify passes on a fresh
# bundle made from the canned run in check/report/, and fails, naming the
# file, on a one-byte edit of results.tap, of a console log, of a report
# file and of the manifest, on a missing and on an extra file; run.sh --out
# writes the manifest and run.sh --verify checks it.
# shellcheck source=check/runner/testlib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/testlib.sh"

FIX=$T_ROOT/check/report
BUNDLE=$T_ROOT/scripts/bundle.sh
export FAULTLINE_CATALOG=$FIX/catalog.txt

# fresh NAME: a bundle as run.sh --out leaves it, from the canned run, in
# $T_TMP/NAME; prints its path.  Made once, then copied: a copy verifies as
# the original does (the manifest's paths are relative).
fresh() {
	local dir=$T_TMP/$1 tpl=$T_TMP/template
	if [[ ! -d $tpl ]]; then
		mkdir -p -- "$tpl"
		cp -- "$FIX/results.tap" "$FIX/environment.txt" "$tpl/"
		printf 'SeaBIOS\nfaultline guest\n' >"$tpl/console-default-1.log"
		"$T_ROOT/scripts/report-files.sh" "$tpl"
		"$BUNDLE" write "$tpl" 2>/dev/null
	fi
	cp -R -- "$tpl" "$dir"
	printf '%s\n' "$dir"
}

# verify DIR: sets V_STATUS and V_OUT (a file: what verify printed).
verify() {
	V_OUT=$T_TMP/verify.out V_STATUS=0
	"$BUNDLE" verify "$1" >"$V_OUT" 2>&1 || V_STATUS=$?
}

# flip FILE OFFSET: changes the one byte at OFFSET to another value, a hex
# digit to another hex digit (so that a digest stays well-formed).
flip() {
	local byte next
	byte=$(od -An -tu1 -j "$2" -N 1 -- "$1" | tr -d ' ')
	case $byte in
	57) next=97 ;;                        # 9 -> a
	102) next=48 ;;                       # f -> 0
	*) next=$(((byte + 1) % 256)) ;;
	esac
	# shellcheck disable=SC2059 # the octal escape is the format
	printf "\\$(printf '%03o' "$next")" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# sha256sum_c DIR: what a reviewer without faultline can run.
sha256sum_c() {
	(cd -- "$1" && sha256sum --quiet --strict -c MANIFEST.sha256)
}

test_fresh() {
	local dir
	dir=$(fresh ok)
	verify "$dir"
	t_is "fresh bundle: verifies (exit 0)" "$V_STATUS" 0
	t_ok "fresh bundle: says verified" grep -q ': verified: ' "$V_OUT"
	t_ok "fresh bundle: a manifest sha256sum -c accepts" sha256sum_c "$dir"
	t_ok "fresh bundle: the catalog used is in it" cmp -s "$dir/catalog.txt" "$FIX/catalog.txt"
	t_ok "fresh bundle: the expectations are in it" test -f "$dir/expectations/qemu-7.2.txt"
	t_ok "fresh bundle: revision.txt names a commit" grep -qE '^commit	([0-9a-f]{40}|unknown)' "$dir/revision.txt"
	t_ok "fresh bundle: every file is in the manifest" test "$(wc -l <"$dir/MANIFEST.sha256")" -eq \
		"$(find "$dir" -type f ! -name MANIFEST.sha256 | wc -l)"
}

# edited DESC FILE REGEX [OFFSET]: one byte of FILE (at OFFSET, default the
# middle) changed in a fresh bundle; verify must exit 1 and print a line
# matching REGEX.
edited() {
	local desc=$1 file=$2 want=$3 offset=${4:-} dir
	dir=$(fresh "edit-${file//\//-}-$offset")
	[[ -n $offset ]] || offset=$(($(wc -c <"$dir/$file") / 2))
	flip "$dir/$file" "$offset"
	verify "$dir"
	t_is "one byte of $desc edited: exit 1" "$V_STATUS" 1
	if grep -qE -- "$want" "$V_OUT"; then
		t_pass "one byte of $desc edited: says what differs"
	else
		t_fail "one byte of $desc edited: says what differs" "no line like: $want" "$(cat "$V_OUT")"
	fi
}

test_edits() {
	local check
	# The "n" of the first failed check: the report must change too.
	check=$(grep -b -m 1 '^    not ok ' "$FIX/results.tap" | cut -d: -f1)
	edited results.tap results.tap '^changed: results.tap [(]the manifest says' $((check + 4))
	t_ok "one byte of results.tap edited: the re-derived report differs too" \
		grep -q '^report: report.md is not what results.tap gives' "$V_OUT"
	edited "a console log" console-default-1.log '^changed: console-default-1.log ' 3
	edited report.md report.md '^changed: report.md '
	t_ok "one byte of report.md edited: it is not what results.tap gives" \
		grep -q '^report: report.md is not what results.tap gives' "$V_OUT"
	edited "the catalog" catalog.txt '^changed: catalog.txt '
	edited "an expectations file" expectations/qemu-7.2.txt '^changed: expectations/qemu-7.2.txt '
	# The manifest's first line is catalog.txt's: a digest, two spaces, the name.
	edited "the manifest (a digest)" MANIFEST.sha256 '^changed: catalog.txt ' 5
	t_is "one byte of the manifest edited: only that file is named" "$(grep -c '' "$V_OUT")" 2
	edited "the manifest (a name)" MANIFEST.sha256 '^extra: catalog.txt [(]in the directory, not in the manifest[)]$' 66
	t_ok "a name edited in the manifest: the listed name is missing" grep -q '^missing: datalog.txt ' "$V_OUT"
	edited "the manifest (the separator)" MANIFEST.sha256 '^manifest line 1 is malformed' 64
}

test_files() {
	local dir
	dir=$(fresh missing)
	rm -- "$dir/console-default-1.log"
	verify "$dir"
	t_is "a file removed: exit 1" "$V_STATUS" 1
	t_has_line "a file removed: named" "$V_OUT" \
		'missing: console-default-1.log (listed in the manifest, not in the directory)'
	dir=$(fresh extra)
	printf 'late\n' >"$dir/console-default-2.log"
	verify "$dir"
	t_is "a file added: exit 1" "$V_STATUS" 1
	t_has_line "a file added: named" "$V_OUT" \
		'extra: console-default-2.log (in the directory, not in the manifest)'
	dir=$(fresh reordered)
	sort -r -o "$dir/MANIFEST.sha256" "$dir/MANIFEST.sha256"
	verify "$dir"
	t_is "manifest lines reordered: exit 1" "$V_STATUS" 1
	dir=$(fresh nomanifest)
	rm -- "$dir/MANIFEST.sha256"
	verify "$dir"
	t_is "no manifest: exit 1" "$V_STATUS" 1
	t_ok "no manifest: says so" grep -q 'no MANIFEST.sha256: not a bundle' "$V_OUT"
	verify "$T_TMP/no-such-dir"
	t_is "not a directory: exit 2" "$V_STATUS" 2
}

# A consistent rewrite (every digest recomputed) passes: what the manifest
# cannot prove, as README says.  Here so that the limit stays known.
test_rewrite() {
	local dir
	dir=$(fresh rewrite)
	sed -i 's/^    not ok 3 /    ok 3 /' "$dir/results.tap"
	"$T_ROOT/scripts/report-files.sh" "$dir"
	"$BUNDLE" write "$dir" 2>/dev/null
	verify "$dir"
	t_is "results.tap edited, report and manifest remade: verifies (no signature)" "$V_STATUS" 0
}

test_run_sh() {
	run_fake fail guest
	t_ok "run.sh --out: writes MANIFEST.sha256" test -s "$R_DIR/MANIFEST.sha256"
	V_OUT=$T_TMP/run-verify.out V_STATUS=0
	"$T_ROOT/run.sh" --verify "$R_DIR" >"$V_OUT" 2>&1 || V_STATUS=$?
	t_is "run.sh --verify on run.sh --out: exit 0" "$V_STATUS" 0
	flip "$R_DIR/console-default-1.log" 0
	V_STATUS=0
	"$T_ROOT/run.sh" --verify "$R_DIR" >"$V_OUT" 2>&1 || V_STATUS=$?
	t_is "run.sh --verify after a console log edit: exit 1" "$V_STATUS" 1
	t_ok "run.sh --verify after a console log edit: names it" grep -q '^changed: console-default-1.log ' "$V_OUT"
}

# revision.txt in a checkout of its own: a copy of bundle.sh in a scratch
# git repository, clean, then with a tracked file changed, then with a file
# git does not know; outside git, "unknown".
test_revision() {
	local repo=$T_TMP/repo out=$T_TMP/rev commit
	mkdir -p "$repo/scripts" "$repo/expectations" "$out"
	cp -- "$BUNDLE" "$repo/scripts/"
	cp -- "$FIX/results.tap" "$out/"
	printf 'x\n' >"$repo/expectations/qemu-7.2.txt"
	git -C "$repo" init -q
	git -C "$repo" add -A
	git -C "$repo" -c user.name=t -c user.email=t@t commit -qm t
	commit=$(git -C "$repo" rev-parse HEAD)
	"$repo/scripts/bundle.sh" write "$out" 2>/dev/null
	t_is "revision: a clean checkout" "$(<"$out/revision.txt")" $'commit\t'"$commit"$'\ntree\tclean'
	printf 'y\n' >>"$repo/expectations/qemu-7.2.txt"
	"$repo/scripts/bundle.sh" write "$out" 2>/dev/null
	t_has_line "revision: a changed file, with the digest of the difference" "$out/revision.txt" \
		"tree	modified (git diff HEAD sha256 $(git -C "$repo" diff HEAD --binary | sha256sum | cut -d' ' -f1), 0 untracked files)"
	git -C "$repo" checkout -q -- expectations
	: >"$repo/new-file"
	"$repo/scripts/bundle.sh" write "$out" 2>/dev/null
	t_has_line "revision: an untracked file counts" "$out/revision.txt" \
		"tree	modified (git diff HEAD sha256 $(: | sha256sum | cut -d' ' -f1), 1 untracked files)"
	rm -rf "$repo/.git"
	"$repo/scripts/bundle.sh" write "$out" 2>/dev/null
	t_is "revision: outside git" "$(<"$out/revision.txt")" $'commit\tunknown (not a git checkout)'
}

test_fresh
test_edits
test_files
test_rewrite
test_run_sh
test_revision
t_done
