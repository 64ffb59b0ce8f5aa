# shellcheck shell=bash
# The host tests: the iommufd fault-queue tests (host-tests/) in a Linux test
# VM (vm-images/).  The VM's /init speaks the guest protocol, so the guest
# suite's runner boots it, streams it, charges crashes and resumes with
# from=N; only the QEMU command line differs.  Nothing runs on the host's
# own devices.  Needs run.sh (ROOT, OPT_*, setup_qemu, PIDFILE, LOG_DIR),
# deps.sh, util.sh, qemu.sh, accel.sh, settings.sh.

HOST_MEMORY=512M
HOST_RUNS=() # the settings files of the test VMs (host_runs)
# The last byte of guest RAM: q35 puts HOST_MEMORY (in MiB, under 2 GiB) all
# below 4 GiB, from 0.
host_ram_last() {
	printf '0x%x\n' $((${HOST_MEMORY%M} * 1024 * 1024 - 1))
}
# Kernel arguments before the protocol's: panic=-1 turns a panic into a
# reset (QEMU exits, the runner resumes) instead of a hang until the timeout.
# no_timer_check: on a busy host (VMs run at once, under TCG) the boot's
# check that the IO-APIC timer ticks often enough fails and panics ("IO-APIC
# + timer doesn't work"); it tests the emulator's speed, not the tests.
HOST_KERNEL_ARGS='console=ttyS0 panic=-1 quiet no_timer_check'
# The VM configurations, one subtest each: the devices and kernel arguments
# each adds.  host-vfio and host-vfio-vtd put QEMU's edu behind virtio-iommu
# (q35: QEMU makes the ACPI VIOT) and behind VT-d (the DMAR table) for the
# VFIO tests, which /init runs on suite=vfio.  edu sits alone behind a PCIe
# root port so that vfio-pci can reset it (a secondary bus reset: edu has no
# FLR).  virtio-iommu has no interrupt remapping, so VFIO type1 and iommufd
# refuse the device there unless unsafe interrupts are allowed: acceptable in
# a throw-away VM whose one assigned device is emulated.  VT-d remaps them
# (intremap=on), so that VM allows nothing unsafe.  loglevel=3 keeps the
# drivers' fault messages (errors) off the console, between the TAP lines;
# the tests read them from /dev/kmsg.
# no_timer_check: under TCG on a busy machine the VT-d VM's IO-APIC timer
# check can time out and panic the boot ("timer doesn't work through
# Interrupt-remapped IO-APIC"); the check proves nothing these tests need.
# host-vfio-quirks: the same, behind a virtio-iommu built from Debian's QEMU
# source with vm-images/qemu-quirks/ (vm-images/qemu-quirks.sh), every
# unusual behaviour on: the Linux driver's robustness statements (suite=quirks).
# host-vfio also has a virtio-rng with iommu_platform=on: the kernel's own
# DMA (DMA API) through virtio-iommu, in the default lazy DMA domain;
# host-dma-strict and host-dma-passthrough boot it alone in the other default
# domain modes (suite=dma).  The three are traced for the linux-driver subtest.
# host-vfio-aw39 (not run by default: QEMU 9.0 added aw-bits) is host-vfio
# with a 39-bit input_range, the bound DRV-OPS-4 holds the driver to.
# host-dma-granule (not run by default: QEMU 8.1 added granule) is a host-dma-*
# VM in the default (lazy) mode with a 16 KiB granule, larger than x86's
# page: what the Linux driver does with a page_size_mask it cannot map with.
HOST_QUIRKS=0x1ff
HOST_CONFIGS=(host-tests host-vfio host-vfio-vtd host-dma-strict host-dma-passthrough)
# Every configuration; FAULTLINE_HOST_CONFIGS="NAME..." picks among them
# (make check runs host-vfio-quirks on its own: it needs a QEMU build).
HOST_KNOWN_CONFIGS=(host-tests host-vfio host-vfio-vtd host-dma-strict host-dma-passthrough host-vfio-quirks
	host-vfio-aw39 host-dma-granule)
