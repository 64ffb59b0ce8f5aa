# shellcheck shell=bash
# The x86 guest's firmware (--firmware auto|qboot|seabios): qboot, QEMU's
# minimal firmware, when the QEMU at hand has it (auto, the default), else
# QEMU's own default, SeaBIOS.  The guest needs nothing from either: it gives
# the PCI BARs their addresses itself (guest-driver/pci/assign.c), so both
# start it in the same device state; qboot gets there in about half the time
# (README, "Speed").  On virt (aarch64) the image boots without firmware:
# nothing to choose.  Needs util.sh and facts.sh.
# Functions return their results in globals that their callers read.
# shellcheck disable=SC2034

QEMU_BIOS=''     # -bios's value in qemu_cmdline ('' for QEMU's default)
FIRMWARE=none    # what the guest boots with: qboot, seabios or none
FIRMWARE_LINE='' # the run's diagnostic line ('' when there is no choice)

# firmware_find QEMU FILE: sets FIRMWARE_PATH to the path of FILE in the
# first of QEMU's data directories that has it, in the order QEMU searches
# them (-L help, which also lists a wrapper's own -L directories; asked once
# per binary, scripts/facts.sh); status 1 when none has it.
firmware_find() {
	local dir
	local -a dirs=()
	FIRMWARE_PATH=''
	if qemu_ask "$1" L-help -L help; then
		mapfile -t dirs <<<"$QEMU_ANSWER"
	fi
	for dir in ${dirs[@]+"${dirs[@]}"}; do
		if [[ -n $dir && -f $dir/$2 ]]; then
			FIRMWARE_PATH=$(cd -- "$dir" && pwd)/$2
			return 0
		fi
	done
	return 1
}

# firmware_choose QEMU CHOICE: sets QEMU_BIOS, FIRMWARE and FIRMWARE_LINE
# for CHOICE (auto, qboot or seabios); qboot asked for and missing is status
# 2.  QEMU finds qboot.rom by its name, as it did here: the name also works
# for the QEMU inside the nested-KVM VM, whose data directory differs.
firmware_choose() {
	local qemu=$1 choice=$2
	QEMU_BIOS='' FIRMWARE=none FIRMWARE_LINE=''
	[[ ${GUEST_ARCH:-x86_64} == x86_64 ]] || return 0
	if [[ $choice != seabios ]] && firmware_find "$qemu" qboot.rom; then
		QEMU_BIOS=qboot.rom FIRMWARE=qboot FIRMWARE_LINE="firmware: qboot ($FIRMWARE_PATH)"
		return 0
	fi
	if [[ $choice == qboot ]]; then
		warn "--firmware qboot: none of $qemu's data directories has qboot.rom ($qemu -L help lists them)"
		return 2
	fi
	FIRMWARE=seabios
	if [[ $choice == seabios ]]; then
		FIRMWARE_LINE="firmware: seabios (QEMU's default; requested)"
	else
		FIRMWARE_LINE="firmware: seabios (QEMU's default; its data directories have no qboot.rom)"
	fi
}
