#!/usr/bin/env bash
# make check step for the host tests that needs no VM (TAP):
#  - host-tests/statements.txt is well formed, and it and the sources agree:
#    every row's test exists with its ID in the comment above it, and every
#    test has a row (so "grep -rn IOMMUFD-READ-1" lands on both);
#  - vm-images/kernel.sh names the fragment options olddefconfig dropped,
#    and its progress line estimates the steps and the time left;
#  - vm-images/qemu-quirks.sh gives apt only absolute paths of its own;
#  - every recipe that runs make through a variable gets its job slots.
set -euo pipefail

cd "$(dirname "$0")/.."
TABLE=host-tests/statements.txt
N=0 BAD=0

ok() {
	N=$((N + 1))
	printf 'ok %d - %s\n' "$N" "$1"
}

not_ok() {
	N=$((N + 1)) BAD=1
	printf 'not ok %d - %s\n' "$N" "$1"
	shift
	printf '#   %s\n' "$@"
}

# check DESC PROBLEM...: ok when there are no problems.
check() {
	local desc=$1
	shift
	if (($# == 0)); then ok "$desc"; else not_ok "$desc" "$@"; fi
}

rows() {
	grep -v -e '^#' -e '^$' "$TABLE"
}

# table_shape: five tab-separated fields, IDs and tests unique.  A test is
# fixture.test, or fixture.variant.test for a FIXTURE_VARIANT.
table_shape() {
	local -a problems=()
	local -A ids=() tests=()
	local id prog test src stmt extra
	while IFS=$'\t' read -r id prog test src stmt extra; do
		[[ $id =~ ^(IOMMUFD|VFIO|LINUX-VIOMMU|LINUX-QUIRK)(-[A-Z]+)*-[0-9]+$ ]] || problems+=("bad ID '$id'")
		[[ -f host-tests/$prog.c ]] || problems+=("$id: no host-tests/$prog.c")
		[[ $test =~ ^[a-z0-9_]+(\.[a-z0-9_]+){1,2}$ ]] || problems+=("$id: bad test '$test'")
		[[ $src == *.c:[0-9]* ]] || problems+=("$id: source '$src' has no file:line")
		[[ -n $stmt && -z $extra ]] || problems+=("$id: not five fields")
		[[ -z ${ids[$id]:-} ]] || problems+=("$id listed twice")
		[[ -z ${tests[$prog.$test]:-} ]] || problems+=("$prog $test listed twice")
		ids[$id]=1 tests[$prog.$test]=1
	done < <(rows)
	check "statements.txt: $(rows | wc -l) rows, well formed" "${problems[@]}"
}

# names_id COMMENT ID: whether a "/* ID, ID2 */" or "/* ID: why */" comment
# names ID.
names_id() {
	local named=${1#'/* '}
	named=${named%%' */'*} named=${named%%:*}
	[[ $1 == '/* '* && ", $named," == *", $2,"* ]]
}

# table_to_source: each row's TEST_F or TEST_F_TIMEOUT (and variant) exists,
# its ID in the comment above it.
table_to_source() {
	local -a problems=()
	local id prog test src stmt fixture name variant above file
	while IFS=$'\t' read -r id prog test src stmt; do
		file=host-tests/$prog.c fixture=${test%%.*} name=${test##*.} variant=${test#*.}
		variant=${variant%"$name"} variant=${variant%.}
		if [[ -n $variant ]] && ! grep -qF "FIXTURE_VARIANT_ADD($fixture, $variant)" "$file"; then
			problems+=("$id: no FIXTURE_VARIANT_ADD($fixture, $variant) in $file")
		fi
		# awk, not "grep -B 1 | head": an early exit of head would SIGPIPE grep.
		above=$(awk -v t="TEST_F($fixture, $name)" -v u="TEST_F_TIMEOUT($fixture, $name," \
			'index($0, t) == 1 || index($0, u) == 1 { print prev; exit } { prev = $0 }' "$file")
		if [[ -z $above ]]; then
			problems+=("$id: no TEST_F($fixture, $name) in $file")
		elif ! names_id "$above" "$id"; then
			problems+=("$id: the line above TEST_F($fixture, $name) is '$above'")
		fi
	done < <(rows)
	check "statements.txt: every test exists, its ID above it" "${problems[@]}"
}

# variants FILE FIXTURE: the fixture's variant names, or one empty line.
variants() {
	local out
	out=$(sed -nE "s/^FIXTURE_VARIANT_ADD\\($2, ([a-z0-9_]+)\\).*/\\1/p" "$1")
	printf '%s\n' "$out"
}

# source_to_table: every TEST_F (or TEST_F_TIMEOUT) of host-tests/, in each
# variant, has a row.
source_to_table() {
	local -a problems=()
	local line file fixture name variant test prog
	local -A have=()
	# A set, not "rows | grep -q": grep -q quitting early would SIGPIPE the
	# pipeline, which pipefail turns into a missing row now and then.
	while IFS=$'\t' read -r _ prog test _; do
		have[$prog.$test]=1
	done < <(rows)
	while IFS= read -r line; do
		file=${line%%:*} line=${line#*:}
		[[ $line =~ ^TEST_F(_TIMEOUT)?\(([a-z0-9_]+),\ ([a-z0-9_]+)(,\ [A-Z0-9_]+)?\)$ ]] || continue
		fixture=${BASH_REMATCH[2]} name=${BASH_REMATCH[3]}
		while IFS= read -r variant; do
			test=$fixture.${variant:+$variant.}$name
			if [[ -z ${have[$(basename "$file" .c).$test]:-} ]]; then
				problems+=("$file: TEST_F($fixture, $name) has no row for $test")
			fi
		done < <(variants "$file" "$fixture")
	done < <(grep -H '^TEST_F' host-tests/*.c)
	check "statements.txt: every TEST_F of host-tests/, in each variant, has a row" "${problems[@]}"
}

# kernel_verify CASE FRAGMENT CONFIG: vm-images/kernel.sh's verify_config.
kernel_verify() {
	local scratch
	scratch=$(mktemp -d)
	printf '%s\n' "$2" >"$scratch/fragment"
	printf '%s\n' "$3" >"$scratch/config"
	# The tree's Kconfig defines A, B and C; D is a newer kernel's option.
	mkdir -p "$scratch/tree/drivers"
	printf 'config A\n\tbool\nmenuconfig B\n\tbool\n' >"$scratch/tree/Kconfig"
	printf 'config C\n\tbool\n' >"$scratch/tree/drivers/Kconfig"
	(
		# shellcheck source=vm-images/kernel.sh
		source vm-images/kernel.sh
		FRAGMENT=$scratch/fragment TREE=$scratch/tree
		verify_config "$scratch/config"
	) 2>&1 || printf 'status %d\n' "$?"
	rm -rf -- "$scratch"
}

kernel_config_checks() {
	local out
	out=$(kernel_verify kept $'# comment\nCONFIG_A=y\nCONFIG_B=y' $'CONFIG_A=y\nCONFIG_B=y')
	check "kernel.sh: a config that kept every option passes" ${out:+"$out"}
	out=$(kernel_verify dropped $'CONFIG_A=y\nCONFIG_B=y\nCONFIG_C=y' \
		$'CONFIG_A=y\n# CONFIG_B is not set')
	if [[ $out == *'CONFIG_B CONFIG_C'* && $out == *'status 2' ]]; then
		ok "kernel.sh: dropped options fail (status 2), each named"
	else
		not_ok "kernel.sh: dropped options fail (status 2), each named" "got: $out"
	fi
	out=$(kernel_verify newer $'CONFIG_A=y\nCONFIG_D=y' $'CONFIG_A=y')
	check "kernel.sh: an option the tree's Kconfig does not define is left out" ${out:+"$out"}
	out=$(kernel_verify newer-and-dropped $'CONFIG_D=y\nCONFIG_C=y' $'CONFIG_A=y')
	if [[ $out == *'met): CONFIG_C;'* && $out != *CONFIG_D* && $out == *'status 2' ]]; then
		ok "kernel.sh: a defined option dropped beside an undefined one is named alone"
	else
		not_ok "kernel.sh: a defined option dropped beside an undefined one is named alone" "got: $out"
	fi
	like "kernel.sh: an option turned off but selected on fails, named alone" \
		"$(kernel_verify forced $'CONFIG_A=y\n# CONFIG_B is not set\n# CONFIG_C is not set' \
			$'CONFIG_A=y\nCONFIG_B=y')" 'selects: CONFIG_B;.*status 2$'
	out=$(kernel_verify off $'# CONFIG_B is not set\n# CONFIG_C is not set' $'# CONFIG_B is not set')
	check "kernel.sh: options turned off, unset or gone with their dependencies, pass" ${out:+"$out"}
}

# kernel_progress CACHED_STEPS BUILD_STEPS: the last progress line of
# kernel.sh for a build that printed BUILD_STEPS steps in about 10 s, with a
# cached build of CACHED_STEPS (0: none) in a cache of its own.
kernel_progress() {
	local scratch
	scratch=$(mktemp -d)
	if (($1 > 0)); then
		mkdir -p "$scratch/faultline/kernel/linux-source-7.2-x"
		: >"$scratch/faultline/kernel/linux-source-7.2-x/bzImage"
		yes '  CC      x.o' | head -n "$1" >"$scratch/faultline/kernel/linux-source-7.2-x/make.log"
	fi
	yes '  CC      y.o' | head -n "$2" >"$scratch/log"
	(
		# shellcheck source=vm-images/kernel.sh
		source vm-images/kernel.sh
		XDG_CACHE_HOME=$scratch SERIES=7.2 KERNEL_PROGRESS_EVERY=0.1
		sleep 0.3 &
		SECONDS=10
		progress "$!" "$scratch/log" 0
	) 2>&1 | tail -n 1
	rm -rf -- "$scratch"
}

# like DESC OUT PATTERN: ok when OUT matches the extended regex PATTERN.
like() {
	if [[ $2 =~ $3 ]]; then ok "$1"; else not_ok "$1" "got: $2"; fi
}

kernel_progress_checks() {
	like "kernel.sh: progress counts the steps against a cached build's, with the time left" \
		"$(kernel_progress 400 100)" ', 100 of about 400 steps, about 3[0-9] s left, at CC'
	like "kernel.sh: without a cached build, against the steps measured on a cold build" \
		"$(kernel_progress 0 100)" ', 100 of about 1600 steps, about 1[4-7][0-9] s left'
	like "kernel.sh: a cached log of a few steps (a rebuild's) is not taken for a cold build's" \
		"$(kernel_progress 50 100)" ', 100 of about 1600 steps, about 1[4-7][0-9] s left'
	like "kernel.sh: past the steps expected, no time left is guessed" \
		"$(kernel_progress 400 500)" ', 500 of about 400 steps, at CC'
}

# quirks_apt_paths: apt reads a relative Dir::Etc path under /etc/apt (a
# fresh machine's apt-get source failed so, "/etc/apt/apt/sources.list"):
# qemu-quirks.sh's private apt, given a relative directory, names only
# absolute ones, and a directory of parts that exists.
quirks_apt_paths() {
	local tmp out list parts status script=$PWD/vm-images/qemu-quirks.sh
	tmp=$(mktemp -d)
	status=0
	out=$(cd "$tmp" && bash -c 'source "$1"; apt_private apt echo' _ "$script" 2>&1) || status=$?
	if ((status == 2)) && [[ $out == *"no Debian mirror"* ]]; then
		rm -rf -- "$tmp"
		ok "qemu-quirks.sh: apt's lists are absolute paths of its own # SKIP not a Debian machine ($out)"
		return 0
	fi
	list=$(grep -oE 'Dir::Etc::sourcelist=[^ ]*' <<<"$out") parts=$(grep -oE 'Dir::Etc::sourceparts=[^ ]*' <<<"$out")
	local -a problems=()
	[[ ${list#*=} == "$tmp/apt/sources.list" ]] || problems+=("sourcelist: '${list#*=}' (output: $out)")
	[[ ${parts#*=} == /* && -d ${parts#*=} ]] || problems+=("sourceparts: '${parts#*=}', not an existing absolute directory")
	rm -rf -- "$tmp"
	check "qemu-quirks.sh: apt's lists are absolute paths of its own" "${problems[@]}"
}

# make_job_slots FILE...: make hands its job slots (-j) to a recipe that
# names $(MAKE) itself; through another variable only when the line starts
# with '+'.  Without it the KVM library's make ran at -j1 ("jobserver
# unavailable"): 22 s of a cold run's host-test build.  Prints
# "FILE:LINE: ..." for each such line.
make_job_slots() {
	awk '
		FNR == 1 { split("", via) }
		/^[A-Za-z_][A-Za-z0-9_]* *[:?]?=.*\$\(MAKE\)/ { name = $1; sub(/[:?]?=.*/, "", name); via[name] = 1 }
		/^\t/ {
			for (v in via)
				if (index($0, "$(" v ")") && $0 !~ /^\t[@-]*\+/)
					printf "%s:%d: $(%s) runs make without the job slots (no +)\n", FILENAME, FNR, v
		}' "$@"
}

make_job_slots_checks() {
	local -a out
	mapfile -t out < <(make_job_slots Makefile ./*/*.mk)
	check "make: every recipe running make through a variable gets the job slots (+)" "${out[@]}"
	# shellcheck disable=SC2016 # make's $(...), not the shell's
	like "make: a recipe running it without + is named" \
		"$(make_job_slots <(printf 'SUB = $(MAKE) -C x\nOK = $(MAKE) -C y\nt:\n\t+$(OK) a\n\t$(SUB) b\n'))" \
		'^/dev/fd/[0-9]+:5: \$\(SUB\) runs make without the job slots \(no \+\)$'
}

table_shape
table_to_source
source_to_table
kernel_config_checks
kernel_progress_checks
quirks_apt_paths
make_job_slots_checks
printf '1..%d\n' "$N"
exit "$BAD"
