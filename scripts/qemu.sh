# shellcheck shell=bash
# Building QEMU command lines, running one VM with a bounded wait, and saying
# what a QEMU exit status means (docs/guest-protocol.md, "Exit codes").
# Functions return their results in globals that their callers read.
# shellcheck disable=SC2034

# The machine and exit device differ per architecture (GUEST_ARCH).
# shellcheck source=scripts/arch.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/arch.sh"

# guest_devices [IOMMU_OPTIONS]: the devices under test, one argument per
# line; IOMMU_OPTIONS (a variant's, scripts/variants.conf) are appended to
# virtio-iommu-pci's.  The only place that lists the devices, so that the
# probe, --list and every variant boot the same machine.
guest_devices() {
	local iommu=virtio-iommu-pci
	if [[ -n ${1:-} ]]; then
		iommu+=,$1
	fi
	# edu and virtio-rng (iommu_platform=on) are two kinds of DMA-capable
	# endpoint; on q35 and on virt (its device tree's iommu-map) every PCI
	# device sits behind the virtio-iommu, and an endpoint's ID is its
	# requester ID.
	printf '%s\n' -device "$iommu" -device "$(arch_edu)" \
		-device virtio-rng-pci,iommu_platform=on,disable-legacy=on
}

# qemu_cmdline QEMU ACCEL IMAGE APPEND [IOMMU_OPTIONS [ICOUNT]]: sets QEMU_CMD
# to the full command line.  IOMMU_OPTIONS' "machine.P=V" elements are the
# machine's properties (a variant of virt's GIC), appended to -machine's value.  A guest reset ends QEMU (-no-reboot) unless
# APPEND has reboot=on, the boot of a test that resets the machine
# (harness/reset.h).  ICOUNT is -icount's value ('' for none: qemu_icount).
# QEMU_BIOS, when set, is -bios's value, the firmware (scripts/firmware.sh).
qemu_cmdline() {
	local qemu=$1 accel=$2 image=$3 append=$4 iommu_opts=${5:-} icount=${6:-} reboot=-no-reboot
	local -a devices machine exitdev opts
	local opt iommu='' mach=''
	if [[ " $append " == *" reboot=on "* ]]; then
		reboot=
	fi
	IFS=, read -r -a opts <<<"$iommu_opts"
	for opt in ${opts[@]+"${opts[@]}"}; do
		if [[ $opt == machine.* ]]; then
			mach+=,${opt#machine.}
		else
			iommu+=${iommu:+,}$opt
		fi
	done
	mapfile -t devices < <(guest_devices "$iommu")
	mapfile -t machine < <(arch_machine)
	machine[1]+=$mach
	mapfile -t exitdev < <(arch_exit_device)
	# The commas belong to QEMU option values.
	# shellcheck disable=SC2054
	QEMU_CMD=("$qemu" "${machine[@]}" -accel "$accel" ${icount:+-icount "$icount"} -m 256M -nodefaults
		${reboot:+"$reboot"} -display none -serial stdio -monitor none ${QEMU_BIOS:+-bios "$QEMU_BIOS"}
		"${exitdev[@]}"
		"${devices[@]}" -kernel "$image" -append "$append")
}

# qemu_probe_cmdline QEMU IMAGE ACCEL APPEND: qemu_cmdline for accel_choose,
# which adds the accelerator and the append string last.
qemu_probe_cmdline() {
	qemu_cmdline "$1" "$3" "$2" "$4"
}

# qemu_icount ACCEL SHIFT: -icount's value for a run (empty for none).  In
# virtual time (sleep=off) a halted guest's clock runs straight to the next
# timer, so edu's 100 ms transfers cost no wall time; only TCG has it.
qemu_icount() {
	if [[ $1 == tcg && $2 != off ]]; then
		printf 'shift=%s,sleep=off\n' "$2"
	fi
}

# qemu_quote ARG...: the arguments as one line that a shell reads back as
# the same words (printf %q would also escape harmless commas).
qemu_quote() {
	local arg out=
	for arg in "$@"; do
		if [[ ! $arg =~ ^[A-Za-z0-9_./=,:+@%-]+$ ]]; then
			arg="'${arg//\'/\'\\\'\'}'"
		fi
		out+=" $arg"
	done
	printf '%s\n' "${out# }"
}

# The runner's VM supervisor (runner/vmrun.c, built by run.sh, or by make
# check, which names it in FAULTLINE_VMRUN).
QEMU_VMRUN=${FAULTLINE_VMRUN:-${ROOT:-.}/build/runner/vmrun}

# qemu_run LIMIT PIDFILE CMD...: runs CMD for at most LIMIT seconds with
# stdout and stderr merged (QEMU's own errors belong in the console tail),
# and returns its status (124: timed out; 137: killed after ignoring SIGTERM).
# QEMU writes the serial console a byte at a time and its own messages a line
# at a time: merged raw, a message landed inside a check line and hid it (the
# intel-iommu model's "detected translation failure" in a VFIO VM), so vmrun
# passes each stream on a whole line at a time.  vmrun's pid is in PIDFILE
# while it runs, so that an interrupted run can stop it: it puts QEMU in a
# process group of its own, out of reach of ^C, as timeout(1) did.  QEMU's
# stdin is /dev/null: with -serial stdio it would otherwise put a terminal
# in raw mode.  vmrun is one process where timeout(1) and a grep(1) for each
# stream were four, at every boot (about 10 ms of CPU each).
qemu_run() {
	"$QEMU_VMRUN" "$@"
}

# qemu_stream STATUS_FILE [-o OUT_FILE] LIMIT PIDFILE CMD...: qemu_run in a
# process substitution (exec: no subshell left waiting), QEMU's status to
# STATUS_FILE before the stream ends; with -o the lines go to OUT_FILE and
# the stream says when there are more (runner/vmrun.c, scripts/stream.sh).
qemu_stream() {
	exec "$QEMU_VMRUN" -s "$@"
}

# qemu_stop PIDFILE: stops a VM started by qemu_run, if it still runs.
# vmrun forwards SIGTERM to QEMU and its process group.
qemu_stop() {
	local pid
	if [[ -f $1 ]]; then
		pid=$(<"$1")
		kill -TERM "$pid" 2>/dev/null || return 0
	fi
}

# qemu_timed_out STATUS ELAPSED_US LIMIT_S: whether STATUS means that
# qemu_run's time limit ended the VM.  137 is also what an outside SIGKILL
# gives, so it counts as a timeout only when the limit was reached.
qemu_timed_out() {
	local status=$1 elapsed_us=$2 limit=$3
	if ((status == 124)); then
		return 0
	fi
	((status == 137)) || return 1
	# Limits may have decimals ("0.5"); compare in microseconds.
	local whole=${limit%%.*} frac=0
	if [[ $limit == *.* ]]; then
		frac=${limit#*.}000000
		frac=$((10#${frac:0:6}))
	fi
	((elapsed_us >= 10#${whole:-0} * 1000000 + frac))
}

# qemu_why STATUS ELAPSED_US LIMIT DONE BAIL: sets QEMU_WHY to why a VM that
# did not finish cleanly ended, in the words of the verdict line.
qemu_why() {
	local status=$1 elapsed_us=$2 limit=$3 done=$4 bail=$5 sig
	if qemu_timed_out "$status" "$elapsed_us" "$limit"; then
		QEMU_WHY="timeout after $limit s"
	elif ((status > 128 && status <= 192)) && sig=$(kill -l $((status - 128)) 2>/dev/null); then
		# 128 + N is how the shell reports a child killed by signal N; an odd
		# status above that range is a guest exit code ((code << 1) | 1).
		QEMU_WHY="QEMU killed by signal SIG$sig"
	elif ((status == 0)); then
		QEMU_WHY="guest reset or triple fault"
	elif ((status == 5)); then
		QEMU_WHY="guest bailed out: ${bail:-(no Bail out! line)}"
	elif ((!done && (status == 1 || status == 3))); then
		QEMU_WHY="QEMU exited with status $status without # done"
	else
		QEMU_WHY="QEMU exited with status $status"
	fi
}
