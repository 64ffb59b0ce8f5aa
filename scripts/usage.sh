# shellcheck shell=bash
# ./run.sh --help: what each mode and option does (run.sh's usage).

usage() {
	cat <<'EOF'
usage: ./run.sh [all|guest|host|fuzz] [options]

  all            the guest suite, then the host tests (default)
  guest          the guest suite: build/guest/faultline.flat under QEMU, once
                 per device variant (scripts/variants.conf), each a TAP subtest
  host           the host tests
  fuzz           only the random request sequences in lockstep with the
                 reference model (guest-driver/fuzz), for longer than the
                 default budget: --seed N (default 1), --steps M (default
                 192, the default budget's, with longer shrinking) or
                 --time S (seconds), --dma D (edu DMA steps per sequence
                 of 12; default 2, each 100 ms of edu time)

options:
  --qemu PATH        QEMU binary, i.e. the device implementation under test
                     (default: qemu-system-x86_64 from PATH)
  --qemu-release R   the QEMU of Debian release R (7.2, 10.0, 11.1; a comma
                     list, or all: one run per release, --out DIR/qemu-R),
                     fetched once by scripts/qemu-release.sh into
                     ~/.cache/faultline/qemu/ without touching the host's apt
  --arch A           the guest's architecture: x86_64 (default; q35, variants in
                     scripts/variants.conf), aarch64 (virt under TCG, Debian's
                     cross compiler and qemu-system-arm; build/guest-aarch64/,
                     scripts/variants-aarch64.conf) or all (one run each,
                     --out DIR/arch-A, and DIR gets an arch/variant matrix)
  --accel MODE       auto (default: KVM if a 2 s probe boot works, else TCG),
                     kvm (error if it does not work), tcg, or nested-kvm
                     (guest mode only: QEMU with -accel kvm inside a Linux
                     VM under TCG with an SVM CPU, Debian's kernel;
                     scripts/nested.sh; a boot's limit is 20 times
                     --timeout plus 60 s)
  --firmware F       the x86 guest's firmware: auto (default: qboot when the
                     QEMU's data directories, "QEMU -L help", have qboot.rom;
                     else QEMU's default), qboot (error without it) or seabios
                     (QEMU's default).  The guest assigns its PCI BARs itself,
                     so both give the same verdicts; qboot boots faster.  The
                     stream's "# firmware:" line says which ran
  --variant NAME     run only device variant NAME (repeatable, or a comma
                     list; default: every variant, in the file's order)
  --filter PATTERN   run only the tests whose name or statement ID matches
                     PATTERN (a glob if it has * or ?, else a substring;
                     =NAME: that test alone), in every variant
  --list             print the fetchable QEMU releases ("release R ..."),
                     the variants ("variant NAME [OPTIONS]") and the
                     guest's test list ("INDEX NAME [IDs]"), and exit
  --out DIR          also write DIR/results.tap and each boot's console,
                     DIR/console-<variant>-<boot>.log, DIR/boots.tsv (each
                     boot's wall time, status and first and last test),
                     DIR/timings.tsv (the run's wall time by phase, also
                     on stderr at the end) and, from them, DIR/junit.xml,
                     DIR/report.md and DIR/report.html
                     (scripts/report-files.sh DIR remakes them);
                     then copies the catalog, expectations/ and revision.txt
                     in and writes DIR/MANIFEST.sha256, every file's SHA-256.
                     DIR holds one run: an earlier run's files are removed
                     once the setup has worked (--list writes nothing
                     there); a file no run writes, at any depth, stops the
                     run first (status 2)
  --timeout S        seconds one VM may run before it counts as hung (default 60)
  -j N, --jobs N     run up to N subtests (variants, host VMs: each its own VM)
                     at once (default: the number of CPUs, one more when
                     host VMs run: they idle in real-time waits); the report
                     keeps their order
  --icount SHIFT     under TCG, run the guest suite's VMs in virtual time:
                     -icount shift=SHIFT,sleep=off (default 4; "off": real
                     time), so that waiting for a device timer costs no time
  --kernel-src SERIES
                     build the host tests' kernel (tinyconfig plus
                     vm-images/kernel.config) from Debian's linux-source-SERIES:
                     7.2 (default, from sid) or 6.12 (this host's suite);
                     KERNEL_SRC=DIR builds from that tree instead
  --kernel PATH      boot this bzImage in the host tests' VMs instead of the one
                     built from vm-images/kernel.config;
                     a PATH of <root>/boot/vmlinuz-<v> brings its modules from
                     <root>/lib/modules/<v>.  "--kernel debian": Debian's own
                     linux-image-6.12-amd64, fetched and unpacked in the cache
                     (the tests then build against linux-source-6.12)
  --compare DIR1 DIR2
                     compare two --out directories instead of running: new
                     failures, fixed ones, changed verdicts, statements newly
                     covered; exit 1 when DIR2 has a failure DIR1 did not
  --verify DIR       check an --out directory instead of running: every
                     digest in DIR/MANIFEST.sha256, and that the report files
                     follow from DIR/results.tap; lists each difference,
                     exit 1 when there is one
  --bench            measure where a run's time goes instead of running
                     (scripts/bench.sh: three runs, min and median; make bench)
  --help             this text

The merged TAP stream goes to stdout; the last line counts the results.
Exit status: 0 nothing failed, 1 something failed, 2 usage or setup error.
Missing packages are installed with apt-get when root; otherwise the exact
install command is printed.

developer options (environment):
  FAULTLINE_GUEST_IMAGE=FILE  boot FILE instead of building and booting
                              build/guest/faultline.flat, e.g.
                              build/guest/selftest.flat to test this runner
  FAULTLINE_VARIANTS=FILE     read the device variants from FILE instead
                              of scripts/variants.conf
  FAULTLINE_HOST_CONFIGS=LIST boot only these host-test VMs (space-separated:
                              host-tests host-vfio host-vfio-vtd
                              host-dma-strict host-dma-passthrough
                              host-vfio-quirks)
  FAULTLINE_KVM_DEV=FILE      the KVM device that "auto" checks (/dev/kvm)
  FAULTLINE_JOBS=N            -j's default (-j N itself wins): make check
                              runs two chains of runs at once and keeps each
                              to the CPUs
  FAULTLINE_STALL=S           stop a guest-suite boot that prints no line
                              for S seconds, and boot it again once if no
                              check had printed (0: never; default 0, and
                              120 under --accel nested-kvm)
  FAULTLINE_VMRUN=FILE        run each VM under FILE, a vmrun built already
                              (runner/vmrun.c), instead of making one
  XDG_CACHE_HOME              the KVM probe's outcome is cached in
                              ${XDG_CACHE_HOME:-~/.cache}/faultline/, per QEMU
                              binary and host boot, and QEMU's answers about
                              itself (-L help, -device NAME,help, --version)
                              in .../faultline/qemu-facts/, per binary
EOF
}