HOST_EDU='-device pcie-root-port,id=rp0,chassis=1 -device edu,bus=rp0'
HOST_RNG='-device virtio-rng-pci,iommu_platform=on,disable-legacy=on'
declare -A HOST_DEVICES=([host-tests]=''
	[host-vfio]="-device virtio-iommu-pci $HOST_EDU $HOST_RNG"
	[host-dma-strict]="-device virtio-iommu-pci $HOST_RNG"
	[host-dma-passthrough]="-device virtio-iommu-pci $HOST_RNG"
	[host-vfio-aw39]="-device virtio-iommu-pci,aw-bits=39 $HOST_EDU $HOST_RNG"
	[host-dma-granule]="-device virtio-iommu-pci,granule=16k $HOST_RNG"
	[host-vfio-vtd]="-device intel-iommu,intremap=on $HOST_EDU"
	[host-vfio-quirks]="-device virtio-iommu-pci,x-faultline-quirks=$HOST_QUIRKS $HOST_EDU")
declare -A HOST_ARGS=([host-tests]=''
	[host-vfio]='loglevel=3 vfio_iommu_type1.allow_unsafe_interrupts=1 iommufd.allow_unsafe_interrupts=1 suite=vfio'
	[host-vfio-vtd]='loglevel=3 intel_iommu=on suite=vfio'
	[host-dma-strict]='loglevel=3 iommu.strict=1 suite=dma'
	[host-dma-passthrough]='loglevel=3 iommu.passthrough=1 suite=dma'
	[host-vfio-quirks]='loglevel=3 vfio_iommu_type1.allow_unsafe_interrupts=1 suite=quirks')
HOST_ARGS[host-vfio-aw39]=${HOST_ARGS[host-vfio]}
HOST_ARGS[host-dma-granule]='loglevel=3 suite=dma'
# host_qemu_cmdline QEMU ACCEL KERNEL INITRD CONFIG APPEND: sets QEMU_CMD to
# the command line of the test VM of CONFIG (one of HOST_CONFIGS).
host_qemu_cmdline() {
	local qemu=$1 accel=$2 kernel=$3 initrd=$4 config=$5 append=$6 args
	local -a devices
	local -a firmware=() cpu=()
	args=${HOST_ARGS[$config]}
	read -r -a devices <<<"${HOST_DEVICES[$config]}"
	# The VFIO VMs check the kvm-vfio device (host-tests/vfio_kvm.c): under
	# TCG, -cpu max is an AMD model with SVM, which kvm_amd accepts.
	if [[ $config == host-vfio || $config == host-vfio-vtd ]]; then
		cpu=(-cpu max)
	fi
	if [[ $config == host-vfio-quirks ]]; then
		# Built without firmware: Debian's own, from the installed QEMU.
		qemu=$HOST_QUIRKS_QEMU firmware=(-L /usr/share/qemu -L /usr/share/seabios)
	fi
	# The Linux driver's requests, for the linux-driver subtest (driverstream.sh).
	if [[ $config =~ ^host-(vfio|vfio-aw39|dma-.*)$ && -n ${HOST_TRACE:-} ]]; then
		mapfile -t -O "${#devices[@]}" devices < <(drv_trace_args "$HOST_TRACE")
	fi
	# The serial console to stdio and, with a run's log directory, also to
	# serial-CONFIG.log as QEMU's serial device sent it: a check line that
	# never reached the runner (README, the VFIO VMs) shows there whether
	# the VM or the way out lost it.  Commas in the path are doubled for QEMU.
	local serial=(-serial stdio) log=${LOG_DIR:+$LOG_DIR/serial-$config.log}
	if [[ -n $log ]]; then
		serial=(-chardev "stdio,id=con0,logfile=${log//,/,,},logappend=on" -serial chardev:con0)
	fi
	# The commas belong to QEMU option values.
	# shellcheck disable=SC2054
	QEMU_CMD=("$qemu" "${firmware[@]}" -machine q35 -accel "$accel" "${cpu[@]}" -m "$HOST_MEMORY" -nodefaults
		-no-reboot -display none "${serial[@]}" -monitor none
		-device isa-debug-exit,iobase=0xf4,iosize=0x4 "${devices[@]}"
		-kernel "$kernel" -initrd "$initrd"
		-append "$HOST_KERNEL_ARGS ${args:+$args }$append")
}

