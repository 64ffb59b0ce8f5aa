#!/usr/bin/env bash
# Traceability between spec-checks/catalog.txt and the tests, as TAP:
# every ID a test, statement table, expectations file or the reference
# model names is in the catalog, and every statement a test can observe
# has a test or a reason in spec-checks/untested.txt.  Ends with the
# coverage per level.
set -euo pipefail

cd "$(dirname "$0")/.."
CATALOG=spec-checks/catalog.txt
UNTESTED=spec-checks/untested.txt
NO_MUTANT=spec-checks/no-mutant.txt
ID_RE='(DEV|DRV|INF|IOMMUFD|VFIO|LINUX)(-[A-Z]+)+-[0-9]+|GEN-[0-9]+'
TESTS=(guest-driver/tests host-tests spec-checks/driver-stream)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=0 bad=0

# report OK DESC [DIAGNOSTICS...]: one TAP line, diagnostics as "#   " lines.
report() {
	local ok=$1 desc=$2
	shift 2
	n=$((n + 1))
	if [ "$ok" -eq 1 ]; then
		printf 'ok %d - %s\n' "$n" "$desc"
	else
		printf 'not ok %d - %s\n' "$n" "$desc"
		bad=1
	fi
	[ "$#" -eq 0 ] || printf '#   %s\n' "$@"
}

# ids FILE...: "file:line ID" for every statement ID named in the files.
ids() {
	grep -HnowE "$ID_RE" "$@" | awk -F: '{ print $1 ":" $2, $3 }'
}

# unknown LISTING: the lines of LISTING whose ID is not in the catalog.
unknown() {
	awk 'NR == FNR { known[$1] = 1; next } !($2 in known)' "$work/ids" "$1"
}

check_catalog() {
	local errs
	errs=$(awk -F'\t' '
		/^#/ || /^$/ { next }
		NF != 5 { print FILENAME ":" FNR ": " NF " columns, want 5"; next }
		$2 !~ /^(MUST|MUST NOT|SHOULD|SHOULD NOT|MAY|descriptive)$/ {
			print FILENAME ":" FNR ": level " $2 }
		$4 !~ /^(guest|guest-dma|host-vm|self|driver-trace|not-observable|partial)$/ {
			print FILENAME ":" FNR ": how tested " $4 }
		seen[$1]++ { print FILENAME ":" FNR ": " $1 " twice" }' "$CATALOG")
	if [ -z "$errs" ]; then
		report 1 "catalog: $(wc -l <"$work/ids") statements, 5 columns, known levels, unique IDs"
	else
		mapfile -t lines <<<"$errs"
		report 0 "catalog is well formed" "${lines[@]}"
	fi
}

# check_named DESC FILE...: every ID the files name is in the catalog.
check_named() {
	local desc=$1 lines=()
	shift
	ids "$@" >"$work/named" || true
	mapfile -t lines < <(unknown "$work/named")
	if [ "${#lines[@]}" -eq 0 ]; then
		report 1 "$desc: $(awk '{ print $2 }' "$work/named" | sort -u | wc -l) IDs, all in the catalog"
	else
		report 0 "$desc name IDs not in the catalog" "${lines[@]}"
	fi
}

# host_rows: the catalog lines for the rows of host-tests/statements.txt.
host_rows() {
	awk -F'\t' -v re="^($ID_RE)\$" '$1 ~ re && NF >= 5 {
		printf "%s\tdescriptive\tlinux %s\thost-vm\t%s\n", $1, $4, $5 }' host-tests/statements.txt
}

# The host tests' own table and the catalog's host-vm rows agree
# (rewrite them with: spec-checks/trace.sh --update-host-rows).
check_host_table() {
	local lines=()
	mapfile -t lines < <(diff <(awk -F'\t' '$4 == "host-vm"' "$CATALOG") <(host_rows) |
		sed -n 's/^< /catalog: /p; s/^> /host-tests\/statements.txt: /p')
	report "$((${#lines[@]} == 0))" "the catalog's host-vm rows are host-tests/statements.txt's" \
		${lines[@]+"${lines[@]}"}
}

