#!/usr/bin/env bash
# Device variants: one TAP subtest per variant, the variant's options on
# virtio-iommu-pci, crash recovery inside a variant, --variant, --list,
# --filter in every variant, the variants file's checks and the real file.
# shellcheck source=check/runner/testlib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/testlib.sh"

# Three variants; the second crashes the fake in test 2, the third has
# options that the shell must quote.
VARIANTS3=$T_TMP/variants3.conf
cat >"$VARIANTS3" <<'EOF'
# a comment, a blank line and an indented comment
 
	# indented
default
crashy   boot-bypass=off,x-fake-crash=on
regions  len-reserved-regions=1,reserved-regions[0]=0xfee00000:0xfeefffff:1
EOF
CRASHY=boot-bypass=off,x-fake-crash=on
# What the fake's virtio-iommu-pci offers (scripts/offers.sh drops the rest).
export FAKE_PROPS="boot-bypass x-fake-crash len-reserved-regions reserved-regions"
REGIONS='len-reserved-regions=1,reserved-regions[0]=0xfee00000:0xfeefffff:1'

# run_variants [ARGS...]: run.sh guest with fake-qemu-variants.sh and the
# three variants (run_fake's globals).
run_variants() {
	FAULTLINE_VARIANTS=$VARIANTS3 run_fake variants guest "$@"
}

want() {
	cat >"$T_TMP/$1.want"
	printf '%s\n' "$T_TMP/$1.want"
}

test_all_variants() {
	# One at a time, so that the boots' log is in order (test-parallel.sh: -j).
	run_variants -j 1
	t_expect_run "three variants" 1 "$(want variants <<'EOF'
TAP version 13
# accel: tcg (requested)
# firmware: seabios (QEMU's default; its data directories have no qboot.rom)
# Subtest: default
    # qemu: CMD
    # faultline fake-qemu 0
    # test 1 alpha.bypass
    ok 1 - alpha: initial bypass [A-1] # INFO observed bypass=1
    # test 2 beta.crash
    ok 2 - beta: before the crash [B-1]
    # test 3 gamma.ok
    ok 3 - gamma: fine [C-1]
    1..3
ok 1 - default
# Subtest: crashy
    # qemu: CMD
    # faultline fake-qemu 0
    # test 1 alpha.bypass
    ok 1 - alpha: initial bypass [A-1] # INFO observed bypass=0
    # test 2 beta.crash
    ok 2 - beta: before the crash [B-1]
    not ok 3 - beta.crash: VM crashed (QEMU killed by signal SIGSEGV)
    #   qemu exit status: 139 (boot 1, console-crashy-1.log)
    #   last 6 console lines:
    #   | TAP version 13
    #   | # faultline fake-qemu 0
    #   | # test 1 alpha.bypass
    #   | ok 1 - alpha: initial bypass [A-1] # INFO observed bypass=0
    #   | # test 2 beta.crash
    #   | ok 2 - beta: before the crash [B-1]
    # resuming from test 3 in a fresh VM (boot 2)
    # faultline fake-qemu 0
    # test 3 gamma.ok
    ok 4 - gamma: fine [C-1]
    1..4
not ok 2 - crashy
# Subtest: regions
    # qemu: CMD
    # faultline fake-qemu 0
    # test 1 alpha.bypass
    ok 1 - alpha: initial bypass [A-1] # INFO observed bypass=1
    # test 2 beta.crash
    ok 2 - beta: before the crash [B-1]
    # test 3 gamma.ok
    ok 3 - gamma: fine [C-1]
    1..3
ok 3 - regions
1..3
9 passed, 1 failed, 0 skipped (0 warnings, 3 info) in T s
EOF
)"
	t_is "three variants: each boot has its variant's options, resumed in the crashed one" \
		"$(cat "$R_ARGS")" "accel=tcg append=from=1
