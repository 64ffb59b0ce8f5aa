#!/usr/bin/env bash
# --firmware (scripts/firmware.sh): qboot when the QEMU's data directories
# ("-L help") have qboot.rom, QEMU's default otherwise or when asked; the
# choice on the command line, in the stream and in the report files.
# shellcheck source=check/runner/testlib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/testlib.sh"

# Two data directories, the second with qboot.rom; a third without.
DATA=$T_TMP/share
mkdir -p "$DATA/one" "$DATA/two" "$DATA/none"
: >"$DATA/two/qboot.rom"
QBOOT_LINE="# firmware: qboot ($DATA/two/qboot.rom)"
# What the command line has between the monitor and the exit device.
WITH_BIOS='-monitor none -bios qboot.rom -device isa-debug-exit'
WITHOUT_BIOS='-monitor none -device isa-debug-exit'

test_auto_qboot() {
	FAKE_DATA_DIRS="$DATA/one $DATA/two" run_fake pass guest
	t_is "auto, qboot.rom found: exit status" "$R_STATUS" 0
	t_has_line "auto, qboot.rom found: the stream names it and where it is" "$R_OUT" "$QBOOT_LINE"
	t_ok "auto, qboot.rom found: the VM boots with -bios qboot.rom" grep -Fq -- "$WITH_BIOS" "$R_OUT"
	t_has_line "auto: environment.txt has the firmware" "$R_DIR/environment.txt" \
		"$(printf 'firmware\tqboot (%s/two/qboot.rom)' "$DATA")"
	t_ok "auto: report.md shows it" grep -Fq "| guest firmware | qboot ($DATA/two/qboot.rom) |" "$R_DIR/report.md"
}

test_auto_default() {
	FAKE_DATA_DIRS="$DATA/one $DATA/none" run_fake pass guest
	t_is "auto, no qboot.rom: exit status" "$R_STATUS" 0
	t_has_line "auto, no qboot.rom: QEMU's default, and why" "$R_OUT" \
		"# firmware: seabios (QEMU's default; its data directories have no qboot.rom)"
	t_ok "auto, no qboot.rom: no -bios" grep -Fq -- "$WITHOUT_BIOS" "$R_OUT"
	t_lacks "auto, no qboot.rom: no -bios anywhere" "$R_OUT" "-bios"
}

test_seabios_requested() {
	FAKE_DATA_DIRS="$DATA/two" run_fake pass guest --firmware seabios
	t_is "--firmware seabios: exit status" "$R_STATUS" 0
	t_has_line "--firmware seabios: QEMU's default although qboot.rom is there" "$R_OUT" \
		"# firmware: seabios (QEMU's default; requested)"
	t_lacks "--firmware seabios: no -bios" "$R_OUT" "-bios"
}

test_qboot_missing() {
	FAKE_DATA_DIRS="$DATA/none" run_fake pass guest --firmware qboot
	t_is "--firmware qboot without qboot.rom: status 2" "$R_STATUS" 2
	t_ok "--firmware qboot without qboot.rom: says so" grep -Fq "none of" "$R_ERR"
	t_is "--firmware qboot without qboot.rom: nothing booted" "$(cat "$R_ARGS")" ""
	FAKE_DATA_DIRS="$DATA/two" run_fake pass guest --firmware=qboot
	t_has_line "--firmware=qboot with qboot.rom: qboot" "$R_OUT" "$QBOOT_LINE"
}

test_bad_value() {
	run_fake pass guest --firmware ovmf
	t_is "--firmware ovmf: usage error" "$R_STATUS" 2
	t_ok "--firmware ovmf: names the choices" grep -Fq "auto, qboot or seabios" "$R_ERR"
}

test_auto_qboot
test_auto_default
test_seabios_requested
test_qboot_missing
test_bad_value
t_done
