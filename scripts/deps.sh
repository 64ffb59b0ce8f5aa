#!/usr/bin/env bash
# The commands the suite needs, and installing the Debian packages that are
# missing.  Sourced by run.sh; also runnable on its own, for .ci/run:
#   scripts/deps.sh install         install what is missing (root) or say how (exit 2)
#   scripts/deps.sh install-check   the same, plus what "make check" needs
#   scripts/deps.sh check           exit 2 and print the install line if anything is missing

# What building the guest needs (cc: the Makefile's CC default).
DEPS_BUILD_CMDS=(cc make ld objcopy)
# What running it needs; timeout and sha256sum bound every VM and key the accel cache.
DEPS_RUN_CMDS=(qemu-system-x86_64 timeout sha256sum)
# What "make check" needs on top (check/shellcheck.sh lists files with git;
# check/report.sh validates junit.xml with xmllint and renders report.html in
# headless Chromium; check/kselftest.sh reads the kselftest output with prove).
DEPS_CHECK_CMDS=(shellcheck git xmllint chromium prove)
# What building the test VM (vm-images/) and the host tests (host-tests/) needs
# on top of DEPS_BUILD_CMDS: the kernel build tools and the initramfs packer.
DEPS_HOST_CMDS=(gcc make flex bison bc cpio gzip xz tar)
# Packages that matter for their files, not a command: checked with dpkg.
# busybox-static (not busybox) because /init needs a static binary; libelf-dev
# for objtool; libc6-dev for static test programs.  linux-source-6.12 is
# only installed when a kernel tree is needed (vm-images/kernel.sh).
DEPS_HOST_PKGS=(busybox-static libelf-dev libc6-dev)
# What the aarch64 guest (--arch aarch64) needs: the cross tools and its QEMU.
DEPS_AARCH64_CMDS=(aarch64-linux-gnu-gcc aarch64-linux-gnu-ld aarch64-linux-gnu-objcopy qemu-system-aarch64)

# deps_package CMD: the Debian package that provides CMD.
deps_package() {
	case $1 in
	qemu-system-x86_64) printf 'qemu-system-x86\n' ;;
	qemu-system-aarch64) printf 'qemu-system-arm\n' ;;
	aarch64-linux-gnu-gcc) printf 'gcc-aarch64-linux-gnu\n' ;;
	aarch64-linux-gnu-ld | aarch64-linux-gnu-objcopy) printf 'binutils-aarch64-linux-gnu\n' ;;
	cc | gcc) printf 'gcc\n' ;;
	make) printf 'make\n' ;;
	ld | objcopy) printf 'binutils\n' ;;
	timeout | sha256sum) printf 'coreutils\n' ;;
	shellcheck) printf 'shellcheck\n' ;;
	git) printf 'git\n' ;;
	xmllint) printf 'libxml2-utils\n' ;;
	chromium) printf 'chromium\n' ;;
	prove) printf 'perl\n' ;;
	flex | bison | bc | cpio | gzip | tar) printf '%s\n' "$1" ;;
	xz) printf 'xz-utils\n' ;;
	*)
		printf 'deps: no package known for %s\n' "$1" >&2
		return 1
		;;
	esac
}

# deps_missing CMD...: sets DEPS_MISSING to the packages (each once) for the
# commands that are not on PATH.
deps_missing() {
	local cmd pkg
	DEPS_MISSING=()
	for cmd in "$@"; do
		if command -v "$cmd" >/dev/null 2>&1; then
			continue
		fi
		pkg=$(deps_package "$cmd") || return 1
		if [[ " ${DEPS_MISSING[*]} " != *" $pkg "* ]]; then
			DEPS_MISSING+=("$pkg")
		fi
	done
}

# deps_is_root: whether apt-get can be run directly (a function so that tests
# can pretend otherwise).
deps_is_root() {
	[[ $(id -u) -eq 0 ]]
}

