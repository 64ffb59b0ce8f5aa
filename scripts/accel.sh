# shellcheck shell=bash
# Choosing the accelerator.  KVM can be present yet hang every guest (it
# does on this project's machines), so "auto" boots the guest with "probe"
# under KVM for at most ACCEL_PROBE_LIMIT seconds before trusting it.  The
# outcome only changes with the QEMU binary or a reboot, so it is cached
# under that key.
# Needs scripts/qemu.sh, scripts/util.sh and scripts/facts.sh.
# Functions return their results in globals that their callers read.
# shellcheck disable=SC2034

ACCEL_PROBE_LIMIT=2

# accel_kvm_dev: the KVM device (FAULTLINE_KVM_DEV lets tests stand in for it).
accel_kvm_dev() {
	printf '%s\n' "${FAULTLINE_KVM_DEV:-/dev/kvm}"
}

# accel_kvm_usable: whether this user can open the KVM device.
accel_kvm_usable() {
	local dev
	dev=$(accel_kvm_dev)
	[[ -c $dev && -r $dev && -w $dev ]]
}

# accel_cache_file QEMU: sets ACCEL_CACHE_FILE, the cache file for this QEMU
# file (its device, inode, size and time: scripts/facts.sh) on this boot.
accel_cache_file() {
	local boot_id
	IFS= read -r boot_id </proc/sys/kernel/random/boot_id
	qemu_stamp "$1"
	ACCEL_CACHE_FILE=${XDG_CACHE_HOME:-$HOME/.cache}/faultline/accel-$QEMU_FILE_STAMP-$boot_id
}

# accel_probe PIDFILE BUILD...: boots, with "probe", the VM whose command
# line "BUILD... kvm probe" puts in QEMU_CMD, under KVM; sets ACCEL_RESULT
# (kvm or tcg) and ACCEL_REASON (why, for the accel line).
accel_probe() {
	local pidfile=$1 out status=0 start
	shift
	"$@" kvm probe
	start=$(now_us)
	out=$(qemu_run "$ACCEL_PROBE_LIMIT" "$pidfile" "${QEMU_CMD[@]}") || status=$?
	out=${out//$'\r'/}
	if ((status == 1)) && [[ $'\n'$out$'\n' == *$'\nfaultline-probe ok\n'* ]]; then
		ACCEL_RESULT=kvm
		ACCEL_REASON="kvm probe ok"
	elif qemu_timed_out "$status" $(($(now_us) - start)) "$ACCEL_PROBE_LIMIT"; then
		ACCEL_RESULT=tcg
		ACCEL_REASON="kvm probe timed out after $ACCEL_PROBE_LIMIT s"
	else
		ACCEL_RESULT=tcg
		# The last line is usually QEMU's own error message.
		ACCEL_REASON="kvm probe failed: QEMU status $status${out:+: ${out##*$'\n'}}"
	fi
}

# accel_cached_probe QEMU PIDFILE BUILD...: accel_probe, or its cached
# outcome (then ACCEL_CACHED=1).  An unwritable cache only costs the next run 2 s.
accel_cached_probe() {
	local qemu=$1 pidfile=$2 file
	shift 2
	accel_cache_file "$qemu"
	file=$ACCEL_CACHE_FILE
	ACCEL_CACHED=0
	if [[ -f $file ]] && { read -r ACCEL_RESULT && read -r ACCEL_REASON; } <"$file" &&
		[[ $ACCEL_RESULT == kvm || $ACCEL_RESULT == tcg ]]; then
		ACCEL_CACHED=1
		return 0
	fi
	accel_probe "$pidfile" "$@"
	if mkdir -p -- "${file%/*}" 2>/dev/null &&
		printf '%s\n%s\n' "$ACCEL_RESULT" "$ACCEL_REASON" >"$file.$$" 2>/dev/null; then
		mv -f -- "$file.$$" "$file"
	else
		warn "cannot write the accel cache $file"
	fi
}

# accel_choose MODE QEMU PIDFILE BUILD...: sets ACCEL (kvm or tcg) and
# ACCEL_LINE (the one line that says which and why).  BUILD... builds the
# probe's command line (accel_probe).  Returns 2 when MODE is kvm and KVM
# does not work.
accel_choose() {
	local mode=$1 qemu=$2 pidfile=$3 dev cached=
	dev=$(accel_kvm_dev)
	case $mode in
	tcg)
		ACCEL=tcg
		ACCEL_LINE="accel: tcg (requested)"
		return 0
		;;
	kvm | auto) ;;
	*)
		warn "unknown accelerator mode: $mode"
		return 2
		;;
	esac
	if ! accel_kvm_usable; then
		if [[ $mode == kvm ]]; then
			warn "--accel kvm: $dev is missing or not readable and writable"
			return 2
		fi
		ACCEL=tcg
		ACCEL_LINE="accel: tcg ($dev not usable)"
		return 0
	fi
	shift 3
	accel_cached_probe "$qemu" "$pidfile" "$@"
	if ((ACCEL_CACHED)); then
		cached=" (cached)"
	fi
	if [[ $mode == kvm && $ACCEL_RESULT != kvm ]]; then
		warn "--accel kvm: KVM does not work: $ACCEL_REASON$cached"
		return 2
	fi
	ACCEL=$ACCEL_RESULT
	ACCEL_LINE="accel: $ACCEL ($ACCEL_REASON)$cached"
}