# Every testable statement has a test or a reason; every reason is for a
# catalog statement that is testable and still has no test.
check_covered() {
	local missing=() stale=()
	mapfile -t missing < <(awk -F'\t' '
		FILENAME == ARGV[1] { tested[$1] = 1; next }
		FILENAME == ARGV[2] { if (!/^#/ && NF) why[$1] = 1; next }
		/^#/ || /^$/ { next }
		$4 ~ /^(guest|guest-dma|host-vm|driver-trace|partial)$/ && !($1 in tested) && !($1 in why) {
			print $1 " (" $4 ") has neither a test nor a reason in " ARGV[2] }' \
		"$work/tested" "$UNTESTED" "$CATALOG")
	report "$((${#missing[@]} == 0))" "every testable statement has a test or a reason" \
		${missing[@]+"${missing[@]}"}
	mapfile -t stale < <(awk -F'\t' '
		FILENAME == ARGV[1] { tested[$1] = 1; next }
		FILENAME == ARGV[2] { if (!/^#/ && NF) how[$1] = $4; next }
		/^#/ || /^$/ { next }
		!($1 in how) { print FILENAME ":" FNR ": " $1 " is not in the catalog"; next }
		how[$1] !~ /^(guest|guest-dma|host-vm|driver-trace|partial)$/ { print $1 " is " how[$1] ": no reason needed" }
		$1 in tested { print $1 " has a test now: drop its reason" }
		NF < 2 || $2 == "" { print $1 " has no reason" }' \
		"$work/tested" "$CATALOG" "$UNTESTED")
	report "$((${#stale[@]} == 0))" "every reason in $UNTESTED is for a testable statement without a test" \
		${stale[@]+"${stale[@]}"}
}

# Anything shaped like a statement ID (FAMILY-GROUP-N) outside the known
# families is a typo that the checks above would pass over.
check_families() {
	local odd=()
	mapfile -t odd < <(grep -HnowE '[A-Z]{2,}(-[A-Z]+)+-[0-9]+' "$@" |
		awk -F: -v re="^($ID_RE)\$" '$3 !~ re { print $1 ":" $2 ": " $3 " is no known family" }')
	report "$((${#odd[@]} == 0))" "every ID-shaped name is of a known family (${#} files)" \
		${odd[@]+"${odd[@]}"}
}

# Every testable device statement is broken by some mutant of the reference
# model, or spec-checks/no-mutant.txt says why none can be.
check_mutants() {
	local missing=()
	grep -owE "$ID_RE" spec-checks/model/mutants.h | sort -u >"$work/mutated"
	mapfile -t missing < <(awk -F'\t' '
		FILENAME == ARGV[1] { mutated[$1] = 1; next }
		FILENAME == ARGV[2] { if (!/^#/ && NF) why[$1] = 1; next }
		/^#/ || /^$/ { next }
		$4 ~ /^(guest|guest-dma|partial)$/ && !($1 in mutated) && !($1 in why) {
			print $1 " (" $2 ") has no mutant and no reason in " ARGV[2] }
		$4 ~ /^(guest|guest-dma|partial)$/ && ($1 in mutated) && ($1 in why) {
			print $1 " has a mutant now: drop its line in " ARGV[2] }' \
		"$work/mutated" "$NO_MUTANT" "$CATALOG")
	report "$((${#missing[@]} == 0))" "every testable device statement has a mutant, or a reason" \
		${missing[@]+"${missing[@]}"}
}

# Tested of testable statements per level, then the Linux (host-vm) ones and
# the driver statements checked in the Linux driver's request stream apart.
coverage() {
	awk -F'\t' '
		FILENAME == ARGV[1] { tested[$1] = 1; next }
		/^#/ || /^$/ { next }
		{ lvl = $4 == "host-vm" ? "linux" : $4 == "driver-trace" ? "driver" : $2; all[lvl]++ }
		$4 ~ /^(guest|guest-dma|host-vm|driver-trace|partial)$/ { able[lvl]++; hit[lvl] += ($1 in tested) }
		END {
			split("MUST|MUST NOT|SHOULD|SHOULD NOT|MAY|descriptive|linux|driver", order, "|")
			for (i = 1; i in order; i++) {
				l = order[i]
				printf "# coverage %-11s %3d/%-3d testable statements tested (%d in all)\n",
					l, hit[l], able[l], all[l]
				th += hit[l]; ta += able[l]; t += all[l]
			}
			printf "# coverage %-11s %3d/%-3d testable statements tested (%d in all)\n",
				"total", th, ta, t
		}' "$work/tested" "$CATALOG"
}

# The DRV statements checked against the Linux driver: in its request stream
# (driver-trace) or in the quirks VM, whose LINUX-QUIRK rows name them.
# The kernels named are those whose quirks VM has expectations (check/expect.sh).
linux_driver_coverage() {
	local kernels
	kernels=$(find expectations -name 'linux-*-quirks.txt' | sed -E 's,.*/linux-(.*)-quirks.txt,\1,' |
		sort -V | paste -sd, -)
	awk -F'\t' -v kernels="$kernels" '
		/^#/ || /^$/ { next }
		$1 ~ /^DRV-/ { all++; if ($4 == "driver-trace") { stream[$1] = 1; hit[$1] = 1 } }
		$1 ~ /^LINUX-QUIRK-/ {
			s = $5
			while (match(s, /DRV-[A-Z]+-[0-9]+/)) {
				id = substr(s, RSTART, RLENGTH); quirk[id] = 1; hit[id] = 1
				s = substr(s, RSTART + RLENGTH)
			}
		}
		END {
			for (id in hit) n++
			for (id in stream) ns++
			for (id in quirk) nq++
			printf "# coverage Linux driver %d/%d DRV statements (%d in its request stream, %d in the quirks VM; Linux %s)\n",
				n, all, ns, nq, kernels
		}' "$CATALOG"
}

main() {
	case ${1:-} in
	--host-rows) host_rows; return ;;
	# Rewrites the catalog's host-vm rows from host-tests/statements.txt.
	--update-host-rows)
		{ awk -F'\t' '$4 != "host-vm"' "$CATALOG"; host_rows; } >"$work/catalog"
		cat "$work/catalog" >"$CATALOG"
		return
		;;
	esac
	awk -F'\t' '!/^#/ && NF { print $1 }' "$CATALOG" >"$work/ids"
	find "${TESTS[@]}" -name '*.[ch]' -print0 | sort -z | xargs -0 cat |
		grep -owE "$ID_RE" | sort -u >"$work/tested" || true
	[ -f "$UNTESTED" ] || UNTESTED=/dev/null
	[ -f "$NO_MUTANT" ] || NO_MUTANT=/dev/null

	check_catalog
	mapfile -t guest < <(find guest-driver/tests -name '*.[ch]' | sort)
	mapfile -t host < <(find host-tests -name '*.[ch]' | sort)
	check_named "guest tests (guest-driver/tests)" "${guest[@]}"
	check_named "host tests (host-tests/*.[ch])" "${host[@]}"
	check_named "host-tests/statements.txt" host-tests/statements.txt
	check_named "expectations" expectations/*.txt
	mapfile -t model < <(find spec-checks/model -name '*.[ch]' | sort)
	check_named "reference model and mutants (spec-checks/model)" "${model[@]}"
	check_host_table
	check_covered
	check_families "${guest[@]}" "${host[@]}" host-tests/statements.txt expectations/*.txt \
		"${model[@]}" spec-checks/catalog.txt
	check_mutants
	coverage
	linux_driver_coverage
	printf '1..%d\n' "$n"
	exit "$bad"
}

main "$@"
