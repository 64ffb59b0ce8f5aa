#!/usr/bin/env bash
# The background job a run starts for the host tests (scripts/hostvm.sh,
# host_prefetch_job): on a machine without the test kernel it builds the
# kernel and, beside it, the host tests; with the kernel cached it does
# nothing (a warm run's guest suite has the CPUs to itself).  A fake ROOT
# whose vm-images/kernel.sh logs each call, and a host_make that logs its own.
# shellcheck source=check/runner/testlib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/testlib.sh"
# shellcheck source=scripts/hostvm.sh
source "$T_ROOT/scripts/hostvm.sh"

FAKE=$T_TMP/root
LOG=$T_TMP/calls

# fake_root CACHED SOURCE_STATUS: a kernel.sh whose build takes 0.4 s.
fake_root() {
	mkdir -p "$FAKE/vm-images"
	cat >"$FAKE/vm-images/kernel.sh" <<EOF
#!/usr/bin/env bash
case \$1 in
source) echo source >>"$LOG"; echo /trees/linux; exit $2 ;;
cached) echo cached >>"$LOG"; [ $1 = 1 ] && echo /k/bzImage && exit 0; exit 1 ;;
build) echo build-start >>"$LOG"; sleep 0.4; echo build-end >>"$LOG"; echo /k/bzImage ;;
esac
EOF
	chmod +x "$FAKE/vm-images/kernel.sh"
	: >"$LOG"
}

# host_make: logs its tree and its build directories.
host_make() {
	echo "make $1 $2 $3 $4" >>"$LOG"
}

calls() {
	paste -sd ' ' "$LOG"
}

test_cold() {
	local tag
	tag=$(host_tree_tag /trees/linux)
	fake_root 0 0
	host_prefetch_job "$FAKE"
	t_ok "no kernel yet: the kernel is built" grep -qx build-end "$LOG"
	# Whichever of the two starts first, make runs before the build ends.
	t_is "and the host tests are made beside it, not after it" "$(grep -v build-start "$LOG" | paste -sd ' ')" \
		"source cached make /trees/linux initramfs HB=$FAKE/build/host-tests/$tag VB=$FAKE/build/vm-images/$tag build-end"
}

test_warm() {
	fake_root 1 0
	host_prefetch_job "$FAKE"
	t_is "the kernel cached: nothing built in the background" "$(calls)" "source cached"
}

test_no_source() {
	fake_root 0 2
	host_prefetch_job "$FAKE"
	t_is "no kernel tree: nothing more (host_kernel says why)" "$(calls)" "source"
}

test_cold
test_warm
test_no_source
t_done
