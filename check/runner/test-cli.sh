#!/usr/bin/env bash
# run.sh's command line, setup errors (exit 2), the host mode, dependency
# handling and the cleanup of a VM when the run is stopped.
# shellcheck source=check/runner/testlib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/testlib.sh"

# run_cli [ARGS...]: run.sh with the fake image; sets R_STATUS R_OUT R_ERR.
run_cli() {
	R_OUT=$T_TMP/cli.stdout
	R_ERR=$T_TMP/cli.stderr
	R_STATUS=0
	FAULTLINE_GUEST_IMAGE=${FAULTLINE_GUEST_IMAGE-$T_IMAGE} XDG_CACHE_HOME=$T_TMP/cache \
		"$T_ROOT/run.sh" "$@" >"$R_OUT" 2>"$R_ERR" || R_STATUS=$?
}

# usage_fails DESC ARGS...: ARGS are refused with status 2 and a message.
usage_fails() {
	local desc=$1
	shift
	run_cli "$@"
	t_is "usage error ($desc): exit 2" "$R_STATUS" 2
	t_ok "usage error ($desc): message on stderr" test -s "$R_ERR"
}

test_usage() {
	run_cli --help
	t_is "--help: exit 0" "$R_STATUS" 0
	t_ok "--help: documents FAULTLINE_GUEST_IMAGE" grep -q FAULTLINE_GUEST_IMAGE "$R_OUT"
	t_ok "--help: documents --variant" grep -q -- '--variant NAME' "$R_OUT"
	t_ok "--help: documents FAULTLINE_VARIANTS" grep -q FAULTLINE_VARIANTS "$R_OUT"
	t_ok "--help: documents --kernel-src" grep -q -- '--kernel-src SERIES' "$R_OUT"
	usage_fails "unknown option" --frobnicate
	usage_fails "unknown mode" everything
	usage_fails "two modes" guest host
	usage_fails "bad accel" --accel hvf
	usage_fails "zero timeout" --timeout 0
	usage_fails "timeout not a number" --timeout soon
	usage_fails "missing value" --timeout
	usage_fails "filter with a space" --filter 'a b'
	usage_fails "kernel-src not a series" host --kernel-src linux-7.2
	usage_fails "kernel-src missing value" host --kernel-src
	usage_fails "missing qemu" guest --accel tcg --qemu "$T_TMP/no-such-qemu"
	FAULTLINE_GUEST_IMAGE=$T_TMP/no-such.flat usage_fails "missing image" guest --accel tcg \
		--qemu "$T_DIR/fake-qemu-pass.sh"
}

test_host() {
	run_cli host --out "$T_TMP/host-out"
	t_is "host: exit status" "$R_STATUS" 0
	t_is "host: one skipped check" "$(sed '$d' "$R_OUT")" \
		$'TAP version 13\nok 1 - host-tests # SKIP FAULTLINE_HOST_TESTS=off\n1..1'
	t_ok "host: count line" grep -Eq '^0 passed, 0 failed, 1 skipped \(0 warnings, 0 info\) in [0-9.]+ s$' "$R_OUT"
	t_is "host: results.tap" "$(cat "$T_TMP/host-out/results.tap")" \
		$'TAP version 13\nok 1 - host-tests # SKIP FAULTLINE_HOST_TESTS=off\n1..1'
}

test_equals_options() {
	run_cli guest --accel=tcg --qemu="$T_DIR/fake-qemu-pass.sh" --timeout=5
	t_is "--opt=value forms: exit status" "$R_STATUS" 0
}

test_deps() {
	local bin=$T_TMP/bin out status=0
	# A PATH with everything but cc and objcopy.
	mkdir -p "$bin"
	ln -s "$(command -v make)" "$bin/make"
	ln -s "$(command -v ld)" "$bin/ld"
	out=$(
		PATH=$bin
		# shellcheck source=scripts/deps.sh
		source "$T_ROOT/scripts/deps.sh"
		deps_is_root() { return 1; }
		deps_ensure cc make ld objcopy 2>&1
	) || status=$?
	t_is "deps, not root: exit 2" "$status" 2
	t_is "deps, not root: the exact install line" "$(printf '%s\n' "$out" | tail -n 1)" \
		"  sudo apt-get install -y --no-install-recommends gcc binutils"
	status=0
	out=$(
		PATH=$bin
		# shellcheck source=scripts/deps.sh
		source "$T_ROOT/scripts/deps.sh"
		deps_is_root() { return 1; }
		deps_pkgs_missing() { DEPS_MISSING=(busybox-static); }
		deps_ensure_all "cc make" "busybox-static" 2>&1
	) || status=$?
	t_is "deps for guest and host, not root: exit 2" "$status" 2
	t_is "deps for guest and host: one install line for commands and packages" \
		"$(printf '%s\n' "$out" | tail -n 1)" \
		"  sudo apt-get install -y --no-install-recommends gcc busybox-static"
	out=$(
		# shellcheck source=scripts/deps.sh
		source "$T_ROOT/scripts/deps.sh"
		deps_missing qemu-system-x86_64 no-such-cmd-a 2>/dev/null || printf 'unknown\n'
	)
	t_is "deps: an unknown command is an error" "$out" unknown
	out=$(
		PATH=$bin
		# shellcheck source=scripts/deps.sh
		source "$T_ROOT/scripts/deps.sh"
		deps_missing cc gcc ld objcopy make qemu-system-x86_64
		printf '%s\n' "${DEPS_MISSING[*]}"
	)
	t_is "deps: packages named once each" "$out" "gcc binutils qemu-system-x86"
	t_ok "deps.sh check: nothing missing here" "$T_ROOT/scripts/deps.sh" check
}

test_build_failure() {
	local status=0
	mkdir -p "$T_TMP/broken"
	printf 'guest:\n\t@echo "broken: no compiler" >&2; exit 1\n' >"$T_TMP/broken/Makefile"
	(
		# shellcheck source=scripts/util.sh
		source "$T_ROOT/scripts/util.sh"
		# shellcheck source=scripts/build.sh
		source "$T_ROOT/scripts/build.sh"
		build_guest "$T_TMP/broken" guest
	) 2>"$T_TMP/build.err" || status=$?
	t_is "build failure: status 2" "$status" 2
	t_ok "build failure: said clearly" grep -q 'build failed: make -s guest' "$T_TMP/build.err"
}

# A stopped run must not leave its VM behind.
test_sigterm() {
	local pid fake_pid args=$T_TMP/term.args status=0
	: >"$args"
	FAULTLINE_GUEST_IMAGE=$T_IMAGE FAKE_ARGS_LOG=$args "$T_ROOT/run.sh" guest --accel tcg \
		--qemu "$T_DIR/fake-qemu-hang.sh" --timeout 30 >"$T_TMP/term.out" 2>&1 &
	pid=$!
	# Wait until the guest hangs in test 2.
	for _ in $(seq 50); do
		grep -qs 'before the hang' "$T_TMP/term.out" && break
		sleep 0.1
	done
	fake_pid=$(pgrep -f -n -- "fake-qemu-hang.sh -machine") || fake_pid=
	kill -TERM "$pid"
	wait "$pid" || status=$?
	t_is "SIGTERM: run.sh exits 143" "$status" 143
	t_ok "SIGTERM: the fake QEMU was running" test -n "$fake_pid"
	sleep 0.3
	t_ok "SIGTERM: the fake QEMU is gone" test ! -e "/proc/${fake_pid:-0}"
}

test_usage
test_host
test_equals_options
test_deps
test_build_failure
test_sigterm
t_done