# host_probe_cmdline QEMU KERNEL INITRD ACCEL APPEND: the first test VM, for
# accel_choose, which adds the accelerator and the append string last.
host_probe_cmdline() {
	host_qemu_cmdline "$1" "$4" "$2" "$3" host-tests "$5"
}

# The modules /init loads when the kernel has its drivers as modules (Debian's
# does); built-in or absent ones are left out (vm-images/modules.sh).
HOST_MODULES=(virtio_iommu vfio_pci vfio_iommu_type1 iommufd virtio_rng kvm_amd)

# The VFIO VMs whose initramfs also carries a QEMU and the inner guest
# (vm-images/inner-qemu.sh), for host-tests/vfio_qemu_assign.c, which assigns
# edu to a KVM guest of that QEMU's with -device vfio-pci.
HOST_INNER_CONFIGS=(host-vfio host-vfio-vtd host-vfio-aw39)

# host_inner_qemu: the QEMU binary to stage (its libraries are found with
# ldd): the runner's, or where that is a wrapper (a --qemu-release root's),
# the one on PATH.  The inner QEMU is a tool of the test, not the device
# under test.  Prints nothing when neither is an ELF binary.
host_inner_qemu() {
	local qemu
	for qemu in "$QEMU" "$(command -v qemu-system-x86_64 || :)"; do
		if [[ -n $qemu && $(readelf -h -- "$qemu" 2>/dev/null) == *ELF* ]]; then
			printf '%s\n' "$qemu"
			return
		fi
	done
}

# host_inner: HOST_INNER_INITRAMFS, HOST_INITRAMFS followed by the inner
# QEMU's archive (the kernel unpacks both; zeros pad the first to a
# multiple of 4, where the kernel looks for the next archive's header, as in
# nested_initrd), when a configuration that runs needs
# it.  Without a QEMU binary to stage it is HOST_INITRAMFS: the tests skip,
# saying so.
host_inner() {
	local image=$ROOT/build/guest/assign.flat key archive config qemu need=0
	HOST_INNER_INITRAMFS=$HOST_INITRAMFS
	for config in "${HOST_CONFIGS[@]}"; do
		[[ " ${HOST_INNER_CONFIGS[*]} " == *" $config "* ]] && need=1
	done
	((need)) || return 0
	qemu=$(host_inner_qemu)
	if [[ -z $qemu ]]; then
		warn "no QEMU binary (ELF) to run inside the VFIO VMs: VFIO-QEMU-ASSIGN- skip"
		return 0
	fi
	make -s -C "$ROOT" build/guest/assign.flat >&2 || die 2 "build failed: the inner guest $image"
	key=$(cat -- "$qemu" "$ROOT/vm-images/inner-qemu.sh" "$ROOT/vm-images/qemu-stage.sh" "$image" | sha256sum)
	archive=$HOST_VB/inner-${key:0:12}.cpio
	[[ -f $archive ]] || "$ROOT/vm-images/inner-qemu.sh" "$archive" "$qemu" "$image" || exit 2
	# Named by the archive, written again only when an input is newer (76 MB
	# to write cost a run 0.4 s): aside, then renamed, so that an interrupted
	# write leaves no file to be taken for a whole one.
	HOST_INNER_INITRAMFS=${HOST_INITRAMFS%.cpio}-inner-${key:0:12}.cpio
	[[ $HOST_INNER_INITRAMFS -nt $HOST_INITRAMFS && $HOST_INNER_INITRAMFS -nt $archive ]] && return 0
	{
		cat -- "$HOST_INITRAMFS"
		head -c "$(((4 - $(stat -c %s -- "$HOST_INITRAMFS") % 4) % 4))" /dev/zero
		cat -- "$archive"
	} >"$HOST_INNER_INITRAMFS.$$" || die 2 "cannot write $HOST_INNER_INITRAMFS"
	mv -f -- "$HOST_INNER_INITRAMFS.$$" "$HOST_INNER_INITRAMFS" || die 2 "cannot write $HOST_INNER_INITRAMFS"
}

