#!/usr/bin/env bash
# The report files: scripts/report-files.sh on the canned run in
# check/report/ (report.md against report.md.want, JUnit and HTML contents,
# escaping, no catalog, no environment.txt, usage errors, speed), and
# run.sh --out writing them after a run of a fake QEMU.
# check/report.sh validates and renders them (xmllint, Chromium).
# shellcheck source=check/runner/testlib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/testlib.sh"

FIX=$T_ROOT/check/report
GEN=$T_ROOT/scripts/report-files.sh

# canned NAME [FILES...]: a directory $T_TMP/NAME with the canned results.tap
# and FILES from check/report/; prints its path.
canned() {
	local dir=$T_TMP/$1 f
	shift
	mkdir -p -- "$dir"
	cp -- "$FIX/results.tap" "$dir/"
	for f in "$@"; do
		cp -- "$FIX/$f" "$dir/"
	done
	printf '%s\n' "$dir"
}

test_canned() {
	local dir status=0
	dir=$(canned full environment.txt)
	FAULTLINE_CATALOG=$FIX/catalog.txt "$GEN" "$dir" >"$T_TMP/gen.out" 2>&1 || status=$?
	t_is "canned run: exit 0" "$status" 0
	t_is "canned run: prints nothing" "$(cat "$T_TMP/gen.out")" ""
	t_same_text "canned run: report.md" "$dir/report.md" "$FIX/report.md.want"
	t_is "junit.xml: one testcase per check" "$(grep -c '<testcase ' "$dir/junit.xml")" 15
	t_is "junit.xml: one failure per not ok" "$(grep -c '<failure ' "$dir/junit.xml")" 2
	t_has_line "junit.xml: a failure carries its diagnostics" "$dir/junit.xml" \
		'observed: S_OK &lt;&amp;&gt; &quot;quoted&quot;'
	t_has_line "junit.xml: a SKIP is skipped with its reason" "$dir/junit.xml" \
		'      <skipped message="no endpoint behind the virtio-iommu"/>'
	t_has_line "junit.xml: a WARN is kept in system-out" "$dir/junit.xml" \
		'      <system-out>WARN observed S_OK, expected S_RANGE</system-out>'
	t_ok "report.html: diagnostics escaped" grep -Fq 'observed: S_OK &lt;&amp;&gt; &quot;quoted&quot;' "$dir/report.html"
	t_ok "report.html: the matrix table" grep -Fq '<table id="matrix">' "$dir/report.html"
	t_ok "report.html: DEV-ATT-1 failed in default, passed in no-boot-bypass" grep -Fq \
		'<tr id="DEV-ATT-1"><td class="id">DEV-ATT-1</td><td class="lvl">MUST</td><td>guest</td><td class="v fail">fail</td><td class="v pass">pass</td><td class="v none">-</td>' \
		"$dir/report.html"
	t_ok "report.html: a statement nobody can check is not testable" grep -Fq \
		'<tr id="DEV-ATT-9"><td class="id">DEV-ATT-9</td><td class="lvl">MUST NOT</td><td>not-observable</td><td class="v untested" colspan="3">not testable</td>' \
		"$dir/report.html"
	t_ok "report.html: a testable statement nobody checked is untested" grep -Fq \
		'<tr id="DEV-ATT-10"><td class="id">DEV-ATT-10</td><td class="lvl">SHOULD</td><td>guest</td><td class="v untested" colspan="3">untested</td>' \
		"$dir/report.html"
	t_lacks "report.html: inline CSS only" "$dir/report.html" '<link'
	cp -- "$dir/report.md" "$T_TMP/first.md"
	FAULTLINE_CATALOG=$FIX/catalog.txt "$GEN" "$dir"
	t_same_text "regenerating gives the same report.md" "$dir/report.md" "$T_TMP/first.md"
	t_ok "no temporary file left" test -z "$(find "$dir" -name '.*.tmp')"
}

