#!/usr/bin/env bash
# scripts/compare.sh DIR1 DIR2 (also ./run.sh --compare DIR1 DIR2): what
# changed from the run in DIR1 to the run in DIR2, read off their
# results.tap.  A check is known by its subtest and its description (the
# directive left out), so renumbering does not count as a change.  Prints:
#   new failures      not ok in DIR2, and ok (or absent) in DIR1
#   fixed             not ok in DIR1, ok in DIR2
#   changed verdicts  other changes among pass, warn, info, skip
#   new coverage      statement IDs seen in DIR2 and not in DIR1
#   lost coverage     statement IDs seen in DIR1 and not in DIR2
#   new checks / checks gone
# then a count line.  Exit status: 1 when there is a new failure, 0 when
# not, 2 on a usage error or an unreadable results.tap.
set -euo pipefail

main() {
	local a b
	if (($# != 2)); then
		printf 'usage: %s DIR1 DIR2   (compares DIR1/results.tap with DIR2/results.tap)\n' "$0" >&2
		return 2
	fi
	a=$1/results.tap b=$2/results.tap
	for f in "$a" "$b"; do
		if [[ ! -r $f ]]; then
			printf 'compare: cannot read %s\n' "$f" >&2
			return 2
		fi
	done
	LC_ALL=C awk -v A="$a" -v B="$b" '
	function parse(l, f,    k, c, ids, i, n, part) {
		c = (l ~ /^not ok/) ? "fail" : "pass"
		sub(/^(not )?ok( +[0-9]+)?( +-)? */, "", l)
		if (match(l, / #[ \t]*(SKIP|WARN|INFO)([ \t]|$)/)) {
			if (c == "pass") {
				part = substr(l, RSTART)
				c = (part ~ /SKIP/) ? "skip" : (part ~ /WARN/) ? "warn" : "info"
			}
			l = substr(l, 1, RSTART - 1)
		}
		k = cur SUBSEP l
		# The same description twice in a subtest: the second is "... (2)".
		occ[f, k]++
		if (occ[f, k] > 1) k = k " (" occ[f, k] ")"
		if (!((f, k) in cls)) { order[f, ++nk[f]] = k }
		cls[f, k] = c
		if (match(l, /\[[A-Z][A-Z0-9-]*(,[ ]*[A-Z][A-Z0-9-]*)*\]$/)) {
			n = split(substr(l, RSTART + 1, RLENGTH - 2), ids, ",")
			for (i = 1; i <= n; i++) {
				gsub(/ /, "", ids[i])
				if (!((f, ids[i]) in idseen)) { idseen[f, ids[i]] = cur; idorder[f, ++nid[f]] = ids[i] }
			}
		}
	}
	function show(k,    s) {
		s = k; sub(SUBSEP, ": ", s)
		return s
	}
	FNR == 1 { f = (FILENAME == A && !done_a) ? 1 : 2; if (f == 1) done_a = 1; cur = "(run)"; ended = "" }
	{
		line = $0
		inner = (substr(line, 1, 4) == "    ")
		if (inner) line = substr(line, 5)
		if (!inner && line ~ /^# Subtest: /) { cur = substr(line, 12); ended = ""; next }
		if (inner && line ~ /^1\.\./) { ended = cur; next }
		if (line !~ /^(not )?ok/) next
		if (!inner) {
			d = line; sub(/^(not )?ok( +[0-9]+)?( +-)? */, "", d)
			if (ended != "" && d == ended) { ended = ""; next }
			cur = "(run)"
		}
		parse(line, f)
	}
	END {
		split("fail fixed changed newcov lostcov added gone", kinds, " ")
		for (i = 1; i <= nk[2]; i++) {
			k = order[2, i]; c2 = cls[2, k]
			if (!((1, k) in cls)) {
				if (c2 == "fail") out["fail", ++cnt["fail"]] = "  not ok  " show(k) "  (new check)"
				out["added", ++cnt["added"]] = "  " c2 "  " show(k)
				continue
			}
			c1 = cls[1, k]
			if (c1 == c2) continue
			if (c2 == "fail") out["fail", ++cnt["fail"]] = "  not ok  " show(k) "  (was " c1 ")"
			else if (c1 == "fail") out["fixed", ++cnt["fixed"]] = "  " c2 "  " show(k) "  (was not ok)"
			else out["changed", ++cnt["changed"]] = "  " c1 " -> " c2 "  " show(k)
		}
		for (i = 1; i <= nk[1]; i++) {
			k = order[1, i]
			if (!((2, k) in cls)) out["gone", ++cnt["gone"]] = "  " cls[1, k] "  " show(k)
		}
		for (i = 1; i <= nid[2]; i++) {
			id = idorder[2, i]
			if (!((1, id) in idseen)) out["newcov", ++cnt["newcov"]] = "  " id "  (" idseen[2, id] ")"
		}
		for (i = 1; i <= nid[1]; i++) {
			id = idorder[1, i]
			if (!((2, id) in idseen)) out["lostcov", ++cnt["lostcov"]] = "  " id
		}
		title["fail"] = "new failures"; title["fixed"] = "fixed"; title["changed"] = "changed verdicts"
		title["newcov"] = "new coverage (statement IDs)"; title["lostcov"] = "lost coverage (statement IDs)"
		title["added"] = "new checks"; title["gone"] = "checks gone"
		printf "compare: %s (%d checks) -> %s (%d checks)\n", A, nk[1], B, nk[2]
		for (j = 1; j <= 7; j++) {
			t = kinds[j]
			printf "%s: %d\n", title[t], cnt[t]
			for (i = 1; i <= cnt[t]; i++) print out[t, i]
		}
		printf "%d new failures, %d fixed, %d changed, %d newly covered, %d no longer covered\n", \
			cnt["fail"], cnt["fixed"], cnt["changed"], cnt["newcov"], cnt["lostcov"]
		exit cnt["fail"] > 0
	}' "$a" "$b"
}

main "$@"