# host_series: the linux-source series vm-images/kernel.sh builds: --kernel-src's,
# else 6.12 for "--kernel debian" (the tests are built against the uAPI of
# the kernel they meet), else kernel.sh's default (the newest).
host_series() {
	if [[ -n ${OPT_KERNEL_SRC:-} ]]; then
		export FAULTLINE_KERNEL_SERIES=$OPT_KERNEL_SRC
	elif [[ ${OPT_KERNEL:-} == debian ]]; then
		export FAULTLINE_KERNEL_SERIES=6.12
	fi
}

# host_prefetch: on a machine without the test kernel, starts its build
# (vm-images/kernel.sh: the source's download and minutes of make) in the
# background, in a process group of its own, so that the guest suite runs
# meanwhile.  host_kernel waits for it; cleanup stops it (host_prefetch_stop).
host_prefetch() {
	HOST_PREFETCH=
	[[ ${FAULTLINE_HOST_TESTS:-on} != off && -z ${OPT_KERNEL:-} ]] || return 0
	host_series
	setsid bash -c "$(declare -f host_prefetch_job host_make host_tree_tag host_build_dirs)
		host_prefetch_job \"\$1\"" _ "$ROOT" >/dev/null &
	HOST_PREFETCH=$!
}

# host_prefetch_job ROOT: the kernel's build and, beside it, the host tests'
# (the tree's uAPI headers, the KVM library and the programs: about a minute
# of make on a cold machine, which fills the kernel make's serial stretches).
# Quiet: host_build makes them again, and says what failed.
host_prefetch_job() {
	local ROOT=$1 ksrc
	ksrc=$("$ROOT/vm-images/kernel.sh" source) || return 0
	! "$ROOT/vm-images/kernel.sh" cached >/dev/null || return 0
	"$ROOT/vm-images/kernel.sh" build >/dev/null &
	host_build_dirs "$ksrc"
	host_make "$ksrc" initramfs HB="$HOST_HB" VB="$HOST_VB" >/dev/null 2>&1 || :
	wait
}

# host_prefetch_busy: whether the background build is still running.
host_prefetch_busy() {
	[[ -n ${HOST_PREFETCH:-} ]] && kill -0 "$HOST_PREFETCH" 2>/dev/null
}

# host_prefetch_wait: waits for the background build; its errors are on
# stderr already, and host_kernel's own call of kernel.sh repeats them.
host_prefetch_wait() {
	[[ -n ${HOST_PREFETCH:-} ]] || return 0
	wait "$HOST_PREFETCH" || :
	HOST_PREFETCH=
}

host_prefetch_stop() {
	if host_prefetch_busy; then
		kill -TERM -- "-$HOST_PREFETCH" 2>/dev/null || :
	fi
}

# host_kernel: sets HOST_KERNEL to --kernel's bzImage (or Debian's, for
# "--kernel debian"), or the cached or freshly built one (vm-images/kernel.sh),
# and HOST_KSRC to the kernel tree the tests are built against.
host_kernel() {
	host_series
	host_prefetch_wait
	HOST_KSRC=$("$ROOT/vm-images/kernel.sh" source) || exit 2
	case ${OPT_KERNEL:-} in
	'') HOST_KERNEL=$("$ROOT/vm-images/kernel.sh" build) || exit 2 ;;
	debian) HOST_KERNEL=$("$ROOT/vm-images/debian-kernel.sh") || exit 2 ;;
	*) HOST_KERNEL=$OPT_KERNEL ;; # a file: host_args_check
	esac
}