accel=tcg append=from=1 iommu=$CRASHY
accel=tcg append=from=3 iommu=$CRASHY
accel=tcg append=from=1 iommu=$REGIONS"
	local cmd="$T_DIR/fake-qemu-variants.sh -machine q35 -accel tcg -icount shift=4,sleep=off -m 256M -nodefaults -no-reboot -display none -serial stdio -monitor none -device isa-debug-exit,iobase=0xf4,iosize=0x4"
	local rest="-device edu,dma_mask=0xffffffffffffffff -device virtio-rng-pci,iommu_platform=on,disable-legacy=on -kernel $T_IMAGE -append from=1"
	t_has_line "three variants: default's command line" "$R_OUT" \
		"    # qemu: $cmd -device virtio-iommu-pci $rest"
	t_has_line "three variants: crashy's command line" "$R_OUT" \
		"    # qemu: $cmd -device virtio-iommu-pci,$CRASHY $rest"
	t_has_line "three variants: regions' command line, quoted" "$R_OUT" \
		"    # qemu: $cmd -device 'virtio-iommu-pci,$REGIONS' $rest"
	t_is "three variants: one command line per variant, none for the resumed boot" \
		"$(grep -c '# qemu: ' "$R_OUT")" 3
	t_ok "three variants: console logs per variant and boot" test -s "$R_DIR/console-default-1.log" \
		-a -s "$R_DIR/console-crashy-1.log" -a -s "$R_DIR/console-crashy-2.log" \
		-a -s "$R_DIR/console-regions-1.log" -a ! -e "$R_DIR/console-regions-2.log"
	t_ok "three variants: crashy's logs are its own" grep -q 'bypass=0' "$R_DIR/console-crashy-1.log"
}

test_all_mode() {
	# The host tests stay out of the way: one skipped check, whatever they are.
	FAULTLINE_HOST_TESTS=off FAULTLINE_VARIANTS=$VARIANTS3 run_fake variants --variant default,regions
	t_is "all mode: exit status" "$R_STATUS" 0
	t_is "all mode: host tests after the subtests, numbered after them" \
		"$(grep -E '^(not )?ok |^1\.\.' "$R_OUT" | sed 's/ # SKIP .*/ # SKIP/')" \
		$'ok 1 - default\nok 2 - regions\nok 3 - host-tests # SKIP\n1..3'
	t_ok "all mode: count line adds the guest checks and the host one" \
		grep -Eq '^6 passed, 0 failed, 1 skipped \(0 warnings, 2 info\) in [0-9]+\.[0-9] s$' "$R_OUT"
}

# parents_are DESC WANT: the top-level check lines of the last run.
parents_are() {
	t_is "$1" "$(grep -E '^(not )?ok ' "$R_OUT")" "$2"
}

test_select() {
	run_variants --variant regions
	t_is "--variant one: exit status" "$R_STATUS" 0
	parents_are "--variant one: its subtest only, numbered 1" "ok 1 - regions"
	t_has_line "--variant one: subtest header" "$R_OUT" "# Subtest: regions"
	t_is "--variant one: one boot" "$(cat "$R_ARGS")" "accel=tcg append=from=1 iommu=$REGIONS"
	t_ok "--variant one: count line" grep -Eq '^3 passed, 0 failed, 0 skipped \(0 warnings, 1 info\)' "$R_OUT"
	run_variants --variant regions,default
	parents_are "--variant comma list: in the file's order" $'ok 1 - default\nok 2 - regions'
	run_variants --variant=regions --variant default --variant regions
	parents_are "--variant repeated, --variant=: in the file's order, once each" \
		$'ok 1 - default\nok 2 - regions'
	run_variants --variant crashy
	parents_are "--variant crashy: the crash is its own" "not ok 1 - crashy"
	t_is "--variant crashy: exit status" "$R_STATUS" 1
}

# select_fails DESC ARGS...: ARGS are refused with status 2, a message, no boot.
select_fails() {
	local desc=$1
	shift
	run_variants "$@"
	t_is "$desc: exit 2" "$R_STATUS" 2
	t_ok "$desc: message on stderr" test -s "$R_ERR"
	t_is "$desc: nothing booted" "$(wc -c <"$R_ARGS")" 0
}

test_select_errors() {
	select_fails "unknown variant" --variant nope
	t_ok "unknown variant: names the known ones" \
		grep -q "unknown variant 'nope' (variants: default crashy regions)" "$R_ERR"
	select_fails "unknown variant in a list" --variant default,nope
	select_fails "empty --variant" --variant ''
	select_fails "empty name in a list" --variant default,,regions
	select_fails "--variant without a value" --variant
}