# deps_ensure CMD...: makes sure every CMD exists, installing its package when
# root.  Returns 2 (setup error) with the exact command to run when it cannot.
deps_ensure() {
	deps_missing "$@"
	if ((${#DEPS_MISSING[@]} == 0)); then
		return 0
	fi
	deps_install_missing || return
	deps_missing "$@"
	if ((${#DEPS_MISSING[@]} != 0)); then
		printf 'error: still missing after install: %s\n' "${DEPS_MISSING[*]}" >&2
		return 2
	fi
}

# deps_pkgs_missing PKG...: sets DEPS_MISSING to the packages dpkg does not
# have installed.
deps_pkgs_missing() {
	local pkg status
	DEPS_MISSING=()
	for pkg in "$@"; do
		status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null) || status=
		if [[ $status != *' installed' ]]; then
			DEPS_MISSING+=("$pkg")
		fi
	done
}

# deps_ensure_pkgs PKG...: deps_ensure for packages named directly.
deps_ensure_pkgs() {
	deps_pkgs_missing "$@"
	if ((${#DEPS_MISSING[@]} == 0)); then
		return 0
	fi
	deps_install_missing || return
	deps_pkgs_missing "$@"
	if ((${#DEPS_MISSING[@]} != 0)); then
		printf 'error: still missing after install: %s\n' "${DEPS_MISSING[*]}" >&2
		return 2
	fi
}

# deps_ensure_all "CMD..." "PKG...": deps_ensure and deps_ensure_pkgs at once:
# one apt-get run for what both lack (each run pays an apt-get update).
deps_ensure_all() {
	local -a cmds pkgs lacking
	read -r -a cmds <<<"$1"
	read -r -a pkgs <<<"$2"
	deps_missing ${cmds[@]+"${cmds[@]}"} || return 2
	lacking=(${DEPS_MISSING[@]+"${DEPS_MISSING[@]}"})
	deps_pkgs_missing ${pkgs[@]+"${pkgs[@]}"}
	DEPS_MISSING=(${lacking[@]+"${lacking[@]}"} ${DEPS_MISSING[@]+"${DEPS_MISSING[@]}"})
	if ((${#DEPS_MISSING[@]} > 0)); then
		deps_install_missing || return
	fi
	deps_ensure ${cmds[@]+"${cmds[@]}"} && deps_ensure_pkgs ${pkgs[@]+"${pkgs[@]}"}
}

# deps_install_missing: installs DEPS_MISSING (root) or prints the command
# that would (returns 2).
deps_install_missing() {
	if ! deps_is_root; then
		printf 'error: missing packages: %s; install them with:\n' "${DEPS_MISSING[*]}" >&2
		printf '  sudo apt-get install -y --no-install-recommends %s\n' "${DEPS_MISSING[*]}" >&2
		return 2
	fi
	printf 'deps: installing %s\n' "${DEPS_MISSING[*]}" >&2
	# apt's progress goes to stderr: stdout is the TAP stream.
	if ! apt-get update >&2 ||
		! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
			"${DEPS_MISSING[@]}" >&2; then
		printf 'error: apt-get failed to install %s\n' "${DEPS_MISSING[*]}" >&2
		return 2
	fi
}

deps_main() {
	case ${1:-} in
	install)
		deps_ensure "${DEPS_BUILD_CMDS[@]}" "${DEPS_RUN_CMDS[@]}" "${DEPS_HOST_CMDS[@]}" &&
			deps_ensure_pkgs "${DEPS_HOST_PKGS[@]}"
		;;
	install-check)
		deps_ensure "${DEPS_BUILD_CMDS[@]}" "${DEPS_RUN_CMDS[@]}" "${DEPS_CHECK_CMDS[@]}" \
			"${DEPS_HOST_CMDS[@]}" && deps_ensure_pkgs "${DEPS_HOST_PKGS[@]}" || return
		# Without them make check skips its aarch64 steps and says why.
		deps_ensure "${DEPS_AARCH64_CMDS[@]}" ||
			printf 'deps: the aarch64 tools cannot be had: make check skips the aarch64 steps\n' >&2
		;;
	check)
		deps_missing "${DEPS_BUILD_CMDS[@]}" "${DEPS_RUN_CMDS[@]}"
		if ((${#DEPS_MISSING[@]} != 0)); then
			printf 'missing: sudo apt-get install -y --no-install-recommends %s\n' \
				"${DEPS_MISSING[*]}" >&2
			return 2
		fi
		;;
	*)
		printf 'usage: %s install|install-check|check\n' "$0" >&2
		return 2
		;;
	esac
}

# Run only when executed, not when sourced.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	set -euo pipefail
	deps_main "$@"
fi