# host_moddir: the module tree of HOST_KERNEL when it is <root>/boot/vmlinuz-<v>
# beside <root>/lib/modules/<v> (a package's layout, or the host's /boot).
host_moddir() {
	local name dir
	name=$(basename -- "$HOST_KERNEL")
	[[ $name == vmlinuz-* ]] || return 1
	dir=$(dirname -- "$HOST_KERNEL")/../lib/modules/${name#vmlinuz-}
	[[ -d $dir/kernel ]] && printf '%s\n' "$dir"
}

# host_modules: for a kernel with a module tree, the initramfs gets a second
# archive (the kernel unpacks both) with the modules HOST_MODULES needs.
host_modules() {
	local moddir overlay combined
	moddir=$(host_moddir) || return 0
	overlay=$HOST_VB/modules-$(basename -- "$moddir").cpio.gz
	# Both rewritten only when they change, so that host_inner sees them
	# older than its own file (aside, then renamed, as there).
	"$ROOT/vm-images/modules.sh" "$moddir" "$overlay.$$" "${HOST_MODULES[@]}" || exit 2
	if cmp -s -- "$overlay.$$" "$overlay"; then
		rm -f -- "$overlay.$$"
	else
		mv -f -- "$overlay.$$" "$overlay"
	fi
	combined=${overlay%.cpio.gz}-initramfs.cpio
	if [[ ! $combined -nt $HOST_INITRAMFS || ! $combined -nt $overlay ]]; then
		cat -- "$HOST_INITRAMFS" "$overlay" >"$combined.$$" || die 2 "cannot write $combined"
		mv -f -- "$combined.$$" "$combined" || die 2 "cannot write $combined"
	fi
	HOST_INITRAMFS=$combined
}

# host_tree_tag KSRC: a name for tree KSRC's build directories: its
# directory's name and a digest of its path.
host_tree_tag() {
	local sum
	sum=$(printf '%s' "$1" | sha256sum)
	printf '%s-%s\n' "$(basename -- "$1")" "${sum:0:8}"
}

# host_make KSRC ARGS...: make -C ROOT with KSRC, ARGS and KVM_B on every
# core.  KVM_B, where the KVM selftests library of the tree is built (its uAPI
# headers and the library, 33 s of a 51 s build on 2 cores), is in the cache,
# outside the checkout, so that a fresh clone reuses it; keyed by the tree,
# host-tests/kvm_lib.mk and the compiler, and locked while make runs: runs
# at once (a second run.sh, make check's steps) would build it together.
host_make() {
	local ksrc=$1 key kvm_b
	shift
	key=$({ cat -- "$ROOT/host-tests/kvm_lib.mk"; "${CC:-cc}" --version; make --version; } 2>&1 | sha256sum)
	kvm_b=${XDG_CACHE_HOME:-$HOME/.cache}/faultline/kvm-lib/$(host_tree_tag "$ksrc")-${key:0:8}
	mkdir -p -- "$(dirname -- "$kvm_b")"
	flock "$kvm_b.lock" make -s -j"$(nproc)" -C "$ROOT" KSRC="$ksrc" KVM_B="$kvm_b" "$@"
}

# host_build_dirs KSRC: HOST_HB and HOST_VB, the build directories of the
# programs and of the initramfs for tree KSRC.
host_build_dirs() {
	local tag
	tag=$(host_tree_tag "$1")
	HOST_HB=$ROOT/build/host-tests/$tag HOST_VB=$ROOT/build/vm-images/$tag
}

# host_build: the static test programs and the initramfs (make's output to
# stderr: stdout is the TAP stream), in build directories of their own per
# kernel tree, since each tree's uAPI headers make different programs.
host_build() {
	host_build_dirs "$HOST_KSRC"
	if ! host_make "$HOST_KSRC" initramfs HB="$HOST_HB" VB="$HOST_VB" >&2; then
		warn "build failed: make initramfs (see the errors above)"
		exit 2
	fi
	HOST_INITRAMFS=$HOST_VB/initramfs.cpio
}

# host_pick_configs: HOST_CONFIGS from FAULTLINE_HOST_CONFIGS, when set.
host_pick_configs() {
	local name
	[[ -n ${FAULTLINE_HOST_CONFIGS:-} ]] || return 0
	read -r -a HOST_CONFIGS <<<"$FAULTLINE_HOST_CONFIGS"
	for name in "${HOST_CONFIGS[@]}"; do
		[[ " ${HOST_KNOWN_CONFIGS[*]} " == *" $name "* ]] ||
			die 2 "FAULTLINE_HOST_CONFIGS: no configuration $name (known: ${HOST_KNOWN_CONFIGS[*]})"
	done
}

# host_args_check: the host tests' command line and environment, checked
# before a run empties its --out directory (scripts/outdir.sh).
host_args_check() {
	host_pick_configs
	case ${OPT_KERNEL:-} in
	'' | debian) ;;
	*) [[ -f $OPT_KERNEL ]] || die 2 "--kernel: $OPT_KERNEL is not a file" ;;
	esac
}

