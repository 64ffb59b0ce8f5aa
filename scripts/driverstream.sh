# shellcheck shell=bash
# The Linux virtio-iommu driver's requests, as QEMU's traces of the host-vfio
# and host-dma-* VMs show them, checked against the DRV statements by
# build/spec-checks/driver-stream: one more subtest, linux-driver.  Needs
# report.sh, tap.sh, util.sh.

# The events that show what the driver sent (QEMU's hw/virtio/trace-events),
# and two that show what the device did with it: the address-space switch
# after an ATTACH (the domain's bypass) and each translation (an endpoint's
# reads, against the mapping's flags).  system_reset tells a reboot (QEMU's
# system reset after the driver's requests) from the start of a boot.
DRV_TRACE_EVENTS=(system_reset device_reset get_features get_config set_config attach detach map unmap
	fill_resv_property switch_address_space translate)

# drv_trace_args PREFIX: QEMU options that trace each boot into PREFIX.boot-<pid>
# (QEMU puts its pid for %d: a boot after a crash gets a file of its own).
drv_trace_args() {
	local e
	for e in "${DRV_TRACE_EVENTS[@]}"; do
		printf -- '-trace\nvirtio_iommu_%s\n' "$e"
	done
	printf -- '-D\n%s.boot-%%d\n' "$1"
}

# drv_kernel_version BZIMAGE: the version string in a bzImage's setup header
# (its kernel_version field points at it, 0x200 bytes before).
drv_kernel_version() {
	local off
	off=$(od -An -tu2 -j $((0x20e)) -N2 -- "$1" | tr -d ' ') || return 1
	dd if="$1" bs=1 skip=$((off + 0x200)) count=64 status=none | tr '\0' '\n' |
		head -n 1 | cut -d' ' -f1
}

# drv_suite PREFIX KERNEL RAM: the linux-driver subtest from the traces of
# every boot (PREFIX.boot-*), RAM the guest's memory as START-END in hex.
drv_suite() {
	local prefix=$1 kernel=$2 ram=$3 version series line status=0
	local bin=$ROOT/build/spec-checks/driver-stream
	local traces=("$prefix".boot-*)
	version=$(drv_kernel_version "$kernel") || version=unknown
	report_subtest_begin linux-driver
	report_diag "driver: Linux $version (virtio-iommu), its requests as QEMU traced them in host-vfio and host-dma-*"
	# Verdict lines name the series, so expectations outlive a stable update.
	series=$(printf '%s\n' "$version" | cut -d. -f1,2).x
	if [[ ! -e ${traces[0]} ]]; then
		report_not_ok "linux-driver: no trace of the host-vfio or host-dma-* VMs ($prefix.boot-*)"
	elif ! make -s -C "$ROOT" driver-stream >&2; then
		report_not_ok "linux-driver: build failed: make driver-stream"
	else
		# Status 1 (a MUST broken) is in the TAP already; 2 is no verdict.  One
		# file per QEMU process: a reboot is one inside a file.
		"$bin" --driver "Linux $series" --ram "$ram" "${traces[@]}" >"$prefix.tap" \
			2>"$prefix.err" || status=$?
		while IFS= read -r line; do
			tap_classify "$line"
			case $TAP_CLASS in
			pass | fail | skip | warn | info) report_check "$line" ;;
			diag) report_line "$line" ;;
			esac
		done <"$prefix.tap"
		if ((status > 1)); then
			report_not_ok "linux-driver: driver-stream exited with status $status: $(head -n 1 "$prefix.err")"
		fi
	fi
	report_subtest_end linux-driver
}