test_no_catalog() {
	local dir
	dir=$(canned nocat)
	FAULTLINE_CATALOG=$T_TMP/no-such-catalog "$GEN" "$dir"
	t_lacks "no catalog: no untested statements" "$dir/report.md" 'DEV-ATT-9'
	t_has_line "no catalog: the IDs seen are listed" "$dir/report.md" \
		'| DEV-ATT-1 | ? | ? | **fail** | pass | - |  |'
	t_has_line "no catalog: every statement is counted under ?" "$dir/report.md" \
		'| ? | 9 | 3 | 2 | 1 | 2 | 1 | 0 | 0 | 0 |'
	t_has_line "no environment.txt: the device is the command line's first word" "$dir/report.md" \
		'| device implementation | /usr/bin/qemu-system-x86_64 |'
	t_has_line "no environment.txt: version unknown" "$dir/report.md" '| device version | unknown |'
}

test_usage() {
	local status=0
	"$GEN" >/dev/null 2>&1 || status=$?
	t_is "no directory: exit 2" "$status" 2
	status=0
	mkdir -p -- "$T_TMP/empty"
	"$GEN" "$T_TMP/empty" >/dev/null 2>"$T_TMP/empty.err" || status=$?
	t_is "no results.tap: exit 2" "$status" 2
	t_ok "no results.tap: says so" grep -q 'cannot read .*results.tap' "$T_TMP/empty.err"
}

# A run of 40 variants of 250 checks each (the real suite has 2 of 251)
# must not make --out slow.
test_speed() {
	local dir=$T_TMP/big i j start ms
	mkdir -p -- "$dir"
	{
		printf 'TAP version 13\n'
		for ((i = 1; i <= 40; i++)); do
			printf '# Subtest: v%d\n    # qemu: qemu-system-x86_64 -device virtio-iommu-pci\n' "$i"
			for ((j = 1; j <= 250; j++)); do
				printf '    not ok %d - t%d: check [DEV-T-%d]\n    #   sent: x\n' "$j" "$j" "$((j % 60))"
			done
			printf '    1..250\nnot ok %d - v%d\n' "$i" "$i"
		done
		printf '1..40\n'
	} >"$dir/results.tap"
	start=$(now_us)
	FAULTLINE_CATALOG=$FIX/catalog.txt "$GEN" "$dir"
	ms=$((($(now_us) - start) / 1000))
	printf '# 10000 checks: %d ms\n' "$ms"
	t_ok "10000 checks take under 5 s ($ms ms)" test "$ms" -lt 5000
	t_is "10000 checks: all in junit.xml" "$(grep -c '<failure ' "$dir/junit.xml")" 10000
}

test_run_out() {
	run_fake fail guest
	t_is "run.sh --out: exit 1 (a check failed)" "$R_STATUS" 1
	t_ok "run.sh --out: report files written" test -s "$R_DIR/junit.xml" -a -s "$R_DIR/report.md" -a -s "$R_DIR/report.html"
	t_has_line "run.sh --out: environment.txt names the --qemu binary" "$R_DIR/environment.txt" \
		"$(printf 'qemu\t%s' "$T_DIR/fake-qemu-fail.sh")"
	t_has_line "run.sh --out: environment.txt has the CPU count" "$R_DIR/environment.txt" \
		"$(printf 'cpus\t%s' "$(nproc)")"
	t_has_line "run.sh --out: the failure in report.md" "$R_DIR/report.md" \
		'- **default**: not ok 3 - beta: page_size_mask has a bit set [B-2]'
	t_has_line "run.sh --out: the failure's diagnostics in report.md" "$R_DIR/report.md" '  observed: 0x0'
	t_lacks "run.sh --out: nothing on stderr" "$R_ERR" 'report'
}

# shellcheck source=scripts/util.sh
source "$T_ROOT/scripts/util.sh"
test_canned
test_no_catalog
test_usage
test_speed
test_run_out
t_done