# host_setup: everything up to a bootable VM; exits 2 on a setup error.
host_setup() {
	host_args_check
	deps_ensure "${DEPS_HOST_CMDS[@]}" timeout || exit 2
	deps_ensure_pkgs "${DEPS_HOST_PKGS[@]}" || exit 2
	host_kernel
	host_build
	host_modules
	if [[ " ${HOST_CONFIGS[*]} " == *" host-vfio-quirks "* ]]; then
		HOST_QUIRKS_QEMU=$("$ROOT/vm-images/qemu-quirks.sh") || exit 2
	fi
	if [[ -z ${QEMU:-} ]]; then
		deps_ensure qemu-system-x86_64 || exit 2
		setup_qemu
	fi
	host_inner
	if [[ -z ${ACCEL:-} ]]; then
		# The probe boots the test VM with "probe", which its /init answers.
		accel_choose "$OPT_ACCEL" "$QEMU" "$PIDFILE" \
			host_probe_cmdline "$QEMU" "$HOST_KERNEL" "$HOST_INITRAMFS" || exit 2
	fi
}

# host_runs DIR: sets up the test VMs (host_setup) and writes one settings
# file per configuration into DIR (scripts/settings.sh), their paths in
# HOST_RUNS.  FAULTLINE_HOST_TESTS=off leaves HOST_RUNS empty: the runner's own
# tests (fake QEMUs, check/runner/) must not build a kernel or boot one.
host_runs() {
	local dir=$1 config file append initrd
	HOST_RUNS=()
	if [[ ${FAULTLINE_HOST_TESTS:-on} == off ]]; then
		return 0
	fi
	host_setup
	HOST_TRACE=$LOG_DIR/trace-host-vfio
	for config in "${HOST_CONFIGS[@]}"; do
		file=$dir/run-$config
		initrd=$HOST_INITRAMFS
		[[ " ${HOST_INNER_CONFIGS[*]} " != *" $config "* ]] || initrd=$HOST_INNER_INITRAMFS
		host_qemu_cmdline "$QEMU" "$ACCEL" "$HOST_KERNEL" "$initrd" "$config" ''
		# Each of the run's boots appends to it (host_qemu_cmdline): emptied first.
		: >"$LOG_DIR/serial-$config.log"
		append=${QEMU_CMD[-1]}
		# Console logs are console-host-<boot>.log, console-host-vfio-<boot>.log ...
		settings_write "$file" name="$config" log="${config%-tests}" log_dir="$LOG_DIR" \
			pidfile="$file.pid" timeout="$OPT_TIMEOUT" filter="$OPT_FILTER" \
			append="${append% }" diag="kernel: $HOST_KERNEL" -- "${QEMU_CMD[@]:0:${#QEMU_CMD[@]}-2}" ||
			exit 2
		HOST_RUNS+=("$file")
	done
}

# host_after_runs: the subtests made from what the VMs left once every run
# has ended: linux-driver, from the traces of host-vfio's and host-dma-*'s boots.
host_after_runs() {
	[[ ${FAULTLINE_HOST_TESTS:-on} != off ]] || return 0
	[[ " ${HOST_CONFIGS[*]} " =~ \ host-(vfio|vfio-aw39|dma-[a-z]+)\  ]] || return 0
	drv_suite "$HOST_TRACE" "$HOST_KERNEL" "0-$(host_ram_last)"
}
