#!/usr/bin/env bash
# --arch: the machine, exit device, edu and accel line of each architecture
# on the QEMU command line, a variant's machine.P options on -machine, the
# errors, and --arch all's arch/variant matrix, one bundle with its runs.
# shellcheck source=check/runner/testlib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/testlib.sh"

# qemu_line: the first "# qemu:" line of the last run.
qemu_line() {
	sed -n 's/^ *# qemu: //p' "$R_OUT" | head -n 1
}

# has DESC WORDS: the last run's command line holds WORDS.
has() {
	local line
	line=$(qemu_line)
	if [[ " $line " == *" $2 "* ]]; then
		t_pass "$1"
	else
		t_fail "$1" "command line: $line" "wanted: $2"
	fi
}

# lacks DESC WORDS: it does not.
lacks() {
	local line
	line=$(qemu_line)
	if [[ " $line " != *" $2 "* ]]; then
		t_pass "$1"
	else
		t_fail "$1" "command line: $line" "unwanted: $2"
	fi
}

run_fake pass guest
t_is "x86_64 (default): exit status" "$R_STATUS" 0
has "x86_64: q35" "-machine q35 -accel tcg"
has "x86_64: isa-debug-exit" "-device isa-debug-exit,iobase=0xf4,iosize=0x4"
has "x86_64: edu reaches every 64-bit IOVA (its default mask is 28 bits)" "-device edu,dma_mask=0xffffffffffffffff"

run_fake pass guest --arch aarch64
t_is "aarch64: exit status" "$R_STATUS" 0
has "aarch64: virt with a 64-bit CPU" "-machine virt -cpu cortex-a57 -accel tcg"
has "aarch64: semihosting exits" "-semihosting"
lacks "aarch64: no isa-debug-exit" "-device isa-debug-exit,iobase=0xf4,iosize=0x4"
has "aarch64: edu's DMA mask covers virt's RAM and every IOVA" "-device edu,dma_mask=0xffffffffffffffff"
t_has_line "aarch64: TCG without a KVM probe" "$R_OUT" "# accel: tcg (aarch64 guest, $(uname -m) host: no KVM)"

printf 'gicv3 boot-bypass=off,machine.gic-version=3\n' >"$T_TMP/machine.conf"
FAULTLINE_VARIANTS=$T_TMP/machine.conf FAKE_PROPS=boot-bypass run_fake pass guest --arch aarch64
t_is "machine.P variant: exit status" "$R_STATUS" 0
has "machine.P goes to -machine" "-machine virt,gic-version=3 -cpu"
has "the rest to virtio-iommu-pci" "-device virtio-iommu-pci,boot-bypass=off -device"

run_fake pass guest --arch sparc
t_is "unknown --arch: usage error" "$R_STATUS" 2
t_ok "unknown --arch: the known ones named" grep -q "x86_64, aarch64 or all" "$R_ERR"
run_fake pass guest --arch aarch64 --accel kvm
t_is "aarch64 under KVM on another host: setup error" "$R_STATUS" 2

# verifies DIR, fails_to_verify DIR: run.sh --verify's verdict on DIR.
verifies() {
	"$T_ROOT/run.sh" --verify "$1" >/dev/null 2>&1
}
fails_to_verify() {
	! verifies "$1"
}

run_fake pass guest --arch all
t_is "--arch all: exit status" "$R_STATUS" 0
t_is "--arch all: one run per architecture" "$(grep '^# arch ' "$R_OUT" | tr '\n' ' ')" \
	"# arch x86_64 # arch aarch64 "
t_is "--arch all: the matrix has arch/variant subtests" \
	"$(grep '^# Subtest: ' "$R_DIR/results.tap" | tr '\n' ' ')" \
	"# Subtest: x86_64/default # Subtest: aarch64/default "
t_ok "--arch all: each run has its directory" test -f "$R_DIR/arch-x86_64/results.tap" -a \
	-f "$R_DIR/arch-aarch64/results.tap"
t_ok "--arch all: the matrix's report" test -s "$R_DIR/report.md"
t_ok "--arch all: the whole directory verifies as one bundle" verifies "$R_DIR"
printf 'edited\n' >>"$R_DIR/arch-aarch64/console-default-1.log"
t_ok "--arch all: an edit in one run's directory fails the bundle" fails_to_verify "$R_DIR"
# A run's report edited and both manifests written over it: the bytes agree,
# the run's report no longer follows from its results.
run_fake pass guest --arch all
printf 'edited\n' >>"$R_DIR/arch-aarch64/report.md"
"$T_ROOT/scripts/bundle.sh" write "$R_DIR/arch-aarch64" 2>/dev/null
"$T_ROOT/scripts/bundle.sh" write "$R_DIR" 2>/dev/null
"$T_ROOT/run.sh" --verify "$R_DIR" >"$T_TMP/verify.out" 2>&1 || :
t_ok "--arch all: a run's report that its results do not give fails the top" \
	grep -q '^arch-aarch64/: report: report.md is not what results.tap gives' "$T_TMP/verify.out"
t_done
