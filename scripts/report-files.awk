# The report files of one run, from its results.tap (scripts/report-files.sh
# passes the files and the variables).  Reads, in this order:
#   ENVFILE     "key<TAB>value" lines written by run.sh (may be /dev/null)
#   CATALOG     spec-checks/catalog.txt: ID, level, section, tested, statement
#               (may be /dev/null: the matrix then lists only the IDs seen)
#   results.tap the merged stream (README.md: "What ./run.sh prints")
# and writes MD, JUNIT and HTML.
#
# A statement's verdict in one subtest is the worst of its checks there:
# fail > warn > info > pass > skip.  A statement seen nowhere is "untested"
# when a test could observe it, and "not testable" when the catalog says it
# is the driver's own obligation (self) or not observable by any test.

BEGIN {
	FS = "\t"
	rank["skip"] = 1; rank["pass"] = 2; rank["info"] = 3; rank["warn"] = 4; rank["fail"] = 5
	word["skip"] = "skip"; word["pass"] = "pass"; word["info"] = "information"
	word["warn"] = "warning"; word["fail"] = "fail"; word["untested"] = "untested"
	word["na"] = "not testable"
	nsub = 0; nchk = 0; ncat = 0; nsec = 0; nlev = 0; nextra = 0
	split("MUST,MUST NOT,SHOULD,SHOULD NOT,MAY,descriptive", lv, ",")
	for (i = 1; i in lv; i++) { levels[++nlev] = lv[i]; levseen[lv[i]] = 1 }
}

FILENAME == ENVFILE { env[$1] = $2; next }