test_filter() {
	run_variants --filter gamma -j 1
	t_is "--filter: exit status" "$R_STATUS" 0
	t_is "--filter: passed to every variant's boot" "$(cat "$R_ARGS")" \
		"accel=tcg append=from=1 filter=gamma
accel=tcg append=from=1 filter=gamma iommu=$CRASHY
accel=tcg append=from=1 filter=gamma iommu=$REGIONS"
	t_is "--filter: each subtest has the matching test only" \
		"$(grep -E '^ *(not )?ok |^ *1\.\.' "$R_OUT")" "    ok 1 - gamma: fine [C-1]
    1..1
ok 1 - default
    ok 1 - gamma: fine [C-1]
    1..1
ok 2 - crashy
    ok 1 - gamma: fine [C-1]
    1..1
ok 3 - regions
1..3"
}

test_list() {
	run_variants --list
	t_is "--list: exit status" "$R_STATUS" 0
	t_is "--list: the variants, then the test list" "$(grep -v '^release ' "$R_OUT")" "variant default
variant crashy $CRASHY
variant regions $REGIONS
1 alpha.bypass [A-1]
2 beta.crash [B-1]
3 gamma.ok [C-1]"
	t_is "--list: one boot, in the first variant" "$(cat "$R_ARGS")" "accel=tcg append=list"
	run_variants --list --variant regions,crashy
	t_is "--list --variant: the selected variants" "$(grep '^variant ' "$R_OUT")" \
		$'variant crashy '"$CRASHY"$'\nvariant regions '"$REGIONS"
	t_is "--list --variant: booted in the first selected variant" "$(cat "$R_ARGS")" \
		"accel=tcg append=list iommu=$CRASHY"
}

# bad_file DESC CONTENT MESSAGE: a variants file with CONTENT is refused
# with status 2 and MESSAGE on stderr, before anything boots.
bad_file() {
	local desc=$1 file=$T_TMP/bad.conf
	printf '%s' "$2" >"$file"
	FAULTLINE_VARIANTS=$file run_fake variants guest
	t_is "variants file, $desc: exit 2" "$R_STATUS" 2
	t_ok "variants file, $desc: says so" grep -qF -- "$3" "$R_ERR"
	t_is "variants file, $desc: nothing booted" "$(wc -c <"$R_ARGS")" 0
}

test_bad_files() {
	bad_file "duplicate name" $'a\nb x=1\na y=2\n' "bad.conf:3: variant a is defined twice"
	bad_file "bad name" $'a\n-b x=1\n' "bad.conf:2: bad variant name '-b'"
	bad_file "options of two words" $'a x=1 y=2\n' "bad.conf:1: variant a: the options must be one word"
	bad_file "no variant" $'# nothing\n\n' "defines no variant"
	FAULTLINE_VARIANTS=$T_TMP/no-such.conf run_fake variants guest
	t_is "variants file missing: exit 2" "$R_STATUS" 2
	t_ok "variants file missing: says so" grep -q "cannot read the variants file" "$R_ERR"
	FAULTLINE_VARIANTS=$T_TMP/no-such.conf run_fake variants host
	t_is "variants file missing: host mode does not need it" "$R_STATUS" 0
	printf 'a\n  b   x=1  ' >"$T_TMP/nonl.conf"
	FAULTLINE_VARIANTS=$T_TMP/nonl.conf FAKE_PROPS=x run_fake variants --list
	t_is "variants file: spaces and no final newline are fine" "$(grep '^variant ' "$R_OUT")" \
		$'variant a\nvariant b x=1'
}

test_real_file() {
	local -a lines
	FAULTLINE_VARIANTS='' run_fake pass --list
	t_is "scripts/variants.conf: loads" "$R_STATUS" 0
	mapfile -t lines < <(grep '^variant ' "$R_OUT")
	t_is "scripts/variants.conf: the first variant is default, without options" "${lines[0]:-}" \
		"variant default"
	t_ok "scripts/variants.conf: more than the default" test "${#lines[@]}" -ge 2
	t_has_line "scripts/variants.conf: boot-bypass off" "$R_OUT" "variant no-boot-bypass boot-bypass=off"
}

test_all_variants
test_all_mode
test_select
test_select_errors
test_filter
test_list
test_bad_files
test_real_file
t_done