FILENAME == CATALOG {
	if ($0 ~ /^[ \t]*(#|$)/ || NF < 5) next
	id = $1
	if (id in cat_level) next
	cat_ids[++ncat] = id
	cat_level[id] = $2; cat_tested[id] = $4; cat_text[id] = $5
	sec = section_of($3); cat_sec[id] = sec
	if (!(sec in secseen)) { secseen[sec] = 1; secs[++nsec] = sec }
	if (!($2 in levseen)) { levseen[$2] = 1; levels[++nlev] = $2 }
	next
}

# results.tap
{
	line = $0
	inner = 0
	if (substr(line, 1, 4) == "    ") { inner = 1; line = substr(line, 5) }
	if (!inner) {
		if (line ~ /^# accel: /) { accel = substr(line, 10); next }
		if (line ~ /^# Subtest: /) {
			cur = substr(line, 12); subs[++nsub] = cur; subidx[cur] = nsub
			ended = ""; last = 0; next
		}
		if (line ~ /^(not )?ok /) {
			parse_check(line)
			# The parent line of the subtest that just ended is not a check.
			if (ended != "" && c_desc == ended) { ended = ""; last = 0; next }
			cur = "(run)"
			if (!(cur in subidx)) { subs[++nsub] = cur; subidx[cur] = nsub }
			add_check(cur)
			next
		}
		if (line ~ /^#  +/ && last) { add_diag(line); next }
		last = 0
		next
	}
	if (line ~ /^1\.\.[0-9]+/) { ended = cur; last = 0; next }
	if (line ~ /^# qemu: / && !(cur in cmdline)) { cmdline[cur] = substr(line, 9); next }
	if (line ~ /^# kernel: /) { hostkernel = substr(line, 11); next }
	if (line ~ /^# faultline host-tests /) { hostver = substr(line, 24); next }
	if (line ~ /^# faultline conformance /) { guestver = substr(line, 25); next }
	if (line ~ /^(not )?ok /) { parse_check(line); add_check(cur); next }
	if (line ~ /^#  +/ && last) { add_diag(line); next }
	# The boots that started over: after a crash, or for a clean device.
	if (line ~ /^# (test [0-9]+ runs in a fresh VM|resuming from test [0-9]+ in a fresh VM)/)
		fresh[++nfresh] = cur ": " substr(line, 3)
	last = 0
}

# section_of SECTION: the group a catalog section falls in: "5.13.6.1", or for
# a source reference ("iommufd fault.c:393-442; main.c") its first file.
function section_of(s) {
	sub(/[:;].*$/, "", s)
	return s
}

# parse_check LINE: sets c_class, c_n, c_desc (no directive), c_dir, c_ids.
function parse_check(l,    m, d) {
	c_class = (l ~ /^not ok/) ? "fail" : "pass"
	sub(/^(not )?ok/, "", l)
	c_n = ""
	if (match(l, /^ +[0-9]+/)) { c_n = substr(l, RSTART, RLENGTH) + 0; l = substr(l, RLENGTH + 1) }
	sub(/^ +(- )?/, "", l)
	c_dir = ""
	if (match(l, / #[ \t]*(SKIP|WARN|INFO)([ \t]|$)/)) {
		d = substr(l, RSTART); l = substr(l, 1, RSTART - 1)
		sub(/^ #[ \t]*/, "", d)
		c_dir = d
		if (c_class == "pass") c_class = (d ~ /^SKIP/) ? "skip" : (d ~ /^WARN/) ? "warn" : "info"
	}
	c_desc = l
	c_ids = ""
	if (match(l, /\[[A-Z][A-Z0-9-]*(,[ ]*[A-Z][A-Z0-9-]*)*\]$/)) {
		c_ids = substr(l, RSTART + 1, RLENGTH - 2)
		gsub(/ /, "", c_ids)
	}
}

# add_check SUB: records the parsed check in subtest SUB.
function add_check(s,    n, ids, i, id, k) {
	nchk++
	ck_sub[nchk] = s; ck_n[nchk] = c_n; ck_class[nchk] = c_class
	ck_desc[nchk] = c_desc; ck_dir[nchk] = c_dir; ck_ids[nchk] = c_ids
	last = nchk
	cnt[s, c_class]++; cnt[s, "all"]++
	n = split(c_ids, ids, ",")
	for (i = 1; i <= n; i++) {
		id = ids[i]
		if (!(id in seen)) {
			seen[id] = 1
			if (!(id in cat_level)) extra[++nextra] = id
		}
		k = id SUBSEP s
		if (!(k in v) || rank[c_class] > rank[v[k]]) v[k] = c_class
		if (!(id in worst) || rank[c_class] > rank[worst[id]]) worst[id] = c_class
	}
}

function xml(s) {
	gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s)
	gsub(/"/, "\\&quot;", s)
	# XML 1.0 has no place for other control characters.
	gsub(/[\001-\010\013\014\016-\037]/, "?", s)
	return s
}

function mdcell(s) {
	gsub(/\|/, "\\|", s)
	gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s)
	return s
}

function envget(k, dflt) {
	return (k in env && env[k] != "") ? env[k] : dflt
}

# sec_before A B: whether section A sorts before B: numbered sections by their
# numbers ("2.7.4" < "5.13.3" < "5.13.6.1"), then the others as they came.
function sec_before(a, b,    na, nb, pa, pb, i) {
	if (a !~ /^[0-9]/ || b !~ /^[0-9]/) return (a ~ /^[0-9]/ && b !~ /^[0-9]/)
	na = split(a, pa, "."); nb = split(b, pb, ".")
	for (i = 1; i <= na && i <= nb; i++)
		if (pa[i] + 0 != pb[i] + 0) return pa[i] + 0 < pb[i] + 0
	return na < nb
}

# sort_sections: secs[] in sec_before order (insertion sort: a few dozen).
function sort_sections(    i, j, t) {
	for (i = 2; i <= nsec; i++) {
		t = secs[i]
		for (j = i - 1; j >= 1 && sec_before(t, secs[j]); j--) secs[j + 1] = secs[j]
		secs[j + 1] = t
	}
}

# The rows of the matrix: sections in catalog order, then the IDs seen that
# the catalog lacks.  Fills rows[], row_sec[], nrows and the section list.
function build_rows(    i, j, id, s) {
	nrows = 0
	sort_sections()
	for (j = 1; j <= nsec; j++) {
		s = secs[j]
		for (i = 1; i <= ncat; i++) {
			id = cat_ids[i]
			if (cat_sec[id] == s) { rows[++nrows] = id; row_sec[nrows] = s }
		}
	}
	for (i = 1; i <= nextra; i++) { rows[++nrows] = extra[i]; row_sec[nrows] = "not in the catalog" }
}

function verdict(id,    t) {
	if (id in worst) return worst[id]
	t = tested_of(id)
	return (t == "self" || t == "not-observable") ? "na" : "untested"
}

function level_of(id) { return (id in cat_level) ? cat_level[id] : "?" }
function tested_of(id) { return (id in cat_tested) ? cat_tested[id] : "?" }
function text_of(id) { return (id in cat_text) ? cat_text[id] : "" }

# Counts of statements per level and overall verdict.
function count_levels(    i, id, l) {
	for (i = 1; i <= nrows; i++) {
		id = rows[i]; l = level_of(id)
		if (!(l in levseen)) { levseen[l] = 1; levels[++nlev] = l }
		lc[l, verdict(id)]++; lc[l, "all"]++
		lc["total", verdict(id)]++; lc["total", "all"]++
	}
}

function env_rows(fmt,    i, s) {
	n_env = 0
	env_k[++n_env] = "device implementation"; env_v[n_env] = envget("qemu", qemu_guess)
	env_k[++n_env] = "device version"; env_v[n_env] = envget("qemu-version", "unknown")
	env_k[++n_env] = "accelerator"; env_v[n_env] = (accel != "") ? accel : envget("accel", "unknown")
	env_k[++n_env] = "machine"; env_v[n_env] = envget("machine", "unknown")
	env_k[++n_env] = "CPUs"; env_v[n_env] = envget("cpus", "unknown")
	env_k[++n_env] = "test VM kernel"
	env_v[n_env] = (hostver != "") ? hostver : (hostkernel != "" ? "unknown" : "not run")
	if (hostkernel != "") env_v[n_env] = env_v[n_env] " (" hostkernel ")"
	if (guestver != "") { env_k[++n_env] = "guest driver"; env_v[n_env] = "faultline conformance " guestver }
	if (envget("faultline", "") != "") { env_k[++n_env] = "faultline revision"; env_v[n_env] = env["faultline"] }
	if (envget("date", "") != "") { env_k[++n_env] = "date"; env_v[n_env] = env["date"] }
	env_k[++n_env] = "results"; env_v[n_env] = envget("results", "results.tap")
}

END {
	# The device under test: --qemu, else the first word of a command line.
	qemu_guess = "unknown"
	for (i = 1; i <= nsub; i++)
		if (subs[i] in cmdline) { qemu_guess = cmdline[subs[i]]; sub(/ .*/, "", qemu_guess); break }
	build_rows()
	count_levels()
	env_rows()
	tot_fail = 0
	for (i = 1; i <= nchk; i++) if (ck_class[i] == "fail") tot_fail++
	write_md()
	write_junit()
	write_html()
}

# ---- Markdown ---------------------------------------------------------------

function write_md(    i, j, s, id, row, prev, vv, k, d, nd, dl) {
	print "# faultline certification report" > MD
	print "" > MD
	print "## Environment" > MD
	print "" > MD
	print "| | |" > MD
	print "| --- | --- |" > MD
	for (i = 1; i <= n_env; i++) print "| " env_k[i] " | " mdcell(env_v[i]) " |" > MD
	print "" > MD
	print "QEMU command line of each subtest (its first boot):" > MD
	print "" > MD
	for (i = 1; i <= nsub; i++) {
		if (!(subs[i] in cmdline)) continue
		print "- `" subs[i] "`:" > MD
		print "" > MD
		print "  ```" > MD
		print "  " cmdline[subs[i]] > MD
		print "  ```" > MD
	}
	print "" > MD
	print "## Summary" > MD
	print "" > MD
	print "| subtest | checks | passed | failed | skipped | warnings | info |" > MD
	print "| --- | ---: | ---: | ---: | ---: | ---: | ---: |" > MD
	for (i = 1; i <= nsub; i++) {
		s = subs[i]
		print "| " s " | " cnt[s, "all"] + 0 " | " cnt[s, "pass"] + cnt[s, "warn"] + cnt[s, "info"] " | " \
			cnt[s, "fail"] + 0 " | " cnt[s, "skip"] + 0 " | " cnt[s, "warn"] + 0 " | " cnt[s, "info"] + 0 " |" > MD
	}
	print "" > MD
	print "## Statements per level" > MD
	print "" > MD
	print "A statement's verdict is the worst of its checks in every subtest." > MD
	print "" > MD
	print "| level | statements | pass | fail | warning | information | skip | untested | not testable |" > MD
	print "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |" > MD
	for (i = 1; i <= nlev; i++) {
		k = levels[i]
		if (!((k, "all") in lc)) continue
		print "| " k " | " lc[k, "all"] " | " lc[k, "pass"] + 0 " | " lc[k, "fail"] + 0 " | " lc[k, "warn"] + 0 \
			" | " lc[k, "info"] + 0 " | " lc[k, "skip"] + 0 " | " lc[k, "untested"] + 0 " | " lc[k, "na"] + 0 " |" > MD
	}
	print "| total | " lc["total", "all"] + 0 " | " lc["total", "pass"] + 0 " | " lc["total", "fail"] + 0 " | " \
		lc["total", "warn"] + 0 " | " lc["total", "info"] + 0 " | " lc["total", "skip"] + 0 " | " \
		lc["total", "untested"] + 0 " | " lc["total", "na"] + 0 " |" > MD
	print "" > MD
	print "## Verdict matrix" > MD
	print "" > MD
	print "pass, fail, warning, information, skip per subtest; - not run in that subtest;" > MD
	print "untested: in the catalog, checked nowhere; not testable: a driver obligation or" > MD
	print "not observable (the catalog's tested column)." > MD
	prev = ""
	for (j = 1; j <= nrows; j++) {
		id = rows[j]
		if (row_sec[j] != prev) {
			prev = row_sec[j]
			print "" > MD
			print "### " (prev ~ /^[0-9]/ ? "Section " : "") prev > MD
			print "" > MD
			row = "| ID | level | tested |"
			for (i = 1; i <= nsub; i++) row = row " " subs[i] " |"
			print row " statement |" > MD
			row = "| --- | --- | --- |"
			for (i = 1; i <= nsub; i++) row = row " --- |"
			print row " --- |" > MD
		}
		row = "| " id " | " level_of(id) " | " tested_of(id) " |"
		for (i = 1; i <= nsub; i++) {
			if (!(id in seen)) vv = word[verdict(id)]
			else if ((id SUBSEP subs[i]) in v) vv = word[v[id, subs[i]]]
			else vv = "-"
			if (vv == "fail") vv = "**fail**"
			row = row " " vv " |"
		}
		print row " " mdcell(text_of(id)) " |" > MD
	}
	print "" > MD
	print "## Fresh VMs" > MD
	print "" > MD
	if (nfresh == 0) print "None: every variant ran in one VM from start to end." > MD
	for (i = 1; i <= nfresh; i++) print "- " fresh[i] > MD
	print "" > MD
	print "## Failures" > MD
	print "" > MD
	if (tot_fail == 0) print "None." > MD
	for (i = 1; i <= nchk; i++) {
		if (ck_class[i] != "fail") continue
		print "- **" ck_sub[i] "**: not ok " ck_n[i] " - " ck_desc[i] > MD
		if (diag[i] != "") {
			print "" > MD
			print "  ```" > MD
			nd = split(diag[i], dl, "\n")
			for (d = 1; d < nd; d++) print "  " dl[d] > MD
			print "  ```" > MD
			print "" > MD
		}
	}
	close(MD)
}

# ---- JUnit XML ---------------------------------------------------------------

function write_junit(    i, j, s, tests, fails, skips) {
	tests = 0; fails = 0; skips = 0
	for (i = 1; i <= nsub; i++) { s = subs[i]; tests += cnt[s, "all"]; fails += cnt[s, "fail"]; skips += cnt[s, "skip"] }
	print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" > JUNIT
	printf "<testsuites name=\"faultline\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\">\n", tests, fails, skips > JUNIT
	for (i = 1; i <= nsub; i++) {
		s = subs[i]
		printf "  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\">\n", \
			xml(s), cnt[s, "all"], cnt[s, "fail"], cnt[s, "skip"] > JUNIT
		print "    <properties>" > JUNIT
		for (j = 1; j <= n_env; j++)
			printf "      <property name=\"%s\" value=\"%s\"/>\n", xml(env_k[j]), xml(env_v[j]) > JUNIT
		if (s in cmdline) printf "      <property name=\"qemu command line\" value=\"%s\"/>\n", xml(cmdline[s]) > JUNIT
		print "    </properties>" > JUNIT
		for (j = 1; j <= nchk; j++) {
			if (ck_sub[j] != s) continue
			printf "    <testcase classname=\"faultline.%s\" name=\"%s\"", xml(s), xml(ck_n[j] " - " ck_desc[j]) > JUNIT
			if (ck_class[j] == "pass") { print "/>" > JUNIT; continue }
			print ">" > JUNIT
			if (ck_class[j] == "fail")
				printf "      <failure message=\"%s\">%s</failure>\n", xml("not ok " ck_n[j] " - " ck_desc[j]), xml(diag[j]) > JUNIT
			else if (ck_class[j] == "skip")
				printf "      <skipped message=\"%s\"/>\n", xml(substr(ck_dir[j], 6)) > JUNIT
			else
				printf "      <system-out>%s</system-out>\n", xml(ck_dir[j] (diag[j] != "" ? "\n" diag[j] : "")) > JUNIT
			print "    </testcase>" > JUNIT
		}
		print "  </testsuite>" > JUNIT
	}
	print "</testsuites>" > JUNIT
	close(JUNIT)
}

# ---- HTML -------------------------------------------------------------------

function h(s) { return xml(s) }

function vcell(c, text) {
	return "<td class=\"v " c "\">" text "</td>"
}

function write_html(    i, j, s, id, prev, k, vv, cls, ncol) {
	print "<!DOCTYPE html>" > HTML
	print "<html lang=\"en\">" > HTML
	print "<head>" > HTML
	print "<meta charset=\"utf-8\"/>" > HTML
	print "<title>faultline certification report</title>" > HTML
	print "<style>" > HTML
	print "body { font: 14px/1.4 sans-serif; margin: 1.5em; color: #111; background: #fff; }" > HTML
	print "h1 { font-size: 1.6em; margin: 0 0 .5em; } h2 { font-size: 1.25em; margin: 1.5em 0 .5em; border-bottom: 2px solid #ccc; }" > HTML
	print "table { border-collapse: collapse; margin: .5em 0; }" > HTML
	print "th, td { border: 1px solid #bbb; padding: 2px 6px; text-align: left; vertical-align: top; }" > HTML
	print "th { background: #e8e8e8; } td.num { text-align: right; }" > HTML
	print "tr.sec th { background: #d0d8e8; text-align: left; font-size: 1.05em; }" > HTML
	print "td.id, td.lvl, #matrix th { white-space: nowrap; } td.id { font-family: monospace; } td.st { color: #333; }" > HTML
	print "td.v { text-align: center; white-space: nowrap; font-weight: bold; }" > HTML
	print ".pass { background: #c8efc8; } .fail { background: #f4a6a6; color: #600; } .warn { background: #ffe08a; }" > HTML
	print ".info { background: #cfe3ff; } .skip { background: #e4e4e4; color: #555; } .untested { background: #fff; color: #999; font-weight: normal; }" > HTML
	print ".none { color: #aaa; font-weight: normal; }" > HTML
	print "pre, code { font-family: monospace; font-size: 12px; } pre { background: #f6f6f6; border: 1px solid #ddd; padding: 4px 6px; white-space: pre-wrap; word-break: break-all; margin: .2em 0 .8em; }" > HTML
	print "ul.fails > li { margin-bottom: .3em; }" > HTML
	print "</style>" > HTML
	print "</head>" > HTML
	print "<body>" > HTML
	print "<h1>faultline certification report</h1>" > HTML
	printf "<p id=\"verdict\" class=\"%s\" style=\"display:inline-block;padding:4px 10px\">%s</p>\n", \
		tot_fail ? "fail" : "pass", tot_fail ? tot_fail " checks failed" : "no check failed" > HTML
	print "<h2>Environment</h2>" > HTML
	print "<table id=\"environment\">" > HTML
	for (i = 1; i <= n_env; i++) print "<tr><th>" h(env_k[i]) "</th><td>" h(env_v[i]) "</td></tr>" > HTML
	for (i = 1; i <= nsub; i++)
		if (subs[i] in cmdline)
			print "<tr><th>command line: " h(subs[i]) "</th><td><code>" h(cmdline[subs[i]]) "</code></td></tr>" > HTML
	print "</table>" > HTML
	print "<h2>Summary</h2>" > HTML
	print "<table id=\"summary\"><tr><th>subtest</th><th>checks</th><th>passed</th><th>failed</th><th>skipped</th><th>warnings</th><th>info</th></tr>" > HTML
	for (i = 1; i <= nsub; i++) {
		s = subs[i]
		print "<tr><td>" h(s) "</td><td class=\"num\">" cnt[s, "all"] + 0 "</td><td class=\"num\">" \
			cnt[s, "pass"] + cnt[s, "warn"] + cnt[s, "info"] "</td><td class=\"num" (cnt[s, "fail"] ? " fail" : "") "\">" \
			cnt[s, "fail"] + 0 "</td><td class=\"num\">" cnt[s, "skip"] + 0 "</td><td class=\"num\">" cnt[s, "warn"] + 0 \
			"</td><td class=\"num\">" cnt[s, "info"] + 0 "</td></tr>" > HTML
	}
	print "</table>" > HTML
	print "<h2>Statements per level</h2>" > HTML
	print "<p>A statement's verdict is the worst of its checks in every subtest.</p>" > HTML
	print "<table id=\"levels\"><tr><th>level</th><th>statements</th><th class=\"pass\">pass</th><th class=\"fail\">fail</th><th class=\"warn\">warning</th><th class=\"info\">information</th><th class=\"skip\">skip</th><th class=\"untested\">untested</th><th class=\"untested\">not testable</th></tr>" > HTML
	for (i = 1; i <= nlev + 1; i++) {
		k = (i <= nlev) ? levels[i] : "total"
		if (!((k, "all") in lc)) continue
		print "<tr><th>" h(k) "</th><td class=\"num\">" lc[k, "all"] "</td><td class=\"num\">" lc[k, "pass"] + 0 \
			"</td><td class=\"num\">" lc[k, "fail"] + 0 "</td><td class=\"num\">" lc[k, "warn"] + 0 "</td><td class=\"num\">" \
			lc[k, "info"] + 0 "</td><td class=\"num\">" lc[k, "skip"] + 0 "</td><td class=\"num\">" lc[k, "untested"] + 0 "</td><td class=\"num\">" lc[k, "na"] + 0 "</td></tr>" > HTML
	}
	print "</table>" > HTML
	print "<h2>Verdict matrix</h2>" > HTML
	print "<p>Per subtest: <span class=\"pass\">pass</span>, <span class=\"fail\">fail</span>, <span class=\"warn\">warning</span>, <span class=\"info\">information</span>, <span class=\"skip\">skip</span>; - not run in that subtest; <span class=\"untested\">untested</span>: in the catalog, checked nowhere; <span class=\"untested\">not testable</span>: a driver obligation or not observable.</p>" > HTML
	print "<table id=\"matrix\">" > HTML
	ncol = nsub + 4
	prev = ""
	for (j = 1; j <= nrows; j++) {
		id = rows[j]
		if (j == 1 || row_sec[j] != prev) {
			prev = row_sec[j]
			print "<tr class=\"sec\"><th colspan=\"" ncol "\">" (prev ~ /^[0-9]/ ? "Section " : "") h(prev) "</th></tr>" > HTML
			printf "<tr><th>ID</th><th>level</th><th>tested</th>" > HTML
			for (i = 1; i <= nsub; i++) printf "<th>%s</th>", h(subs[i]) > HTML
			print "<th>statement</th></tr>" > HTML
		}
		printf "<tr id=\"%s\"><td class=\"id\">%s</td><td class=\"lvl\">%s</td><td>%s</td>", h(id), h(id), h(level_of(id)), h(tested_of(id)) > HTML
		if (!(id in seen)) printf "<td class=\"v untested\" colspan=\"%d\">%s</td>", nsub, word[verdict(id)] > HTML
		for (i = 1; i <= nsub && (id in seen); i++) {
			if ((id SUBSEP subs[i]) in v) { cls = v[id, subs[i]]; vv = word[cls] }
			else { cls = "none"; vv = "-" }
			printf "%s", vcell(cls, vv) > HTML
		}
		print "<td class=\"st\">" h(text_of(id)) "</td></tr>" > HTML
	}
	print "</table>" > HTML
	print "<h2>Fresh VMs</h2>" > HTML
	if (nfresh == 0) print "<p>None: every variant ran in one VM from start to end.</p>" > HTML
	for (i = 1; i <= nfresh; i++) print "<p>" h(fresh[i]) "</p>" > HTML
	print "<h2>Failures</h2>" > HTML
	if (tot_fail == 0) print "<p>None.</p>" > HTML
	else print "<ul class=\"fails\" id=\"failures\">" > HTML
	for (i = 1; i <= nchk; i++) {
		if (ck_class[i] != "fail") continue
		print "<li><b>" h(ck_sub[i]) "</b>: not ok " ck_n[i] " - " h(ck_desc[i]) > HTML
		if (diag[i] != "") print "<pre>" h(diag[i]) "</pre>" > HTML
		print "</li>" > HTML
	}
	if (tot_fail) print "</ul>" > HTML
	print "</body>" > HTML
	print "</html>" > HTML
	close(HTML)
}

# add_diag LINE: a "#   ..." line that belongs to the check before it.
function add_diag(l) {
	sub(/^# +/, "", l)
	diag[last] = diag[last] l "\n"
}
